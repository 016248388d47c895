#!/usr/bin/env bash
# Print kazasu's speed figures, each beside a baseline measured in the same run.
# A throw-away PostgreSQL (scripts/with-postgres.sh) is up for the mesh figures of bench_sync.py.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${KAZASU_VENV:-.venv}
for bench in benchmarks/bench_*.py; do
  echo "== $bench"
  bash scripts/with-postgres.sh bash scripts/with-pcscd.sh "$VENV/bin/python" "$bench"
done
