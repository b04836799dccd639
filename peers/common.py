"""What every peer engine shares, for the latency benchmark
(`benches/peers/compare.py`) and the relevance runs (`eval/compare.sh`) alike:
the documents, the queries, the run files, the timing, and the command line
each peer script answers to.

This module owns the formats that cross between newsidx and the peers; it must
not know any engine (each engine's setup lives in its own `*_peer.py`).

Documents are `id<TAB>title<TAB>body` lines (`write_docs_tsv`), written once
from the JSON lines `newsidx parse` prints (or gen_corpus writes), so every
engine indexes the same text under the same ids (for SMART collections, the
1-based position of the document in the file) and no peer pays for JSON parsing
in its build time. Whitespace is folded to single spaces; a derived title is
left out. Queries are the lines of a query file, `#` comments and blank lines
skipped; topics are `qid<TAB>text` lines (`newsidx eval --topics-out`).

Every peer script takes the same two commands:

    PEER bench DOCS.tsv QUERIES INDEX [-k 10] [--warmup 2] [--rounds 10]
        builds INDEX with title and body as two fields, times --rounds passes
        over the queries after --warmup passes, ranking only and with
        passages, and prints one JSON line.
    PEER run DOCS.tsv TOPICS.tsv K OUT.run
        builds an index in memory with title and body as one field (title
        first) and writes the top K of every topic as a TREC run file.
"""

import argparse
import glob
import json
import os
import re
import time


# # Documents


def doc_fields(article):
    """(id, title, body) of one `newsidx parse` article, whitespace folded."""
    body = " ".join(" ".join(p["text"] for p in article.get("paragraphs", [])).split())
    title = "" if article.get("title_derived") else " ".join(article.get("title", "").split())
    return article.get("external_id") or article["id"], title, body


def jsonl_files(paths):
    """The JSON-lines files named, a folder standing for its `*.jsonl` files."""
    out = []
    for p in paths:
        out += sorted(glob.glob(os.path.join(p, "*.jsonl"))) if os.path.isdir(p) else [p]
    return out


def write_docs_tsv(paths, out_path):
    """Writes the articles of the JSON-lines files (or folders of them) as a
    docs TSV; returns how many."""
    n = 0
    with open(out_path, "w", encoding="utf-8") as out:
        for path in jsonl_files(paths):
            with open(path, encoding="utf-8") as f:
                for line in f:
                    if line.strip():
                        out.write("\t".join(doc_fields(json.loads(line))) + "\n")
                        n += 1
    return n


def iter_docs(path):
    """(id, title, body) triples from a docs TSV file."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t", 2)
            if len(parts) == 3:
                yield parts[0], parts[1], parts[2]


def one_field(title, body):
    """Title and body as the one field of a relevance run: the title first."""
    return title + " " + body if title else body


# # Queries and runs


def load_queries(path):
    """The queries of a query file: one a line, `#` comments and blanks skipped."""
    with open(path, encoding="utf-8") as f:
        return [l.strip() for l in f if l.strip() and not l.lstrip().startswith("#")]


def load_topics(path):
    """(qid, text) pairs from a `qid<TAB>text` file."""
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line:
                qid, text = line.split("\t", 1)
                out.append((qid, text))
    return out


def split_query(text):
    """The query as (is_phrase, [words]) parts: double-quoted spans stay
    phrases, everything else is single words."""
    parts = []
    for phrase, word in re.findall(r'"([^"]*)"|(\w+)', text):
        words = re.findall(r"\w+", phrase) if phrase else [word]
        if words:
            parts.append((bool(phrase), words))
    return parts


def write_run(f, qid, ranking, tag):
    """Writes `qid Q0 docid rank score tag` lines with strictly decreasing
    scores, as newsidx's run writer does, so that evaluators (which order by
    score, ties by docid) see each engine's ranking as the engine gave it."""
    prev = float("inf")
    for i, (doc, score) in enumerate(ranking):
        s = score if score < prev - 1e-4 else prev - 1e-4
        prev = s
        f.write(f"{qid} Q0 {doc} {i + 1} {s:.6f} {tag}\n")


# # Timing


def percentiles(times_s):
    """p50 and p95 by nearest rank, in microseconds, as `newsidx bench`."""
    t = sorted(times_s)

    def pct(p):
        rank = max(1, min(len(t), -(-len(t) * p // 100)))
        return t[rank - 1] * 1e6

    return {"p50_us": pct(50), "p95_us": pct(95), "searches": len(t)}


def time_queries(run, queries, warmup, rounds):
    """Runs `run(q)` over the queries `warmup` times, then times `rounds`
    passes, one measurement per call."""
    for _ in range(warmup):
        for q in queries:
            run(q)
    times = []
    for _ in range(rounds):
        for q in queries:
            t = time.perf_counter()
            run(q)
            times.append(time.perf_counter() - t)
    return percentiles(times)


def dir_size(path):
    """Bytes of a file, or of every file below a folder."""
    if os.path.isfile(path):
        return os.path.getsize(path)
    total = 0
    for root, _, files in os.walk(path):
        for f in files:
            total += os.path.getsize(os.path.join(root, f))
    return total


# # The command line


def main(bench, run, add_options=None):
    """Parses a peer script's command line and calls `bench(args)` or
    `run(args)`. `add_options(parser)` adds engine-specific bench options."""
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)
    b = sub.add_parser("bench", help="build an index on disk and time the queries")
    b.add_argument("docs")
    b.add_argument("queries")
    b.add_argument("index")
    b.add_argument("-k", type=int, default=10)
    b.add_argument("--warmup", type=int, default=2, help="untimed passes over the queries")
    b.add_argument("--rounds", type=int, default=10, help="timed passes over the queries")
    if add_options:
        add_options(b)
    r = sub.add_parser("run", help="write a TREC run of the topics")
    r.add_argument("docs")
    r.add_argument("topics")
    r.add_argument("k", type=int)
    r.add_argument("out")
    args = ap.parse_args()
    (bench if args.command == "bench" else run)(args)


def main_python(engine):
    """`main` for an engine driven from Python: a class built as
    `engine(path, two_fields)` (path None: in memory) with `add(docs)` (the
    count), `query(text)` (the engine's query, None for nothing to search),
    `search(query, k, snippets)` ((docid, score) pairs, or (docid, snippet)),
    `index_bytes()`, `name` and `version`."""

    def bench(args):
        start = time.perf_counter()
        e = engine(args.index, True)
        n = e.add(iter_docs(args.docs))
        build_s = time.perf_counter() - start
        queries = [q for q in load_queries(args.queries) if e.query(q) is not None]

        def timed(snippets):
            return time_queries(lambda q: e.search(e.query(q), args.k, snippets),
                                queries, args.warmup, args.rounds)

        print(json.dumps({
            "engine": e.name,
            "version": e.version,
            "articles": n,
            "build_s": build_s,
            "index_bytes": e.index_bytes(),
            "queries": len(queries),
            "latency": {"ranking": timed(False), "snippets": timed(True)},
        }), flush=True)

    def run(args):
        e = engine(None, False)
        e.add(iter_docs(args.docs))
        with open(args.out, "w") as out:
            for qid, text in load_topics(args.topics):
                q = e.query(text)
                if q is not None:
                    write_run(out, qid, e.search(q, args.k, False), e.name)

    main(bench, run)
