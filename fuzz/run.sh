#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 600), one after another, and
# keeps what they find under fuzz/artifacts/<target>/.
#
#   fuzz/run.sh            # 10 minutes per target
#   fuzz/run.sh 60 query   # one target for a minute
#
# cargo-fuzz needs nightly features; RUSTC_BOOTSTRAP lets the stable toolchain
# provide them.
set -euo pipefail
cd "$(dirname "$0")"
secs=${1:-600}
shift || true
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(cargo fuzz list)
fi
export RUSTC_BOOTSTRAP=1
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t" "artifacts/$t"
  # Seed the corpus from the repository's own samples.
  case "$t" in
    ingest_text|ingest_sniff|query) cp -n ../examples/news/*.txt "corpus/$t/" 2>/dev/null || true ;;
  esac
  echo "== $t for ${secs}s"
  cargo fuzz run "$t" "corpus/$t" -- -max_total_time="$secs" -max_len=65536 \
    -timeout=10 -rss_limit_mb=4096 -artifact_prefix="artifacts/$t/" 2>&1 | tail -n 5
done
