#!/usr/bin/env bash
# The README's main command: set up, then run nettrace's guided demo on the sandbox (removed at the end).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh >/dev/null
exec node dist/bin/nettrace.cjs demo "$@"
