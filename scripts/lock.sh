#!/usr/bin/env bash
# Refresh requirements.lock: every runtime, test and bundle dependency of pyproject.toml, and the
# build backend (setuptools) kazasu itself is installed with, pinned to one version with the SHA-256
# of each of its files on PyPI. scripts/setup.sh installs from it (`pip install --require-hashes`).
#
# The lock is for the machines kazasu is set up on: Debian 12, CPython 3.11, x86_64 (environment
# markers are resolved for the Python running this script, so run it on one of them). It is resolved
# against PyPI alone: this machine's pip configuration (find-links, extra indexes) is ignored, so
# every pinned file exists on PyPI and the lock works anywhere.
#
# Usage: make lock                               (keeps the pins that still fit pyproject.toml)
#        bash scripts/lock.sh --upgrade           (the newest versions that fit)
#        bash scripts/lock.sh --upgrade-package fastapi
# Commit requirements.lock with the change of pyproject.toml that needed it.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${KAZASU_VENV:-.venv}
LOCK=requirements.lock

if [ ! -x "$VENV/bin/python" ]; then
  echo "lock: no virtual environment in $VENV: run make setup first" >&2
  exit 1
fi
"$VENV/bin/python" - <<'EOF'
import platform, sys
if sys.version_info[:2] != (3, 11) or platform.machine() != "x86_64" or sys.platform != "linux":
    sys.exit(f"lock: the lock is made on CPython 3.11 / x86_64 Linux (Debian 12), not Python "
             f"{platform.python_version()} on {platform.machine()} {sys.platform}")
EOF
if [ ! -x "$VENV/bin/pip-compile" ]; then
  echo "lock: installing pip-tools into $VENV (a tool for this script, not a kazasu dependency)"
  "$VENV/bin/python" -m pip install -q pip-tools
fi

# --all-build-deps: setuptools from [build-system] too (setup.sh installs kazasu without build isolation)
# --allow-unsafe: pin setuptools as well, instead of leaving it out of a lock that --require-hashes reads
env -u PIP_FIND_LINKS -u PIP_EXTRA_INDEX_URL -u PIP_INDEX_URL PIP_CONFIG_FILE=/dev/null \
  CUSTOM_COMPILE_COMMAND="make lock" "$VENV/bin/pip-compile" --quiet --generate-hashes --allow-unsafe --strip-extras --all-build-deps \
  --extra test --extra bundle --index-url https://pypi.org/simple --no-emit-index-url \
  --output-file "$LOCK" "$@" pyproject.toml
echo "lock: $LOCK has $(grep -c '^[A-Za-z0-9]' "$LOCK") pinned distributions"
