"""Scores run files with ir-measures (pytrec_eval), the independent check of
`newsidx eval`'s metric code.

usage: python3 crosscheck.py QRELS.trec RUN...
"""

import sys

import ir_measures
from ir_measures import AP, RR, P, R, nDCG

MEASURES = [AP, nDCG @ 10, P @ 10, R @ 100, RR]
NAMES = ["MAP", "nDCG@10", "P@10", "R@100", "MRR"]

qrels = list(ir_measures.read_trec_qrels(sys.argv[1]))
print(f"{'run (pytrec_eval)':<18}" + "".join(f"  {n:>7}" for n in NAMES))
for path in sys.argv[2:]:
    run = list(ir_measures.read_trec_run(path))
    agg = ir_measures.calc_aggregate(MEASURES, qrels, run)
    name = path.rsplit("/", 1)[-1].removesuffix(".run")
    print(f"{name:<18}" + "".join(f"  {agg[m]:>7.4f}" for m in MEASURES))
