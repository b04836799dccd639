#!/usr/bin/env bash
# Installs the peer engines, from the package registries only: Xapian's Python
# bindings, the Lucene 8 jars and a JDK for javac (apt); SQLite FTS5 comes with
# python3's sqlite3. With `bench`, also what the latency comparison runs:
# ripgrep, hyperfine and /usr/bin/time (apt). With `eval`, also the independent
# evaluator: ir-measures with pytrec_eval (pip).
#
# usage: peers/install.sh [bench] [eval]
set -euo pipefail
need_apt=()
/usr/bin/python3 -c 'import xapian' 2>/dev/null || need_apt+=(python3-xapian)
ls /usr/share/java/lucene-highlighter-8*.jar >/dev/null 2>&1 || need_apt+=(liblucene8-java)
command -v javac >/dev/null || need_apt+=(default-jdk-headless)
pip=false
for what in "$@"; do
    case $what in
    bench)
        command -v rg >/dev/null || need_apt+=(ripgrep)
        command -v hyperfine >/dev/null || need_apt+=(hyperfine)
        [ -x /usr/bin/time ] || need_apt+=(time)
        ;;
    eval) python3 -c 'import ir_measures' 2>/dev/null || pip=true ;;
    *) echo "usage: $0 [bench] [eval]" >&2; exit 2 ;;
    esac
done
if [ ${#need_apt[@]} -gt 0 ]; then
    SUDO=; [ "$(id -u)" -ne 0 ] && SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
if $pip; then python3 -m pip install -q ir-measures; fi
python3 -c 'import sqlite3; sqlite3.connect(":memory:").execute("CREATE VIRTUAL TABLE t USING fts5(x)")'
