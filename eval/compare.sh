#!/usr/bin/env bash
# newsidx against its peers (Lucene, Xapian, SQLite FTS5) on the TIME test
# collection, in one run: the same documents (from `newsidx parse`), the same
# topics (from `newsidx eval --topics-out`), the same k and the same id mapping.
# Every run file is scored by `newsidx eval`, and cross-checked with ir-measures
# (pytrec_eval). Each peer's setup (install, index, query translation,
# analyzer) is in the top-level peers/ folder, shared with the latency
# benchmark (benches/peers/compare.py); this script runs
# `peers/ENGINE_peer.py run` for each peer.
#
# usage: eval/compare.sh [newsidx eval ranking flags...]
#   e.g. eval/compare.sh --title-boost 1 --paragraph-weight 0.5
# env:   COLLECTION (default ../shared/corpora/time beside the checkout),
#        K (default 1000), OUT (default target/eval),
#        PEERS (default "lucene xapian fts5": which peers to run),
#        NO_INSTALL=1 to skip the installs.
# newsidx is built with `cargo build --release` into $CARGO_TARGET_DIR
# (default target/).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
T=${COLLECTION:-$root/../shared/corpora/time}
K=${K:-1000}
OUT=${OUT:-$root/target/eval}
PEERS=${PEERS:-lucene xapian fts5}
peers=$root/peers
for f in "$T/TIME.ALL" "$T/TIME.QUE" "$T/TIME.REL"; do
    [ -f "$f" ] || { echo "eval/compare.sh: the TIME collection is missing: $f" >&2; exit 2; }
done
mkdir -p "$OUT"

[ "${NO_INSTALL:-}" = 1 ] || "$peers/install.sh" eval
(cd "$root" && cargo build --release --quiet)
nx=$(cd "$root" && cd "${CARGO_TARGET_DIR:-target}" && pwd)/release/newsidx
coll=(--topics "$T/TIME.QUE" --qrels "$T/TIME.REL" --id-map time -k "$K")

# The collection as newsidx reads it, for every engine.
"$nx" parse "$T/TIME.ALL" > "$OUT/docs.jsonl"
"$nx" -q eval --docs "$T/TIME.ALL" "${coll[@]}" --topics-out "$OUT/topics.tsv" \
    --qrels-out "$OUT/qrels.trec" --run "$OUT/newsidx.run" "$@" > /dev/null
python3 "$peers/docs_tsv.py" "$OUT/docs.tsv" "$OUT/docs.jsonl" 2> /dev/null

# The peers (the system python: Xapian's bindings load only there).
runs=()
for p in $PEERS; do
    /usr/bin/python3 -B "$peers/${p}_peer.py" run "$OUT/docs.tsv" "$OUT/topics.tsv" "$K" "$OUT/$p.run"
    runs+=("$OUT/$p.run")
done

# One table, one evaluator; then the independent check.
"$nx" -q eval --docs "$T/TIME.ALL" "${coll[@]}" "$@" --runs "${runs[@]}"
echo
python3 "$root/eval/crosscheck.py" "$OUT/qrels.trec" "$OUT/newsidx.run" "${runs[@]}"
