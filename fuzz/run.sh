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
  # Seed each corpus with real samples of its format: the repository's own, and
  # slices of the shared corpora when they are beside the checkout.
  shared=../../shared/corpora
  case "$t" in
    ingest_text|ingest_sniff|ingest_markdown) cp -n ../examples/news/*.txt "corpus/$t/" 2>/dev/null || true ;;
    query) grep -v '^#' ../benches/queries/reuters.txt | head -40 | split -l 1 - "corpus/$t/q-" || true ;;
    ingest_sgml)
      [ -f "$shared/reuters21578/reuters21578.tar.gz" ] &&
        tar -xzOf "$shared/reuters21578/reuters21578.tar.gz" reut2-000.sgm 2>/dev/null |
        head -c 20000 >"corpus/$t/reut2-000-head.sgm" || true ;;
    ingest_smart)
      [ -f "$shared/time/TIME.ALL" ] && head -c 20000 "$shared/time/TIME.ALL" >"corpus/$t/time-head" || true ;;
    ingest_json|ingest_jsonl)
      printf '%s\n' '{"title":"Tariffs rise","date":"2019-05-10","author":"Bob Davis","text":"The U.S. raised tariffs.\n\nChina said it would respond."}' \
        '{"headline":"Soybeans","published":"May 21, 2018","body":["China bought soybeans."]}' >"corpus/$t/two.jsonl" ;;
    ingest_html)
      printf '%s' '<html><head><title>Trade talks</title><meta property="og:title" content="Trade talks resume"><script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2019-06-29","author":{"name":"Lingling Wei"}}</script></head><body><nav>Home</nav><article><h1>Trade talks resume</h1><p>OSAKA, Japan -- Trump and Xi agreed.</p><p>Tariffs stay.</p></article><footer>(c)</footer></body></html>' >"corpus/$t/article.html" ;;
  esac
  # Inputs that once crashed a target run first (the second corpus folder is
  # only read).
  dirs=("corpus/$t")
  [ -d "regressions/$t" ] && dirs+=("regressions/$t")
  echo "== $t for ${secs}s"
  # A crash ends this target's run (its input is in artifacts/$t/), not the
  # other targets'.
  if cargo fuzz run "$t" "${dirs[@]}" -- -max_total_time="$secs" -max_len=65536 \
    -timeout=10 -rss_limit_mb=4096 -artifact_prefix="artifacts/$t/" >"artifacts/$t.log" 2>&1; then
    tail -n 3 "artifacts/$t.log"
  else
    echo "!! $t failed: see fuzz/artifacts/$t.log and fuzz/artifacts/$t/"
    grep -m1 -A3 "panicked\|ERROR:" "artifacts/$t.log" || true
    failed=1
  fi
done
exit "${failed:-0}"
