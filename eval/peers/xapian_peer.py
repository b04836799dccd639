"""Xapian peer: English stemmer (STEM_SOME at index and query time), BM25 with
Xapian's defaults (k1=1, b=0.5).

usage: /usr/bin/python3 xapian_peer.py DOCS.jsonl TOPICS.tsv K OUT.run
(the xapian bindings load only in the system python)

The topic is lowercased so that Xapian's query parser does not read the
all-caps words AND, OR, NOT as operators (newsidx reads them as words in an
all-caps query); a double-quoted span stays a phrase. Default operator OR.
"""

import sys

import xapian

from common import load_docs, load_topics, write_run


def main():
    docs_path, topics_path, k, out_path = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    db = xapian.WritableDatabase("", xapian.DB_BACKEND_INMEMORY)
    stemmer = xapian.Stem("english")
    tg = xapian.TermGenerator()
    tg.set_stemmer(stemmer)
    tg.set_stemming_strategy(xapian.TermGenerator.STEM_SOME)
    for doc_id, text in load_docs(docs_path):
        doc = xapian.Document()
        tg.set_document(doc)
        tg.index_text(text)
        doc.set_data(doc_id)
        db.add_document(doc)
    qp = xapian.QueryParser()
    qp.set_stemmer(stemmer)
    qp.set_stemming_strategy(xapian.QueryParser.STEM_SOME)
    qp.set_database(db)
    qp.set_default_op(xapian.Query.OP_OR)
    enquire = xapian.Enquire(db)
    enquire.set_weighting_scheme(xapian.BM25Weight())
    with open(out_path, "w") as out:
        for qid, text in load_topics(topics_path):
            query = qp.parse_query(text.lower(), xapian.QueryParser.FLAG_PHRASE)
            enquire.set_query(query)
            mset = enquire.get_mset(0, k)
            write_run(out, qid, [(m.document.get_data().decode(), m.weight) for m in mset],
                      "xapian")


if __name__ == "__main__":
    main()
