"""SQLite FTS5 peer (python3's sqlite3): the porter stemmer over unicode61
(no stop words), bm25() ranking (k1=1.2, b=0.75, fixed by FTS5), snippet() for
passages.

usage: python3 peers/fts5_peer.py bench DOCS.tsv QUERIES DB [-k 10] [--warmup 2] [--rounds 10]
       python3 peers/fts5_peer.py run DOCS.tsv TOPICS.tsv K OUT.run
(the commands are described in peers/common.py)

Every query word is quoted (FTS5 reads AND, OR, NOT, NEAR, - and : as syntax)
and the parts are OR-ed; a double-quoted span stays a phrase, as in newsidx and
the other peers. Hits are ordered by bm25(), ties by insertion order. Query
time includes the Python driver: building the MATCH string, executing, and
fetching the rows (the id and score; and, for passages, one snippet() of at
most 32 tokens from the stored body, which FTS5 builds by re-tokenizing that
body).
"""

import os
import sqlite3

import common

TOKENIZER = "porter unicode61 remove_diacritics 2"


class Fts5:
    name = "fts5"
    version = sqlite3.sqlite_version

    def __init__(self, path, two_fields):
        self.path = path
        if path:
            for suffix in ("", "-wal", "-journal"):
                if os.path.exists(path + suffix):
                    os.remove(path + suffix)
        self.db = sqlite3.connect(path or ":memory:")
        self.db.execute("PRAGMA journal_mode=OFF")
        self.db.execute("PRAGMA synchronous=OFF")
        self.fields = ["title", "body"] if two_fields else ["body"]
        self.db.execute(f"CREATE VIRTUAL TABLE d USING fts5(docid UNINDEXED, "
                        f"{', '.join(self.fields)}, tokenize='{TOKENIZER}')")
        # snippet() counts columns from 0, docid included.
        self.body_column = 1 + self.fields.index("body")

    def add(self, docs):
        insert = (f"INSERT INTO d(docid, {', '.join(self.fields)}) "
                  f"VALUES (?{', ?' * len(self.fields)})")
        n = 0
        batch = []
        with self.db:
            for doc_id, title, body in docs:
                batch.append((doc_id, title, body) if len(self.fields) == 2
                             else (doc_id, common.one_field(title, body)))
                if len(batch) == 10000:
                    self.db.executemany(insert, batch)
                    n += len(batch)
                    batch = []
            self.db.executemany(insert, batch)
            n += len(batch)
        # No 'optimize': like the other engines, the index is left as the
        # engine's own background merging left it.
        return n

    def query(self, text):
        q = " OR ".join('"' + " ".join(words) + '"' for _, words in common.split_query(text))
        return q or None

    def search(self, query, k, snippets):
        second = f"snippet(d, {self.body_column}, '[', ']', '…', 32)" if snippets else "-bm25(d)"
        return self.db.execute(f"SELECT docid, {second} FROM d WHERE d MATCH ? "
                               "ORDER BY bm25(d), rowid LIMIT ?", (query, k)).fetchall()

    def index_bytes(self):
        return common.dir_size(self.path) if self.path else 0


if __name__ == "__main__":
    common.main_python(Fts5)
