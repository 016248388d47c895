#!/usr/bin/env bash
# Run every kazasu test against real parts: this starts one pcscd for the run (the vpcd driver gives
# it two virtual readers that the emulated card plugs into) and stops it on exit.
# Usage: scripts/test.sh [pytest args...]
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${KAZASU_VENV:-.venv}

cleanup() {
  if [ -n "${PCSCD_PID:-}" ]; then kill "$PCSCD_PID" 2>/dev/null || true; wait "$PCSCD_PID" 2>/dev/null || true; fi
}
trap cleanup EXIT

if pgrep -x pcscd >/dev/null 2>&1; then
  echo "test: using the pcscd that is already running"
elif command -v pcscd >/dev/null 2>&1 || [ -x /usr/sbin/pcscd ]; then
  PCSCD=$(command -v pcscd || echo /usr/sbin/pcscd)
  "$PCSCD" --foreground >/tmp/kazasu-pcscd.log 2>&1 &
  PCSCD_PID=$!
  for _ in $(seq 1 100); do [ -S /run/pcscd/pcscd.comm ] && break; sleep 0.05; done
  [ -S /run/pcscd/pcscd.comm ] || { echo "test: pcscd did not start (see /tmp/kazasu-pcscd.log)" >&2; exit 1; }
  echo "test: started pcscd (pid $PCSCD_PID)"
else
  echo "test: pcscd is not installed; run 'make test' as root once so that setup installs it" >&2
  exit 1
fi

export QT_QPA_PLATFORM=offscreen
export KAZASU_PCSCD=1
set +e
"$VENV/bin/python" -m pytest "$@"
rc=$?
set -e
if [ "$rc" = 5 ]; then echo "test: no tests were collected: that is a failure" >&2; exit 1; fi
exit "$rc"
