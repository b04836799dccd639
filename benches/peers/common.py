"""Shared by the peer benchmarks: the same documents, queries, percentiles and
report shape for every engine.

Documents are `id<TAB>title<TAB>body` lines (written once by compare.py from
the JSON lines every engine indexes, so that no peer pays for JSON parsing in
its build time; newsidx and raw tantivy do parse JSON, and say so). Queries
are the lines of a query file, `#` comments and blank lines skipped.
"""

import json
import os
import re
import time


def iter_docs(path):
    """(id, title, body) triples from a docs TSV file."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t", 2)
            if len(parts) == 3:
                yield parts[0], parts[1], parts[2]


def load_queries(path):
    with open(path, encoding="utf-8") as f:
        return [l.strip() for l in f if l.strip() and not l.lstrip().startswith("#")]


def split_query(text):
    """The query as (is_phrase, [words]) parts: double-quoted spans stay
    phrases, everything else is single words."""
    parts = []
    for phrase, word in re.findall(r'"([^"]*)"|(\w+)', text):
        words = re.findall(r"\w+", phrase) if phrase else [word]
        if words:
            parts.append((bool(phrase), words))
    return parts


def percentiles(times_s):
    """p50 and p95 by nearest rank, in microseconds, as `newsidx bench`."""
    t = sorted(times_s)
    def pct(p):
        rank = max(1, min(len(t), _ceil(p / 100 * len(t))))
        return t[rank - 1] * 1e6
    return {"p50_us": pct(50), "p95_us": pct(95), "searches": len(t)}


def _ceil(x):
    i = int(x)
    return i if i == x else i + 1


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
    if os.path.isfile(path):
        return os.path.getsize(path)
    total = 0
    for root, _, files in os.walk(path):
        for f in files:
            total += os.path.getsize(os.path.join(root, f))
    return total


def emit(report):
    print(json.dumps(report), flush=True)
