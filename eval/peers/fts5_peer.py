"""SQLite FTS5 peer: porter stemmer over unicode61, bm25() (k1=1.2, b=0.75).

usage: python3 fts5_peer.py DOCS.jsonl TOPICS.tsv K OUT.run

Every query word is quoted (FTS5 reads AND, OR, NOT, NEAR, - and : as syntax)
and the words are OR-ed; a double-quoted span in the topic stays a phrase, as
in newsidx and the other peers.
"""

import re
import sqlite3
import sys

from common import load_docs, load_topics, write_run


def fts_query(text):
    parts = []
    for phrase, word in re.findall(r'"([^"]*)"|(\w+)', text):
        words = re.findall(r"\w+", phrase) if phrase else [word]
        if words:
            parts.append('"' + " ".join(words) + '"')
    return " OR ".join(parts)


def main():
    docs_path, topics_path, k, out_path = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE d USING fts5(docid UNINDEXED, body, "
               "tokenize='porter unicode61 remove_diacritics 2')")
    db.executemany("INSERT INTO d(docid, body) VALUES (?, ?)", load_docs(docs_path))
    with open(out_path, "w") as out:
        for qid, text in load_topics(topics_path):
            q = fts_query(text)
            if not q:
                continue
            rows = db.execute(
                "SELECT docid, -bm25(d) FROM d WHERE d MATCH ? ORDER BY bm25(d), rowid LIMIT ?",
                (q, k)).fetchall()
            write_run(out, qid, rows, "fts5")


if __name__ == "__main__":
    main()
