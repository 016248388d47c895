#!/usr/bin/env bash
# Build the kazasu one-folder bundle for Linux: dist/kazasu/kazasu (+ dist/kazasu/_internal/).
# Installs PyInstaller (the `bundle` extra, as requirements.lock pins it) into the project's virtual
# environment first if it is missing, then runs
# packaging/pyinstaller/kazasu.spec. The bundle needs no Python on the target PC; it does need the
# system's pcscd, the Japanese fonts and the X/Wayland libraries (see docs/packaging.md).
# Usage: packaging/build-bundle.sh [DIST_DIR]   (default: dist; PyInstaller's work files go to
#        $KAZASU_BUNDLE_WORK, default build/pyinstaller)
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${KAZASU_VENV:-.venv}
DIST=${1:-dist}
WORK=${KAZASU_BUNDLE_WORK:-build/pyinstaller}
if [ ! -x "$VENV/bin/python" ]; then bash scripts/setup.sh; fi
if ! "$VENV/bin/python" -c "import PyInstaller" 2>/dev/null; then
  echo "bundle: installing PyInstaller (the 'bundle' extra) from requirements.lock"
  "$VENV/bin/python" -m pip install -q --require-hashes -r requirements.lock
fi
start=$(date +%s)
"$VENV/bin/python" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$DIST" --workpath "$WORK" packaging/pyinstaller/kazasu.spec
echo "bundle: $DIST/kazasu/kazasu built in $(( $(date +%s) - start )) s ($(du -sh "$DIST/kazasu" | cut -f1))"
