"""Xapian peer (Debian python3-xapian): the English stemmer with STEM_SOME at
index and query time (no stop words), BM25 with Xapian's defaults (k1=1,
b=0.5), MSet.snippet() for passages.

usage: /usr/bin/python3 peers/xapian_peer.py bench DOCS.tsv QUERIES DB_DIR [-k 10] [--warmup 2] [--rounds 10]
       /usr/bin/python3 peers/xapian_peer.py run DOCS.tsv TOPICS.tsv K OUT.run
(the bindings load only in the system python; the commands are described in
peers/common.py)

Xapian has no fields here: with two fields, the title is indexed first and the
body 100 positions later, so no phrase spans the two. The query is lowercased
(so that the parser does not read the all-caps words AND, OR, NOT as operators;
newsidx reads them as words in an all-caps query), parsed with FLAG_PHRASE and
default operator OR: a double-quoted span stays a phrase. Query time includes
the Python driver: parsing, get_mset(0, k), reading each hit's document data
(the id and the stored body) and, for passages, one MSet.snippet() of at most
300 characters of that body.
"""

import shutil

import xapian

import common


class Xapian:
    name = "xapian"
    version = xapian.version_string()

    def __init__(self, path, two_fields):
        self.path = path
        self.two_fields = two_fields
        self.stemmer = xapian.Stem("english")
        if path:
            shutil.rmtree(path, ignore_errors=True)
            self.db = xapian.WritableDatabase(path, xapian.DB_CREATE_OR_OVERWRITE)
        else:
            self.db = xapian.WritableDatabase("", xapian.DB_BACKEND_INMEMORY)

    def add(self, docs):
        tg = xapian.TermGenerator()
        tg.set_stemmer(self.stemmer)
        tg.set_stemming_strategy(xapian.TermGenerator.STEM_SOME)
        n = 0
        for doc_id, title, body in docs:
            doc = xapian.Document()
            tg.set_document(doc)
            if self.two_fields:
                tg.index_text(title)
                tg.increase_termpos()
                tg.index_text(body)
            else:
                tg.index_text(common.one_field(title, body))
            doc.set_data(doc_id + "\t" + body)
            self.db.add_document(doc)
            n += 1
        self.db.commit()
        self.qp = xapian.QueryParser()
        self.qp.set_stemmer(self.stemmer)
        self.qp.set_stemming_strategy(xapian.QueryParser.STEM_SOME)
        self.qp.set_database(self.db)
        self.qp.set_default_op(xapian.Query.OP_OR)
        self.enquire = xapian.Enquire(self.db)
        self.enquire.set_weighting_scheme(xapian.BM25Weight())
        return n

    def query(self, text):
        return self.qp.parse_query(text.lower(), xapian.QueryParser.FLAG_PHRASE)

    def search(self, query, k, snippets):
        self.enquire.set_query(query)
        mset = self.enquire.get_mset(0, k)
        out = []
        for m in mset:
            doc_id, body = m.document.get_data().decode().split("\t", 1)
            out.append((doc_id, mset.snippet(body, 300, self.stemmer) if snippets else m.weight))
        return out

    def index_bytes(self):
        return common.dir_size(self.path) if self.path else 0


if __name__ == "__main__":
    common.main_python(Xapian)
