"""Fixtures for the real-window tests: an X server at a panel's size (Xvfb, no window manager) and
the kiosk started in it as people start it (`kazasu demo`, `kazasu run`), with the accessibility bus.

`x_server(width, height)` starts Xvfb; `kiosk_window(x, args)` starts `kazasu ARGS` on it and gives a
`KioskWindow` (kiosk_window.py); both are stopped at teardown, and a kiosk that ended by itself
(a crash) fails the test with the end of its output. Screenshots go to build/screenshots/window/<test>/
(git-ignored). Needs Debian's xvfb, xdotool, x11-utils, x11-apps, imagemagick, at-spi2-core,
python3-pyatspi and dbus (scripts/setup.sh installs them); without them the tests fail with the list,
or skip with KAZASU_ALLOW_NO_X=1.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from tests.kiosk.window.kiosk_window import BUS_LAUNCHER, SYSTEM_PYTHON, KioskWindow
from tests.kiosk.window.xserver import XServer, missing_tools

ROOT = Path(__file__).resolve().parents[3]
SHOTS = ROOT / "build" / "screenshots" / "window"
SIZES = {"1366x768": (1366, 768), "1024x768": (1024, 768), "1280x1024": (1280, 1024),
         "1920x1080": (1920, 1080), "1080x1920": (1080, 1920)}
PATH_SIZES = ("1366x768", "1024x768")   # each desk's main path


def require_x() -> None:
    missing = missing_tools()
    missing += [p for p in (SYSTEM_PYTHON, BUS_LAUNCHER) if not Path(p).exists()]
    missing += [t for t in ("dbus-daemon",) if shutil.which(t) is None]
    if missing:
        message = (f"the real-window tests need {', '.join(missing)} (Debian: xvfb xdotool x11-utils x11-apps "
                   "imagemagick at-spi2-core python3-pyatspi dbus; scripts/setup.sh installs them); "
                   "set KAZASU_ALLOW_NO_X=1 to skip instead")
        if os.environ.get("KAZASU_ALLOW_NO_X") == "1":
            pytest.skip(message)
        pytest.fail(message)


def shots_for(node_name: str) -> Path:
    folder = SHOTS / re.sub(r"[^A-Za-z0-9_.-]+", "-", node_name).strip("-")
    shutil.rmtree(folder, ignore_errors=True)
    return folder


@pytest.fixture
def x_server(tmp_path):
    require_x()
    started: list[XServer] = []

    def start(width: int, height: int) -> XServer:
        x = XServer(width, height, tmp_path / f"xvfb-{len(started)}.log")
        started.append(x)
        return x

    yield start
    for x in started:
        x.stop()


@pytest.fixture
def kiosk_window(request, tmp_path, pcscd):
    """start(x, args, env=None) → KioskWindow; at teardown the kiosk must still be running."""
    windows: list[KioskWindow] = []
    shots = shots_for(request.node.name)

    def start(x: XServer, args: list[str], env: dict[str, str] | None = None) -> KioskWindow:
        folder = tmp_path / f"kiosk-{len(windows)}"
        folder.mkdir()
        # a second kiosk in the same test keeps its screenshots apart
        where = shots if not windows else shots / f"kiosk-{len(windows) + 1}"
        window = KioskWindow(x, folder, args, where, env)
        windows.append(window)
        return window

    yield start
    ended = [(w, w.stop()) for w in windows]
    for window, status in ended:
        if status is not None:
            pytest.fail(f"the kiosk ended by itself with status {status}:\n{window.log()}")
