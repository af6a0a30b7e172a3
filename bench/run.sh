#!/usr/bin/env bash
# Strand vs Apache Kafka on this machine: see docs/benchmarks.md. Example smoke test:
#   bench/run.sh --quick --systems kafka,kafka-fsync
# Needs java (17+), javac, mvn and python3 (standard library only) on the PATH.
set -euo pipefail
cd "$(dirname "$0")"
for tool in java javac mvn python3; do
  command -v "$tool" >/dev/null || { echo "bench/run.sh: $tool is not on the PATH" >&2; exit 2; }
done
# exec: Python must receive Ctrl-C and SIGTERM itself, to stop what it started and delete its data.
PYTHONDONTWRITEBYTECODE=1 exec python3 -m strandbench "$@"
