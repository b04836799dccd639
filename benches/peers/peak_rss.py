#!/usr/bin/env python3
"""Runs a command and reports its peak memory, split the way the kernel
accounts it: anonymous memory (heap: what `newsidx index --memory` bounds)
and file-backed pages (mmapped index files, which the kernel can drop at any
time). `/usr/bin/time -v` reports only their sum, at its peak.

usage: benches/peers/peak_rss.py [--every SECONDS] -- COMMAND...
Prints one JSON line on stderr when the command ends; exits with its status.
"""

import json
import subprocess
import sys
import time


def sample(pid):
    out = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                key, _, val = line.partition(":")
                if key in ("VmRSS", "RssAnon", "RssFile", "RssShmem"):
                    out[key] = int(val.split()[0]) // 1024
    except FileNotFoundError:
        pass
    return out


def main():
    args = sys.argv[1:]
    every = 0.2
    if args[:1] == ["--every"]:
        every, args = float(args[1]), args[2:]
    if args[:1] == ["--"]:
        args = args[1:]
    start = time.perf_counter()
    p = subprocess.Popen(args)
    peak = {}
    while p.poll() is None:
        for k, v in sample(p.pid).items():
            peak[k] = max(peak.get(k, 0), v)
        time.sleep(every)
    report = {"peak_mb": peak, "wall_s": round(time.perf_counter() - start, 2),
              "status": p.returncode}
    print(json.dumps(report), file=sys.stderr)
    sys.exit(p.returncode)


if __name__ == "__main__":
    main()
