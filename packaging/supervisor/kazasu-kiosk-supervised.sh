#!/bin/sh
# Run the kiosk and restart it whenever it crashes (for set-ups without systemd, e.g. an X session's
# autostart). Under systemd the unit's Restart=on-failure does the same. The kiosk comes back to the
# desk it was on (kiosk-state.json in the data folder) with nothing of the last person; a staff quit
# (exit status 0) ends this script too.
#   KAZASU=/opt/kazasu/venv/bin/kazasu packaging/supervisor/kazasu-kiosk-supervised.sh [kazasu run options]
set -eu
KAZASU="${KAZASU:-kazasu}"
PYTHON="${PYTHON:-$(dirname "$(command -v "$KAZASU")")/python}"
exec "$PYTHON" -m kiosk.shell.supervisor --delay "${KAZASU_RESTART_DELAY:-2}" -- "$KAZASU" run "$@"
