"""Lucene 8.8 peer: compiles and runs lucene/LucenePeer.java (where the
engine's setup is described), feeding it the files every peer shares and
turning what it prints into the shared report and run formats.

usage: python3 peers/lucene_peer.py bench DOCS.tsv QUERIES INDEX_DIR [-k 10] [--warmup 2] [--rounds 10]
                                    [--jvm-warmup 5000] [--java-heap 4g]
       python3 peers/lucene_peer.py run DOCS.tsv TOPICS.tsv K OUT.run
(the commands are described in peers/common.py)

The JVM is warmed with at least --jvm-warmup searches of each mode, and at
least --warmup passes over the queries, before anything is timed. The classes
are compiled into `lucene-classes` beside the index (bench) or the run file
(run).
"""

import glob
import json
import os
import subprocess

import common

HERE = os.path.dirname(os.path.abspath(__file__))
JARS = ["core", "analyzers-common", "queryparser", "queries", "highlighter", "memory"]


def java(work, args, heap="4g"):
    """Compiles LucenePeer into `work/lucene-classes` and runs it with `args`;
    returns what it printed."""
    jars = []
    for name in JARS:
        found = sorted(glob.glob(f"/usr/share/java/lucene-{name}-8*.jar"))
        if not found:
            raise SystemExit(f"no /usr/share/java/lucene-{name}-8*.jar: run peers/install.sh")
        jars.append(found[0])
    cp = ":".join(jars)
    classes = os.path.join(work, "lucene-classes")
    os.makedirs(classes, exist_ok=True)
    subprocess.run(["javac", "-nowarn", "-d", classes, "-cp", cp,
                    os.path.join(HERE, "lucene", "LucenePeer.java")], check=True)
    return subprocess.run(["java", f"-Xmx{heap}", "-cp", classes + ":" + cp, "LucenePeer"] + args,
                          check=True, stdout=subprocess.PIPE, text=True).stdout


def bench(args):
    work = os.path.dirname(os.path.abspath(args.index))
    queries = common.load_queries(args.queries)
    topics = os.path.join(work, "lucene-queries.tsv")
    with open(topics, "w", encoding="utf-8") as f:
        f.writelines(f"{i}\t{q}\n" for i, q in enumerate(queries))
    warmup = max(args.jvm_warmup, args.warmup * len(queries))
    rep = json.loads(java(work, ["bench", args.docs, topics, args.index, str(args.k), str(warmup),
                                 str(args.rounds)], args.java_heap))
    times = rep.pop("times_ns")
    rep["latency"] = {mode: common.percentiles([t / 1e9 for t in times[mode]])
                      for mode in ("ranking", "snippets")}
    print(json.dumps(rep), flush=True)


def run(args):
    work = os.path.dirname(os.path.abspath(args.out))
    rankings = {}
    for line in java(work, ["run", args.docs, args.topics, str(args.k)]).splitlines():
        qid, doc, score = line.split("\t")
        rankings.setdefault(qid, []).append((doc, float(score)))
    with open(args.out, "w") as out:
        for qid, ranking in rankings.items():
            common.write_run(out, qid, ranking, "lucene")


def options(ap):
    ap.add_argument("--jvm-warmup", type=int, default=5000, help="warm-up searches per mode")
    ap.add_argument("--java-heap", default="4g")


if __name__ == "__main__":
    common.main(bench, run, options)
