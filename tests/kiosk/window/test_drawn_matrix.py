"""The full matrix, drawn in a real window: every resident screen of every desk on each panel
(1024×768, 1366×768, 1280×1024, 1920×1080, portrait 1080×1920) at 100/150/200 % text, in Japanese,
English and やさしい日本語, in both contrasts, the kiosk window shown on a bare X server (Xvfb, no
window manager) of the panel's size by Qt's xcb platform (drawn_panel.py, its own process).

On each screen, on what Qt lays out to draw: the next action is whole without scrolling, the status
bar along the bottom, nothing past the screen, each text has its room (tests/kiosk/fitmatrix.py);
Japanese lines break only between phrases (BudouX), no 「✓」 alone on a line, no line wider than its
widget, no widget drawn over another (tests/kiosk/phrasebreak.py); the window fills the screen.

One test item per panel (the portrait one per contrast, the longest), so that a parallel run spreads
them. Pictures of the X screen at a few steps in build/screenshots/window/<test>/, checked not blank.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.kiosk.window.conftest import ROOT, SIZES, require_x, shots_for

RUNS = {"1024x768": ("1024x768", None), "1366x768": ("1366x768", None),
        "1280x1024": ("1280x1024", None), "1920x1080": ("1920x1080", None),
        "1080x1920": ("1080x1920", ("100", "150", "200")),
        "1080x1920-hc": ("1080x1920", ("100-hc", "150-hc", "200-hc"))}
SCREENS_PER_SETTING = 3 * 20          # languages × fitmatrix.SCREENS
LIMIT_S = 600


def not_blank(path) -> bool:
    from PIL import Image

    with Image.open(path) as picture:
        colours = picture.convert("RGB").getcolors(maxcolors=1 << 16)
    return colours is None or len(colours) > 8


@pytest.mark.parametrize("run", RUNS)
def test_every_screen_drawn_on_every_panel(x_server, request, run):
    from tests.kiosk.fitmatrix import SCREENS

    require_x()
    size, settings = RUNS[run]
    x = x_server(*SIZES[size])
    shots = shots_for(request.node.name)
    shots.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("KAZASU_")}
    env.update(x.env(), QT_QPA_PLATFORM="xcb", PYTHONPATH=str(ROOT), PYTHONFAULTHANDLER="1")
    command = [sys.executable, "-m", "tests.kiosk.window.drawn_panel", size, str(shots), *(settings or ())]
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=LIMIT_S)
    items = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    assert done.returncode == 0, f"the panel's run ended with {done.returncode}:\n{done.stderr[-3000:]}"
    ends = [i for i in items if "done" in i]
    assert ends and ends[0]["screens"] == SCREENS_PER_SETTING * len(settings or range(6)), ends
    assert len(SCREENS) * 3 == SCREENS_PER_SETTING
    pictures = [i["shot"] for i in items if "shot" in i]
    assert pictures and all(not_blank(p) for p in pictures), pictures
    problems = [i["problem"] for i in items if "problem" in i]
    assert problems == [], f"{len(problems)} problems:\n" + "\n".join(problems[:80])
