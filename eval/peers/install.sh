#!/usr/bin/env bash
# Installs what the peer engines and the cross-check need, from the package
# registries only: Xapian's python bindings and Lucene 8 jars (apt), a JDK for
# javac if missing (apt), and ir-measures with pytrec_eval (pip).
set -euo pipefail
need_apt=()
/usr/bin/python3 -c 'import xapian' 2>/dev/null || need_apt+=(python3-xapian)
ls /usr/share/java/lucene-core-8*.jar >/dev/null 2>&1 || need_apt+=(liblucene8-java)
command -v javac >/dev/null || need_apt+=(default-jdk-headless)
if [ ${#need_apt[@]} -gt 0 ]; then
    SUDO=; [ "$(id -u)" -ne 0 ] && SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
python3 -c 'import ir_measures' 2>/dev/null || python3 -m pip install -q ir-measures
