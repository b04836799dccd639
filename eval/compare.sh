#!/usr/bin/env bash
# newsidx against its peers (Lucene, Xapian, SQLite FTS5) on the TIME test
# collection, in one run: the same documents (from `newsidx parse`), the same
# topics (from `newsidx eval --topics-out`), the same k and the same id mapping.
# Every run file is scored by `newsidx eval`, and cross-checked with ir-measures
# (pytrec_eval).
#
# usage: eval/compare.sh [newsidx eval ranking flags...]
#   e.g. eval/compare.sh --title-boost 1 --paragraph-weight 0.5
# env:   COLLECTION (default /work/shared/corpora/time), K (default 1000),
#        OUT (default target/eval), NO_INSTALL=1 to skip the installs.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
T=${COLLECTION:-/work/shared/corpora/time}
K=${K:-1000}
OUT=${OUT:-$root/target/eval}
peers=$root/eval/peers
mkdir -p "$OUT"

[ "${NO_INSTALL:-}" = 1 ] || "$peers/install.sh"
(cd "$root" && cargo build --release --quiet)
nx=$root/target/release/newsidx
coll=(--topics "$T/TIME.QUE" --qrels "$T/TIME.REL" --id-map time -k "$K")

# The collection as newsidx reads it, for every engine.
"$nx" parse "$T/TIME.ALL" > "$OUT/docs.jsonl"
"$nx" -q eval --docs "$T/TIME.ALL" "${coll[@]}" --topics-out "$OUT/topics.tsv" \
    --qrels-out "$OUT/qrels.trec" --run "$OUT/newsidx.run" "$@" > /dev/null
python3 "$peers/docs_tsv.py" "$OUT/docs.jsonl" "$OUT/docs.tsv"

# The peers.
cp=$(ls /usr/share/java/lucene-{core,analyzers-common,queryparser}-8*.jar | tr '\n' ':')
javac -nowarn -d "$OUT/lucene" -cp "$cp" "$peers/lucene/LuceneRun.java"
java -cp "$OUT/lucene:$cp" LuceneRun "$OUT/docs.tsv" "$OUT/topics.tsv" "$K" "$OUT/lucene.run"
/usr/bin/python3 "$peers/xapian_peer.py" "$OUT/docs.jsonl" "$OUT/topics.tsv" "$K" "$OUT/xapian.run"
python3 "$peers/fts5_peer.py" "$OUT/docs.jsonl" "$OUT/topics.tsv" "$K" "$OUT/fts5.run"

# One table, one evaluator; then the independent check.
"$nx" -q eval --docs "$T/TIME.ALL" "${coll[@]}" "$@" \
    --runs "$OUT/lucene.run" "$OUT/xapian.run" "$OUT/fts5.run"
echo
python3 "$root/eval/crosscheck.py" "$OUT/qrels.trec" \
    "$OUT/newsidx.run" "$OUT/lucene.run" "$OUT/xapian.run" "$OUT/fts5.run"
