"""`newsidx parse` JSON lines to `docid<TAB>text` lines (for the Lucene peer).

usage: python3 docs_tsv.py DOCS.jsonl DOCS.tsv
"""

import sys

from common import load_docs

with open(sys.argv[2], "w", encoding="utf-8") as out:
    for doc_id, text in load_docs(sys.argv[1]):
        out.write(doc_id + "\t" + " ".join(text.split()) + "\n")
