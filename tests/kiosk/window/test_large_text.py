"""Large text through the real window: `kazasu demo` at 200 % (KAZASU_TEXT_SCALE) under a bare X server
at 1366×768 and 1024×768, the panels where the room is shortest. On each resident screen of the
counter's visit and the shelter's reception, what a screen reader reports (AT-SPI extents): the
screen's next action is on the screen whole, above the status bar, without scrolling; the status bar
lies along the bottom of the screen in at most two lines; the shelter's tabs show 「Family inquiry」 and
「Supplies」 whole. A screenshot of every step in build/screenshots/window/<test>/ to look at.
"""

from __future__ import annotations

import pytest

from tests.kiosk.window import desks
from tests.kiosk.window.conftest import PATH_SIZES, SIZES
from tests.kiosk.window.kiosk_window import KioskWindow, visible_part
from tests.kiosk.window.xserver import Rect

STATUS_MOST_PX = 110   # two lines of the status bar at its largest (theme.STATUS_MAX_SCALE)


def status_bar(k: KioskWindow) -> Rect:
    found = k.wait_until(lambda cs: [c for c in cs if c.role == "status bar"], "the status bar")
    return found[0].rect


def on_screen_whole(k: KioskWindow, screen: Rect, name: str, role: str | None = "push button") -> None:
    """`name` is drawn whole on the screen, above the status bar, nothing of it hidden by a scroll
    area (as the screen reader reports it: no scrolling was done to find it)."""
    control = k.wait_for(name, role, enabled=None)
    seen, clipper = visible_part(control, k.shown(), screen)
    bar = status_bar(k)
    assert clipper is None and seen == control.rect, f"{name}: {control.rect} shows {seen} (cut by {clipper})"
    assert control.rect.bottom <= bar.y, f"{name}: {control.rect} under the status bar {bar}"
    assert bar.bottom == screen.bottom and bar.w == screen.w and bar.h <= STATUS_MOST_PX, bar


@pytest.mark.parametrize("size", PATH_SIZES)
def test_the_next_action_at_200_percent(x_server, kiosk_window, tmp_path, size):
    x = x_server(*SIZES[size])
    k = kiosk_window(x, ["demo", "--data-dir", str(tmp_path / "data")], env={"KAZASU_TEXT_SCALE": "2"})

    def at(screen: str) -> None:
        k.shot(screen)
        assert k.geometry() == x.screen, f"on {screen} the window is {k.geometry()} on {x.screen}"

    desks.sign_in(k, at)
    k.press("Counter (certificates, filings)")
    on_screen_whole(k, x.screen, "Next (read the card)")
    at("procedures")
    desks.switch_language(k, "English")
    on_screen_whole(k, x.screen, "Next (read the card)")
    at("procedures-en")
    k.press("Next (read the card)")
    on_screen_whole(k, x.screen, "Tap the demo card")
    at("tap")
    k.press("Tap the demo card")
    k.wait_for("OK", "push button", enabled=False)
    on_screen_whole(k, x.screen, "OK")
    at("pin")
    desks.enter_pin(k, desks.DEMO_PIN)
    on_screen_whole(k, x.screen, "Go to check")
    at("preview")
    desks.leave_counter(k)
    k.press("Shelter reception")
    on_screen_whole(k, x.screen, "Check in")
    on_screen_whole(k, x.screen, "Check in by card")
    at("shelter")
    desks.switch_language(k, "English")
    for tab in ("Family inquiry", "Supplies"):
        on_screen_whole(k, x.screen, tab, None)
    at("shelter-en")
