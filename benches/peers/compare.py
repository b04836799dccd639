#!/usr/bin/env python3
"""newsidx against its peers, on one corpus, in one run: query latency (in
process, top k with and without passages), `newsidx query` end to end against
ripgrep over the raw files, index build time, throughput, size and peak memory.

usage: benches/peers/compare.py [--corpus reuters | --corpus DIR_OF_JSONL] [options]

    benches/peers/compare.py                       # Reuters-21578, every engine
    benches/peers/compare.py --corpus /tmp/gen1m --queries benches/queries/generated.txt \\
        --engines newsidx,tantivy,lucene,rg --e2e-runs 3 --e2e-every 4

Every engine indexes the same articles (the JSON lines `newsidx parse` prints,
or gen_corpus writes; the peers read them as `id<TAB>title<TAB>body`), runs the
same queries with the same k, warm-up first, then `--rounds` measured passes,
one engine after the other. The table goes to stdout, and results.json and
results.md to the work folder (default target/bench/CORPUS).

Each peer's setup (install, index, query translation, analyzer) is in the
top-level `peers/` folder, shared with the relevance runs of `eval/compare.sh`;
this script runs `peers/ENGINE_peer.py bench` for each peer. The newsidx binary
and `examples/raw_tantivy` are taken from `$CARGO_TARGET_DIR` (default
`target/`) after a `cargo build --release`.
"""

import argparse
import glob
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PEERS = os.path.join(ROOT, "peers")
sys.path.insert(0, PEERS)
import common  # noqa: E402 (peers/common.py, found through the line above)

REUTERS = os.path.join(ROOT, "..", "shared", "corpora", "reuters21578", "reuters21578.tar.gz")
# cargo resolves a relative CARGO_TARGET_DIR from where it runs: ROOT.
TARGET = os.path.join(ROOT, os.environ.get("CARGO_TARGET_DIR") or "target", "release")
NEWSIDX = os.path.join(TARGET, "newsidx")
RAW_TANTIVY = os.path.join(TARGET, "examples", "raw_tantivy")
ALL = ["newsidx", "tantivy", "lucene", "xapian", "fts5", "rg"]


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def run(cmd, **kw):
    log("$ " + " ".join(cmd))
    return subprocess.run(cmd, check=True, **kw)


def timed(cmd, work, name, **kw):
    """Runs cmd under /usr/bin/time -v; returns (stdout, wall seconds, peak RSS MB)."""
    tfile = os.path.join(work, name + ".time")
    start = time.perf_counter()
    p = run(["/usr/bin/time", "-v", "-o", tfile] + cmd, stdout=subprocess.PIPE, text=True, **kw)
    wall = time.perf_counter() - start
    with open(tfile) as f:
        rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", f.read()).group(1))
    return p.stdout, wall, rss / 1024


def last_json(text):
    """The JSON document a tool printed: the whole output, or its last line."""
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return json.loads([l for l in text.splitlines() if l.startswith("{")][-1])


def prepare(args, work):
    """The corpus as JSON lines (for newsidx and tantivy), as a TSV (for the
    peers), and the raw files (for ripgrep)."""
    jsonl = os.path.join(work, "jsonl")
    if args.corpus == "reuters":
        if not os.path.isfile(REUTERS):
            sys.exit(f"compare.py: the Reuters-21578 corpus is missing: {REUTERS}")
        raw = tempfile.mkdtemp(prefix="newsidx-reuters-")
        with tarfile.open(REUTERS) as t:
            t.extractall(raw, filter="data") if hasattr(tarfile, "data_filter") else t.extractall(raw)
        sgm = sorted(glob.glob(os.path.join(raw, "**", "*.sgm"), recursive=True))
        raw_files = sgm
        shutil.rmtree(jsonl, ignore_errors=True)
        os.makedirs(jsonl)
        # 1,000 articles a file, as gen_corpus writes: newsidx parses files in
        # parallel, one file a task.
        out = subprocess.run([NEWSIDX, "parse"] + sgm, check=True, stdout=subprocess.PIPE,
                             text=True).stdout.splitlines()
        for i in range(0, len(out), 1000):
            with open(os.path.join(jsonl, f"reuters-{i // 1000:03}.jsonl"), "w") as f:
                f.write("\n".join(out[i:i + 1000]) + "\n")
    else:
        raw = None
        jsonl = os.path.abspath(args.corpus)
        raw_files = sorted(glob.glob(os.path.join(jsonl, "*.jsonl")))
    tsv = os.path.join(work, "docs.tsv")
    n = common.write_docs_tsv([jsonl], tsv)
    input_bytes = sum(os.path.getsize(p) for p in glob.glob(os.path.join(jsonl, "*.jsonl")))
    return jsonl, tsv, raw_files, raw, n, input_bytes


