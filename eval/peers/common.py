"""Shared by the peer scripts: the same documents, topics and run format as
`newsidx eval`.

Documents come from `newsidx parse` (JSON lines), so every engine indexes the
same text under the same ids (for SMART collections, the 1-based position of
the document in the file). Topics come from `newsidx eval --topics-out`
(`qid<TAB>text`), so every engine gets the same query text.
"""

import json


def load_docs(path):
    """(external_id, text) pairs from `newsidx parse` output."""
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            a = json.loads(line)
            doc_id = a.get("external_id") or a["id"]
            text = "\n".join(p["text"] for p in a.get("paragraphs", []))
            if not a.get("title_derived") and a.get("title"):
                text = a["title"] + "\n" + text
            out.append((doc_id, text))
    return out


def load_topics(path):
    """(qid, text) pairs from a `qid<TAB>text` file."""
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line:
                qid, text = line.split("\t", 1)
                out.append((qid, text))
    return out


def write_run(f, qid, ranking, tag):
    """Writes `qid Q0 docid rank score tag` lines with strictly decreasing
    scores, as newsidx's run writer does, so that evaluators (which order by
    score, ties by docid) see each engine's ranking as the engine gave it."""
    prev = float("inf")
    for i, (doc, score) in enumerate(ranking):
        s = score if score < prev - 1e-4 else prev - 1e-4
        prev = s
        f.write(f"{qid} Q0 {doc} {i + 1} {s:.6f} {tag}\n")
