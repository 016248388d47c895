"""The window fits the screen it is on (kiosk.ui.screen_fit), under a bare X server (no window manager:
what a kiosk session gives) at 1366×768, 1024×768, 1280×1024, 1920×1080 and a portrait 1080×1920:
`kazasu demo` (kiosk mode, full screen), `kazasu run --windowed` (maximised), `kazasu run` in kiosk
mode and its first-run set-up wizard. Checked on what X and a screen reader report: the window's
geometry against the screen (xwininfo), and the status bar and the first screen's main button inside
it (AT-SPI extents). At 1366×768 and 1024×768 and 200 % text, the first-run wizard's 「このPCを避難所ノードにする…」
is clicked: the node page comes up with the mesh address typed in the wizard, and its 戻る goes back to
the wizard with that address kept; on every page 次へ / 戻る / 設定する are on the screen whole, never
scrolled out of it (the pages scroll above them)."""

from __future__ import annotations

import re

import pytest

from tests.kiosk.window.conftest import SIZES
from tests.kiosk.window.kiosk_window import TEXT_ROLES, KioskWindow, visible_part
from tests.kiosk.window.xserver import Rect


def status_bar(k: KioskWindow) -> Rect:
    found = k.wait_until(lambda cs: [c for c in cs if c.role == "status bar"], "the status bar")
    return found[0].rect


def assert_whole(k: KioskWindow, screen: Rect, name, role: str = "push button") -> None:
    """`name` is on the screen whole, no part of it cut by a scroll area or the screen's edge."""
    control = k.wait_for(name, role, enabled=None)
    seen, clipper = visible_part(control, k.shown(), screen)
    assert clipper is None and seen == control.rect, f"{name}: {control.rect} shows {seen} (cut by {clipper})"


def assert_fills(k: KioskWindow, screen: Rect, button: str) -> None:
    assert k.geometry() == screen, f"window {k.geometry()} on screen {screen}"
    bar = status_bar(k)
    assert bar.inside(screen) and bar.bottom == screen.bottom and bar.w == screen.w, bar
    main = k.wait_for(button)
    assert main.rect.inside(screen) and main.rect.bottom <= bar.y, main


@pytest.mark.parametrize("size", SIZES)
def test_demo_fills_the_screen_in_kiosk_mode(x_server, kiosk_window, tmp_path, size):
    x = x_server(*SIZES[size])
    k = kiosk_window(x, ["demo", "--data-dir", str(tmp_path / "data")])
    assert_fills(k, x.screen, "Sign in")
    k.shot("sign-in")


@pytest.mark.parametrize("size", SIZES)
def test_run_windowed_is_maximised_to_the_screen(x_server, kiosk_window, tmp_path, size):
    from kiosk.shell.settings import KioskSettings

    KioskSettings(setup_done=True, site="test-site").save(tmp_path)   # set up, no staff: open mode
    x = x_server(*SIZES[size])
    k = kiosk_window(x, ["run", "--windowed", "--data-dir", str(tmp_path), "--reader", "Virtual PCD 00 00"])
    assert_fills(k, x.screen, "Counter (certificates, filings)")
    k.shot("start")


def test_run_in_kiosk_mode_and_its_set_up_wizard_fill_the_screen(x_server, kiosk_window, tmp_path):
    from kiosk.shell.settings import KioskSettings
    from kiosk.shell.staff import StaffDirectory

    x = x_server(*SIZES["1024x768"])
    first = kiosk_window(x, ["run", "--data-dir", str(tmp_path / "fresh")])   # no kiosk.json: the wizard
    first.wait_for("Next", "push button")
    assert first.geometry() == x.screen
    first.shot("wizard")
    first.stop()
    KioskSettings(setup_done=True, site="test-site").save(tmp_path)
    StaffDirectory(tmp_path).add("admin1", "admin", "2468")
    k = kiosk_window(x, ["run", "--data-dir", str(tmp_path), "--reader", "Virtual PCD 00 00"])
    assert_fills(k, x.screen, "Sign in")
    k.shot("sign-in")


@pytest.mark.parametrize("size", ["1366x768", "1024x768"])
def test_the_first_run_wizard_opens_the_node_page_at_200_percent(x_server, kiosk_window, tmp_path, size):
    x = x_server(*SIZES[size])
    k = kiosk_window(x, ["run", "--data-dir", str(tmp_path / "fresh")], env={"KAZASU_TEXT_SCALE": "2"})
    k.wait_for("Next", "push button", enabled=None)
    k.shot("wizard-desk-page")
    assert_whole(k, x.screen, "Next")   # the desk page scrolls at 200 %; 次へ stays under it
    k.press("Next", "push button")
    k.type_into("Mesh address", "https://mesh.example.lg.jp")
    for way_on in ("Back", "Next"):
        assert_whole(k, x.screen, way_on)
    node = re.compile(r"Make this PC the shelter.s node…")
    k.press(node, "push button")
    k.wait_for("Set up the node", "push button")
    field = k.wait_for("Municipal mesh address", TEXT_ROLES)
    assert field.text == "https://mesh.example.lg.jp", field   # the wizard's field, on a fresh PC
    assert k.geometry() == x.screen
    for way_on in ("Back", "Set up the node"):
        assert_whole(k, x.screen, way_on)
    k.shot("wizard-node-page")
    k.press("Back", "push button")
    k.wait_for(node, "push button")
    assert not k.showing("Set up the node", "push button")
    assert k.wait_for("Mesh address", TEXT_ROLES).text == "https://mesh.example.lg.jp"   # kept
    k.shot("wizard-mesh-page")
