#!/usr/bin/env bash
# Set up everything kazasu needs on a Debian 12 machine: system packages (when run as root), the
# virtual environment with the Python dependencies, and the package itself in editable mode.
# Idempotent: a second run checks what is there and changes nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${KAZASU_VENV:-.venv}
PYTHON=${PYTHON:-python3}

# Debian packages: the PC/SC daemon and the virtual reader driver, what pyscard builds with, the
# Japanese fonts (BIZ UD Gothic/Mincho, IPAmj Mincho for rare kanji), poppler for PDF checks,
# PostgreSQL for the production mesh tests, CUPS for the printing tests (a private cupsd per test
# run), OpenSC (an outside client that reads the emulated card's JPKI AP in the tests), Tesseract with
# its Japanese model (the card-face benchmark compares it with RapidOCR), the X libraries Qt's xcb
# plugin needs, and for the real-window tests (tests/kiosk/window) an X server, input events, window
# geometry, screenshots and the accessibility bus with Debian's pyatspi; Chromium, the phone's browser
# of the resident's pre-registration page tests (headless, driven over its DevTools pipe).
# Spoken guidance: Open JTalk's dictionary (pyopenjtalk is pointed at it, never downloads one), espeak-ng
# for English, and g++, with which pyopenjtalk (only a source package on PyPI) builds Open JTalk.
# The Wayland kiosk compositor test (tests/kiosk/window/test_cage.py): cage with Xwayland, grim for
# its screenshots and xhost (the test's user on cage's Xwayland).
APT_PACKAGES=(
  pcscd vsmartcard-vpcd libpcsclite-dev swig gcc opensc tesseract-ocr tesseract-ocr-jpn
  fonts-morisawa-bizud-gothic fonts-morisawa-bizud-mincho fonts-ipamj-mincho fontconfig
  poppler-utils zbar-tools postgresql cups cups-client cups-bsd
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxkbcommon0 libxkbcommon-x11-0 libegl1 libgl1
  libfontconfig1 libdbus-1-3 libglib2.0-0
  xvfb xdotool x11-utils x11-apps imagemagick at-spi2-core python3-pyatspi dbus-daemon
  chromium open-jtalk-mecab-naist-jdic espeak-ng g++
  cage xwayland libwayland-cursor0 grim x11-xserver-utils
)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  if [ "$(id -u)" = 0 ]; then
    echo "setup: installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: these Debian packages are missing: ${missing[*]}" >&2
    echo "setup: run this command as root once (or: sudo apt-get install ${missing[*]})" >&2
  fi
fi

if [ ! -x "$VENV/bin/python" ]; then
  echo "setup: creating the virtual environment in $VENV"
  "$PYTHON" -m venv "$VENV"
fi

# The Python dependencies exactly as requirements.lock pins them (every file checked against its
# SHA-256; `make lock` refreshes the lock), again only when the lock changed since the last run; then
# kazasu itself, editable, with nothing else resolved (its dependencies are the lock's), when
# pyproject.toml changed. No build isolation: setuptools comes from the lock too.
LOCK=requirements.lock
stamp="$VENV/.kazasu-installed"
want=$(sha256sum "$LOCK" | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "setup: installing Python dependencies from $LOCK"
  "$VENV/bin/python" -m pip install -q --require-hashes -r "$LOCK"  # test and bundle tools too (tests/packaging builds the bundle)
  echo "$want" > "$stamp"
  rm -f "$VENV/.kazasu-project"
fi
project_stamp="$VENV/.kazasu-project"
project=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ ! -f "$project_stamp" ] || [ "$(cat "$project_stamp")" != "$project" ]; then
  echo "setup: installing kazasu (editable)"
  "$VENV/bin/python" -m pip install -q --no-deps --no-build-isolation -e .
  echo "$project" > "$project_stamp"
fi
echo "setup: ready ($VENV)"
