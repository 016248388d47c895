"""The counter's resident part on a second monitor: Qt's offscreen platform configured with two
screens (a config file), in a process of its own; with one screen (this process) nothing moves."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests import shots

ROOT = Path(__file__).resolve().parents[3]


def test_one_screen_keeps_everything_on_it(qapp):
    from kiosk.counter.ui.second_screen import pick_screens

    staff, resident = pick_screens(qapp.screens(), qapp.primaryScreen())
    assert staff is qapp.primaryScreen() and resident is None


@pytest.mark.shots
def test_two_screens_move_the_resident_part(tmp_path, pcscd):
    config = tmp_path / "screens.json"
    config.write_text(json.dumps({"screens": [
        {"name": "left", "x": 0, "y": 0, "width": 1280, "height": 800, "logicalDpi": 96,
         "logicalBaseDpi": 96, "dpr": 1},
        {"name": "right", "x": 1280, "y": 0, "width": 1280, "height": 800, "logicalDpi": 96,
         "logicalBaseDpi": 96, "dpr": 1}]}), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("KAZASU_")}
    env["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
    env[shots.ENV] = str(shots.folder())   # its two screenshots go where this run's pictures go
    done = subprocess.run([sys.executable, str(ROOT / "tests" / "kiosk" / "counter" / "two_screens_app.py")],
                          cwd=ROOT, env={**env, "PYTHONPATH": str(ROOT)}, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["screens"] == [["left", 0, 1280], ["right", 1280, 1280]]
    assert out["has_resident_display"] is True
    # the staff keep the primary screen (the offscreen plugin makes the last one listed primary)
    assert out["primary"] == out["staff_window_on"]
    other = {"left": ("right", 1280), "right": ("left", 0)}[out["primary"]]
    assert (out["resident_screen"], out["resident_x"]) == other
    assert out["procedures_on"] == "main"                 # staff choose the procedures
    assert out["state"] == "waiting_card" and out["waiting_on"] == "resident_window"
    assert out["staff_side_shows"] == "resident_elsewhere"
    assert out["back_state"] == "procedures" and out["back_on"] == "main"
    assert out["resident_shows"] is True                  # the waiting note, nothing of the desk
    assert out["after_restart"] == ["idle", "start_screen", "main"]
