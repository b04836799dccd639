"""Xapian peer (Debian python3-xapian): English stemmer with STEM_SOME at index
and query time, BM25 (Xapian's defaults k1=1, b=0.5), MSet.snippet() for
passages.

usage: /usr/bin/python3 xapian_bench.py DOCS.tsv QUERIES DB_DIR [-k 10] [--warmup 2] [--rounds 10]
(the bindings load only in the system python)

The query is lowercased (so AND, OR, NOT are words), parsed with FLAG_PHRASE
and default operator OR: a double-quoted span stays a phrase. Query time
includes the Python driver: parsing, get_mset(0, k), reading each hit's
document data (the id and the stored body) and, for snippets, one
MSet.snippet() of at most 300 characters of that body.
"""

import argparse
import shutil
import time

import xapian

from common import dir_size, emit, iter_docs, load_queries, time_queries


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("docs")
    ap.add_argument("queries")
    ap.add_argument("db")
    ap.add_argument("-k", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=10)
    args = ap.parse_args()

    shutil.rmtree(args.db, ignore_errors=True)
    stemmer = xapian.Stem("english")
    start = time.perf_counter()
    db = xapian.WritableDatabase(args.db, xapian.DB_CREATE_OR_OVERWRITE)
    tg = xapian.TermGenerator()
    tg.set_stemmer(stemmer)
    tg.set_stemming_strategy(xapian.TermGenerator.STEM_SOME)
    n = 0
    for doc_id, title, body in iter_docs(args.docs):
        doc = xapian.Document()
        tg.set_document(doc)
        tg.index_text(title)
        tg.increase_termpos()
        tg.index_text(body)
        doc.set_data(doc_id + "\t" + body)
        db.add_document(doc)
        n += 1
    db.commit()
    db.close()
    build_s = time.perf_counter() - start

    db = xapian.Database(args.db)
    qp = xapian.QueryParser()
    qp.set_stemmer(stemmer)
    qp.set_stemming_strategy(xapian.QueryParser.STEM_SOME)
    qp.set_database(db)
    qp.set_default_op(xapian.Query.OP_OR)
    enquire = xapian.Enquire(db)
    enquire.set_weighting_scheme(xapian.BM25Weight())
    k = args.k

    def search(q, snippets):
        enquire.set_query(qp.parse_query(q.lower(), xapian.QueryParser.FLAG_PHRASE))
        mset = enquire.get_mset(0, k)
        out = []
        for m in mset:
            doc_id, body = m.document.get_data().decode().split("\t", 1)
            if snippets:
                out.append((doc_id, mset.snippet(body, 300, stemmer)))
            else:
                out.append(doc_id)
        return out

    queries = load_queries(args.queries)
    emit({
        "engine": "xapian",
        "version": xapian.version_string(),
        "articles": n,
        "build_s": build_s,
        "index_bytes": dir_size(args.db),
        "queries": len(queries),
        "latency": {
            "ranking": time_queries(lambda q: search(q, False), queries, args.warmup, args.rounds),
            "snippets": time_queries(lambda q: search(q, True), queries, args.warmup, args.rounds),
        },
    })


if __name__ == "__main__":
    main()