def bench_newsidx(args, work, jsonl):
    idx = args.newsidx_index or os.path.join(work, "newsidx.idx")
    res = {"engine": "newsidx"}
    if not args.newsidx_index:
        shutil.rmtree(idx, ignore_errors=True)
        out, wall, rss = timed([NEWSIDX, "-q", "-i", idx, "index", "--rebuild", "--json",
                                "--memory", str(args.memory), jsonl], work, "newsidx-index")
        rep = last_json(out)
        res.update(build_s=rep["elapsed"], build_wall_s=wall, build_rss_mb=rss,
                   articles=rep["articles"], input_bytes=rep["bytes"])
    out, _, rss = timed([NEWSIDX, "-i", idx, "bench", "--json", "--queries", args.queries,
                         "--rounds", str(args.rounds), "--warmup", str(args.warmup)],
                        work, "newsidx-bench")
    rep = json.loads(out)
    res.update(index_bytes=rep["index_bytes"], query_rss_mb=rss, queries=rep["queries"],
               failed_queries=rep["failed_queries"], latency={
                   "ranking": rep["ranking"], "snippets": rep["full"]})
    res["index"] = idx
    return res


def bench_tantivy(args, work, jsonl):
    out, wall, rss = timed([RAW_TANTIVY, "--index", os.path.join(work, "tantivy.idx"),
                            "--queries", args.queries, "--memory", str(args.memory),
                            "--rounds", str(args.rounds), "--warmup", str(args.warmup),
                            "-k", str(args.k), jsonl], work, "tantivy")
    res = last_json(out)
    res["rss_mb"] = rss
    return res


def bench_peer(args, work, tsv, engine):
    """`peers/ENGINE_peer.py bench` (the system python: Xapian's bindings load
    only there). Peak RSS is the largest of the driver's processes: the JVM,
    for Lucene."""
    cmd = ["/usr/bin/python3", "-B", os.path.join(PEERS, f"{engine}_peer.py"), "bench", tsv,
           args.queries, os.path.join(work, f"{engine}.idx"), "-k", str(args.k),
           "--warmup", str(args.warmup), "--rounds", str(args.rounds)]
    if engine == "lucene":
        cmd += ["--jvm-warmup", str(args.lucene_warmup), "--java-heap", args.java_heap]
    out, _, rss = timed(cmd, work, engine)
    res = last_json(out)
    res["rss_mb"] = rss
    return res


def rg_args(query):
    """What a user without an index runs: each word, or each quoted phrase, as a
    case-insensitive literal, any of them (an OR, like the engines' default)."""
    pats = []
    for phrase, word in re.findall(r'"([^"]*)"|(\S+)', query):
        p = phrase or word.strip("()")
        if p and p.upper() not in ("AND", "OR", "NOT"):
            pats += ["-e", p]
    return ["rg", "-i", "-F", "--no-messages"] + pats


