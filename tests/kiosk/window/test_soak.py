"""The soak through the real window (soak.py): `kazasu demo` under Xvfb, visits at every desk with
language switches at random on every screen, under faulthandler, and zero crashes at the end.

In the test suite it runs KAZASU_SOAK_S seconds (90 by default, a CI-sized run); `make soak` runs it
for 30 minutes (KAZASU_SOAK_S=1800). KAZASU_SOAK_SEED replays a run, KAZASU_SOAK_SIZE picks the panel
(1366x768 by default). The counts go to build/screenshots/window/<test>/soak.json.
"""

from __future__ import annotations

import json
import os
import random

from tests.kiosk.window import desks
from tests.kiosk.window.conftest import SIZES
from tests.kiosk.window.soak import Soak

SOAK_S = float(os.environ.get("KAZASU_SOAK_S", "90"))


def test_soak_visits_with_language_switches_end_without_a_crash(x_server, kiosk_window, tmp_path):
    seed = int(os.environ.get("KAZASU_SOAK_SEED") or random.SystemRandom().randrange(1 << 30))
    size = os.environ.get("KAZASU_SOAK_SIZE", "1366x768")
    x = x_server(*SIZES[size])
    k = kiosk_window(x, ["demo", "--data-dir", str(tmp_path / "data")])
    desks.sign_in(k)
    soak = Soak(k, seed)
    try:
        count = soak.run(SOAK_S)
    except BaseException:
        print(f"soak seed {seed} (KAZASU_SOAK_SEED={seed} replays it): {soak.count.as_dict()}")
        if k.process.poll() is None:
            k.shot("failed")
        raise
    k.check_alive()   # a segmentation fault at any point ends the kiosk: KioskGone, with its stack
    summary = {**count.as_dict(), "size": size}
    k.shots.mkdir(parents=True, exist_ok=True)
    (k.shots / "soak.json").write_text(json.dumps(summary, indent=1), encoding="utf-8")
    print(f"soak: {summary}")
    assert count.visits["counter"] > 0 and count.switches > 0
    assert "Traceback" not in k.log(tail=100_000)   # no exception in a Qt slot either
    assert k.geometry() == x.screen
