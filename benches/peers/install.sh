#!/usr/bin/env bash
# Installs the peer engines of the speed comparison from the package registries:
# Xapian's Python bindings, Lucene 8 jars and a JDK, ripgrep and hyperfine (apt).
# SQLite FTS5 comes with python3's sqlite3; raw tantivy is examples/raw_tantivy.rs.
set -euo pipefail
need=()
/usr/bin/python3 -c 'import xapian' 2>/dev/null || need+=(python3-xapian)
ls /usr/share/java/lucene-highlighter-8*.jar >/dev/null 2>&1 || need+=(liblucene8-java)
command -v javac >/dev/null || need+=(default-jdk-headless)
command -v rg >/dev/null || need+=(ripgrep)
command -v hyperfine >/dev/null || need+=(hyperfine)
[ -x /usr/bin/time ] || need+=(time)
if [ ${#need[@]} -gt 0 ]; then
    SUDO=; [ "$(id -u)" -ne 0 ] && SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
python3 -c 'import sqlite3; sqlite3.connect(":memory:").execute("CREATE VIRTUAL TABLE t USING fts5(x)")'