def bench_e2e(args, work, idx, raw_files):
    """`newsidx query` and ripgrep, process start to last byte, per query, with
    hyperfine (no shell; output discarded)."""
    queries = common.load_queries(args.queries)[::args.e2e_every]
    results = {"newsidx": [], "rg": [], "queries": len(queries), "runs": args.e2e_runs}
    # The floor under any query: starting the same binary and exiting.
    out = os.path.join(work, "hyperfine.json")
    subprocess.run(["hyperfine", "-N", "--style", "none", "--warmup", "3", "--runs",
                    str(max(20, args.e2e_runs * 5)), "--export-json", out, f"{NEWSIDX} --version"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(out) as f:
        results["start"] = json.load(f)["results"][0]["times"]
    # rg over a folder walks it; over the file list, it only reads.
    for q in queries:
        nx = [NEWSIDX, "-i", idx, "query", "--format", "plain", "--color", "never",
              "-n", str(args.k), q]
        rg = rg_args(q) + raw_files
        out = os.path.join(work, "hyperfine.json")
        cmds = [" ".join(shell_quote(c) for c in nx)]
        if "rg" in args.engines:
            cmds.append(" ".join(shell_quote(c) for c in rg))
        subprocess.run(["hyperfine", "-N", "-i", "--style", "none", "--warmup", "1",
                        "--runs", str(args.e2e_runs), "--export-json", out] + cmds,
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with open(out) as f:
            hf = json.load(f)["results"]
        results["newsidx"].append(hf[0]["times"])
        if len(hf) > 1:
            results["rg"].append(hf[1]["times"])
    return results


def shell_quote(s):
    return "'" + s.replace("'", "'\\''") + "'" if re.search(r"[^\w@%+=:,./-]", s) else s


def pcts(times_s):
    """p50 and p95 in milliseconds."""
    p = common.percentiles(times_s)
    return p["p50_us"] / 1e3, p["p95_us"] / 1e3


def fmt_bytes(b):
    return f"{b / 1e6:.0f} MB" if b >= 1e6 else f"{b / 1e3:.0f} kB"


def report(args, res, e2e, meta):
    lines = []
    p = lines.append
    p(f"## {meta['corpus']}: {meta['articles']:,} articles, {fmt_bytes(meta['input_bytes'])} of JSON lines; "
      f"{res['newsidx']['queries'] if 'newsidx' in res else '?'} queries, k={args.k}, "
      f"{args.rounds} rounds after warm-up")
    p("")
    p("### Query latency, in process (µs)")
    p("")
    p("| engine | mode | what the figure includes | p50 µs | p95 µs | newsidx/peer p50 | build s | index size | peak RSS MB |")
    p("|---|---|---|--:|--:|--:|--:|--:|--:|")
    nx = res.get("newsidx")
    what = {
        ("newsidx", "snippets"): "Rust, in process: parse, rank (articles + paragraphs), fold duplicates, stored text, passages + highlights",
        ("newsidx", "ranking"): "Rust, in process: parse, rank, fold duplicates, top-k ids + metadata",
        ("tantivy", "snippets"): "Rust: QueryParser, BM25 top k, stored doc, SnippetGenerator (no paragraphs)",
        ("tantivy", "ranking"): "Rust: QueryParser, BM25 top k, stored id",
        ("tantivy", "count"): "Rust: as ranking only, plus an exact count of all matches (newsidx reports one)",
        ("lucene", "snippets"): "Java (warm JVM): QueryParser, BM25 top k, stored id, UnifiedHighlighter (offsets in postings)",
        ("lucene", "ranking"): "Java (warm JVM): QueryParser, BM25 top k, stored id",
        ("xapian", "snippets"): "Python driver + C++: QueryParser, BM25 MSet, stored body, MSet.snippet",
        ("xapian", "ranking"): "Python driver + C++: QueryParser, BM25 MSet, stored id+body",
        ("fts5", "snippets"): "Python driver + C: MATCH bm25 top k, snippet() (re-tokenizes the body)",
        ("fts5", "ranking"): "Python driver + C: MATCH bm25 top k, id and score",
    }
    for mode in ["snippets", "ranking", "count"]:
        for eng in ["newsidx", "tantivy", "lucene", "xapian", "fts5"]:
            r = res.get(eng)
            if not r or mode not in r.get("latency", {}):
                continue
            lat = r["latency"][mode]
            ratio = ""
            if nx and eng != "newsidx":
                base = nx["latency"]["ranking" if mode == "count" else mode]
                ratio = f"{base['p50_us'] / lat['p50_us']:.2f}"
            build = r.get("build_s")
            rss = r.get("build_rss_mb") or r.get("rss_mb")
            label = {"snippets": "passages", "ranking": "ranking only", "count": "ranking + count"}[mode]
            p(f"| {eng} | {label} | {what[(eng, mode)]} | "
              f"{lat['p50_us']:.0f} | {lat['p95_us']:.0f} | {ratio} | "
              f"{'' if build is None else f'{build:.1f}'} | {fmt_bytes(r['index_bytes'])} | "
              f"{'' if rss is None else f'{rss:.0f}'} |")
    p("")
    if e2e:
        p(f"### End to end: process start to last byte ({e2e['queries']} queries × {e2e['runs']} runs, hyperfine -N)")
        p("")
        p("| command | p50 ms | p95 ms | per-query median ratio rg/newsidx (median over queries) |")
        p("|---|--:|--:|--:|")
        n50, n95 = pcts([t for ts in e2e["newsidx"] for t in ts])
        p(f"| newsidx query --format plain -n {args.k} | {n50:.1f} | {n95:.1f} | |")
        if e2e.get("start"):
            s50, s95 = pcts(e2e["start"])
            p(f"| newsidx --version (process start and exit, no index) | {s50:.1f} | {s95:.1f} | |")
        if e2e["rg"]:
            r50, r95 = pcts([t for ts in e2e["rg"] for t in ts])
            ratios = [statistics.median(r) / statistics.median(n) for n, r in zip(e2e["newsidx"], e2e["rg"])]
            p(f"| rg -i -F -e WORD... over the raw files | {r50:.1f} | {r95:.1f} | "
              f"{statistics.median(ratios):.1f}× (min {min(ratios):.1f}×) |")
        p("")
    if nx and "build_s" in nx and res.get("tantivy", {}).get("build_s"):
        t = res["tantivy"]
        p("### Indexing the same JSON lines")
        p("")
        p("| engine | articles/s | MB/s | build s | peak RSS MB | memory flag |")
        p("|---|--:|--:|--:|--:|---|")
        nx_as = nx["articles"] / nx["build_s"]
        p(f"| newsidx index (articles with paragraph boundaries and stored paragraphs, sketches, metadata) | {nx_as:,.0f} | "
          f"{nx['input_bytes'] / 1e6 / nx['build_s']:.1f} | {nx['build_s']:.1f} | {nx['build_rss_mb']:.0f} | --memory {args.memory} |")
        p(f"| raw tantivy (one doc per article, title+body, body stored) | {t['articles_per_s']:,.0f} | "
          f"{t['mb_per_s']:.1f} | {t['build_s']:.1f} | {t['rss_mb']:.0f} | {t['memory_mb']} MB budget |")
        p(f"| ratio newsidx/tantivy | {nx_as / t['articles_per_s']:.2f} | | | | |")
        p("")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default="reuters", help="'reuters' or a folder of .jsonl files")
    ap.add_argument("--queries", help="query file [default: benches/queries/reuters.txt or generated.txt]")
    ap.add_argument("--work", help="work folder [default: target/bench/CORPUS]")
    ap.add_argument("--engines", default=",".join(ALL), help="comma-separated subset of " + ",".join(ALL))
    ap.add_argument("-k", type=int, default=10)
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--lucene-warmup", type=int, default=5000, help="JVM warm-up searches per mode")
    ap.add_argument("--memory", type=int, default=256, help="indexing memory budget (MB), newsidx and tantivy")
    ap.add_argument("--java-heap", default="4g")
    ap.add_argument("--newsidx-index", help="use this newsidx index instead of building one")
    ap.add_argument("--e2e-runs", type=int, default=10)
    ap.add_argument("--e2e-every", type=int, default=1, help="end to end on every Nth query")
    ap.add_argument("--no-install", action="store_true")
    ap.add_argument("--no-build", action="store_true")
    args = ap.parse_args()
    args.engines = [e for e in args.engines.split(",") if e]
    name = "reuters" if args.corpus == "reuters" else os.path.basename(os.path.normpath(args.corpus))
    if not args.queries:
        q = "reuters.txt" if args.corpus == "reuters" else "generated.txt"
        args.queries = os.path.join(ROOT, "benches", "queries", q)
    args.queries = os.path.abspath(args.queries)
    work = os.path.abspath(args.work or os.path.join(ROOT, "target", "bench", name))
    os.makedirs(work, exist_ok=True)

    if not args.no_install:
        run([os.path.join(PEERS, "install.sh"), "bench"])
    if not args.no_build:
        run(["cargo", "build", "--release", "--quiet", "--bin", "newsidx", "--example", "raw_tantivy"], cwd=ROOT)

    jsonl, tsv, raw_files, tmp, articles, input_bytes = prepare(args, work)
    meta = {"corpus": name, "articles": articles, "input_bytes": input_bytes,
            "machine": f"{os.cpu_count()} cores", "date": time.strftime("%Y-%m-%d %H:%M")}
    res = {}
    try:
        if "newsidx" in args.engines:
            res["newsidx"] = bench_newsidx(args, work, jsonl)
        if "tantivy" in args.engines:
            res["tantivy"] = bench_tantivy(args, work, jsonl)
        for engine in ["lucene", "xapian", "fts5"]:
            if engine in args.engines:
                res[engine] = bench_peer(args, work, tsv, engine)
        e2e = None
        if "newsidx" in res:
            e2e = bench_e2e(args, work, res["newsidx"]["index"], raw_files)
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    md = report(args, res, e2e, meta)
    print(md)
    with open(os.path.join(work, "results.md"), "w") as f:
        f.write(md + "\n")
    with open(os.path.join(work, "results.json"), "w") as f:
        json.dump({"meta": meta, "engines": res, "e2e": e2e, "args": vars(args)}, f, indent=1)
    log(f"wrote {work}/results.md and results.json")


if __name__ == "__main__":
    main()
