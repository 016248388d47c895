#!/usr/bin/env bash
# Run every kazasu test against real parts (pcscd + vpcd, a mesh on loopback on SQLite and on a
# throw-away PostgreSQL, offscreen Qt).
# No test collected counts as a failure. Usage: scripts/test.sh [pytest args...]
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${KAZASU_VENV:-.venv}
export QT_QPA_PLATFORM=offscreen
set +e
bash scripts/with-postgres.sh bash scripts/with-pcscd.sh "$VENV/bin/python" -m pytest "$@"
rc=$?
set -e
if [ "$rc" = 5 ]; then echo "test: no tests were collected: that is a failure" >&2; exit 1; fi
exit "$rc"
