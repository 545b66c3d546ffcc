#!/usr/bin/env bash
# `npm run bench`: build, then run every benchmark of issue 7 (BENCHMARKS.md) as root inside a private
# mount namespace (scripts/isolated.sh), so the sandbox's namespace names cannot collide with another lab.
# Writes bench/results/latest.md and latest.json. Knobs: BENCH_ONLY, BENCH_RUNS, BENCH_LOAD_RUNS,
# BENCH_READ_MB, BENCH_READ_RUNS, BENCH_EXTRA (see bench/run-all.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" != 0 ]; then echo "bench: run as root (it builds labs in network namespaces)" >&2; exit 3; fi
for tool in ip iptables tcpdump tshark python3 /usr/bin/time nsenter unshare; do
  command -v "$tool" >/dev/null || { echo "bench: missing $tool (see README set-up)" >&2; exit 3; }
done
npm run build --silent
export BENCH_COMMAND="${BENCH_COMMAND:-npm run bench${BENCH_ONLY:+ (BENCH_ONLY=$BENCH_ONLY)}}"
exec bash scripts/isolated.sh node --import tsx bench/run-all.ts
