"""SQLite FTS5 peer (python3's sqlite3): porter stemmer over unicode61, bm25()
ranking (k1=1.2, b=0.75), snippet() for passages.

usage: python3 fts5_bench.py DOCS.tsv QUERIES DB_PATH [-k 10] [--warmup 2] [--rounds 10]

Every query word is quoted (FTS5 reads AND, OR, NOT, NEAR, - and : as syntax)
and the parts are OR-ed; a double-quoted span stays a phrase, as in newsidx and
the other peers. Query time includes the Python driver: building the MATCH
string, executing, and fetching the rows (the id; and, for snippets, one
snippet() of at most 32 tokens from the stored body, which FTS5 builds by
re-tokenizing that body).
"""

import argparse
import os
import sqlite3
import time

from common import dir_size, emit, iter_docs, load_queries, split_query, time_queries


def fts_query(text):
    return " OR ".join('"' + " ".join(words) + '"' for _, words in split_query(text))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("docs")
    ap.add_argument("queries")
    ap.add_argument("db")
    ap.add_argument("-k", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=10)
    args = ap.parse_args()

    for suffix in ("", "-wal", "-journal"):
        if os.path.exists(args.db + suffix):
            os.remove(args.db + suffix)
    db = sqlite3.connect(args.db)
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    db.execute("CREATE VIRTUAL TABLE d USING fts5(docid UNINDEXED, title, body, "
               "tokenize='porter unicode61 remove_diacritics 2')")
    start = time.perf_counter()
    n = 0
    batch = []
    with db:
        for doc in iter_docs(args.docs):
            batch.append(doc)
            if len(batch) == 10000:
                db.executemany("INSERT INTO d(docid, title, body) VALUES (?, ?, ?)", batch)
                n += len(batch)
                batch = []
        db.executemany("INSERT INTO d(docid, title, body) VALUES (?, ?, ?)", batch)
        n += len(batch)
    # No 'optimize': like the other engines, the index is left as the
    # engine's own background merging left it.
    build_s = time.perf_counter() - start

    queries = [q for q in load_queries(args.queries) if fts_query(q)]
    k = args.k

    def ranking(q):
        return db.execute("SELECT docid FROM d WHERE d MATCH ? ORDER BY rank LIMIT ?",
                          (fts_query(q), k)).fetchall()

    def snippets(q):
        return db.execute("SELECT docid, snippet(d, 2, '[', ']', '…', 32) FROM d "
                          "WHERE d MATCH ? ORDER BY rank LIMIT ?", (fts_query(q), k)).fetchall()

    emit({
        "engine": "fts5",
        "version": sqlite3.sqlite_version,
        "articles": n,
        "build_s": build_s,
        "index_bytes": dir_size(args.db),
        "queries": len(queries),
        "latency": {
            "ranking": time_queries(ranking, queries, args.warmup, args.rounds),
            "snippets": time_queries(snippets, queries, args.warmup, args.rounds),
        },
    })


if __name__ == "__main__":
    main()
