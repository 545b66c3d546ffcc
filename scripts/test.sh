#!/usr/bin/env bash
# The test command of the README: set up what is missing, build, then run every test (unit tests on
# fixtures, lab tests in real namespaces) in one node test run, so its summary is the last lines printed.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# Lab tests share fixed names (RED, BLUE, nt-host): run files one at a time, in a private /run/netns and
# /run/nettrace (scripts/isolated.sh), so they never see or touch the machine's own named namespaces and
# whatever a failed test left there is gone when the run ends.
exec bash scripts/isolated.sh node --import tsx --test --test-concurrency=1 test/unit/*.test.ts test/lab/*.test.ts
