"""Articles as JSON lines (`newsidx parse`, gen_corpus) to the docs TSV every
peer indexes (`id<TAB>title<TAB>body`; see common.py).

usage: python3 peers/docs_tsv.py OUT.tsv JSONL_FILE_OR_FOLDER...
"""

import sys

import common

if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__.strip())
    print(f"{common.write_docs_tsv(sys.argv[2:], sys.argv[1])} articles", file=sys.stderr)
