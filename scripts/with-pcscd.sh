#!/usr/bin/env bash
# Run a command with a pcscd running: reuse the one that runs, or start one in the foreground for
# the command's lifetime and stop it afterwards (pcscd's socket path is fixed: one per machine).
# Usage: scripts/with-pcscd.sh COMMAND [ARGS...]
set -euo pipefail

cleanup() {
  if [ -n "${PCSCD_PID:-}" ]; then kill "$PCSCD_PID" 2>/dev/null || true; wait "$PCSCD_PID" 2>/dev/null || true; fi
}
trap cleanup EXIT

if pgrep -x pcscd >/dev/null 2>&1 && [ -S /run/pcscd/pcscd.comm ]; then
  echo "pcscd: using the one already running" >&2
else
  PCSCD=$(command -v pcscd || echo /usr/sbin/pcscd)
  if [ ! -x "$PCSCD" ]; then
    echo "pcscd is not installed: run 'make test' (or scripts/setup.sh) as root once so that it is installed" >&2
    exit 1
  fi
  "$PCSCD" --foreground >"${TMPDIR:-/tmp}/kazasu-pcscd.log" 2>&1 &
  PCSCD_PID=$!
  for _ in $(seq 1 100); do [ -S /run/pcscd/pcscd.comm ] && break; sleep 0.05; done
  if [ ! -S /run/pcscd/pcscd.comm ]; then
    echo "pcscd did not start (see ${TMPDIR:-/tmp}/kazasu-pcscd.log); as a normal user it needs /run/pcscd writable" >&2
    exit 1
  fi
  echo "pcscd: started (pid $PCSCD_PID)" >&2
fi
set +e
"$@"
rc=$?
set -e
exit "$rc"
