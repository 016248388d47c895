#!/usr/bin/env bash
# Retake every picture the docs show and put it in docs/: the tests marked `shots` (tests/shots.py)
# write them to build/shots/{screenshots,images}/, and this copies them onto docs/screenshots/ and
# docs/images/ — only after the whole run passed. Look at what changed (`git status docs/`) before
# committing it. Usage: scripts/screenshots.sh [pytest args...]   (`make screenshots`)
set -euo pipefail
shopt -s nullglob
cd "$(dirname "$0")/.."
export KAZASU_SHOTS_DIR="$PWD/build/shots"
rm -rf "$KAZASU_SHOTS_DIR"
bash scripts/test.sh -m shots "$@"

copied=0
for kind in screenshots images; do
  [ -d "$KAZASU_SHOTS_DIR/$kind" ] || continue
  mkdir -p "docs/$kind"
  for shot in "$KAZASU_SHOTS_DIR/$kind"/*.png; do
    cp "$shot" "docs/$kind/"
    copied=$((copied + 1))
  done
done
echo "screenshots: $copied picture(s) copied into docs/screenshots and docs/images" >&2
# pictures in docs/screenshots no test took (renamed or dropped screens): say so, delete nothing
for doc in docs/screenshots/*.png; do
  [ -e "$KAZASU_SHOTS_DIR/screenshots/$(basename "$doc")" ] || echo "screenshots: no test takes $doc" >&2
done
git status --short docs/screenshots docs/images 2>/dev/null || true
