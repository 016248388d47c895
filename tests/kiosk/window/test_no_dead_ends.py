"""No silent action and no dead end at the shelter and the library, through the real window (Xvfb at
1366×768 and 1024×768, `kazasu demo` in kiosk mode, its demo card through the real pcscd + vpcd),
driven by clicks and keys at the controls a screen reader finds; a screenshot at every step in
build/screenshots/window/<test>/.

- the shelter: the demo card checks its person in; pressed again with the card still on the reader
  it records nothing and says they are here already; a check-out asks first;
- the library: the demo card says how to register it; the registration shows the name, the card's
  preview and 印刷; a damaged label typed by hand (a wrong check digit refused, with what to do); a
  label typed slowly on the scanner's keyboard; the mode button says the mode now, and 次の方 starts
  the next patron in checkout;
- the idle warning at the shelter: 「まだお使いですか？」 with the seconds left over a half-typed
  family; 続ける keeps it; unanswered, the desk is wiped.
"""

from __future__ import annotations

import pytest

from kiosk.cli.app_commands import DEFAULT_SITE
from kiosk.shell.settings import KioskSettings
from tests.kiosk.window import desks
from tests.kiosk.window.conftest import PATH_SIZES, SIZES


def start_demo(x_server, kiosk_window, tmp_path, size: str, **settings):
    x = x_server(*SIZES[size])
    data = tmp_path / "data"
    if settings:   # kazasu demo keeps its kiosk.json in <data-dir>/demo
        KioskSettings(setup_done=True, site=DEFAULT_SITE, **settings).save(data / "demo")
    k = kiosk_window(x, ["demo", "--data-dir", str(data)])

    def at(screen: str) -> None:
        k.shot(screen)
        assert k.geometry() == x.screen, f"on {screen} the window is {k.geometry()} on {x.screen}"

    desks.sign_in(k, at)
    return k, at


@pytest.mark.parametrize("size", PATH_SIZES)
def test_shelter_demo_card_twice_and_a_checkout_that_asks(x_server, kiosk_window, tmp_path, size):
    k, at = start_demo(x_server, kiosk_window, tmp_path, size)
    k.press("Shelter reception")
    k.wait_for("Check in", "push button")
    at("shelter")
    desks.shelter_demo_card(k, at)
    assert k.find("Temporarily out", "push button").enabled   # still here: nothing was recorded
    desks.leave_shelter(k)
    assert desks.DEMO_NAME not in k.log()   # never a resident's name in the log


@pytest.mark.parametrize("size", PATH_SIZES)
def test_library_demo_card_manual_number_slow_keys_and_mode(x_server, kiosk_window, tmp_path, size):
    k, at = start_demo(x_server, kiosk_window, tmp_path, size)
    desks.library_demo_card(k, at)
    desks.library_by_hand(k, at, item="1000001")
    desks.slow_scan(k, "1000002")               # a key every 0.4 s: none dropped
    k.wait_until(lambda cs: any(c.role == "list item" and "1000002" in c.name for c in cs), "1000002 on loan")
    at("library-slow-keys")
    k.press(desks.CHECKOUT_MODE)
    k.wait_for(desks.CHECKIN_MODE)
    at("library-checkin-mode")
    k.press("Next patron")
    k.wait_for(desks.CHECKOUT_MODE)            # the next patron starts in checkout
    assert k.find(desks.CHECKIN_MODE) is None
    at("library-next-patron")
    k.press("Exit")
    k.wait_for("Library", "push button")
    assert desks.DEMO_NAME not in k.log()


@pytest.mark.parametrize("size", PATH_SIZES)
def test_shelter_idle_warning_keeps_a_half_typed_family(x_server, kiosk_window, tmp_path, size):
    k, at = start_demo(x_server, kiosk_window, tmp_path, size, desk_idle_s={"shelter": 14}, idle_warn_s=7)
    k.press("Shelter reception")
    k.wait_for("Check in", "push button")
    k.type_into("Name (required)", "避難　次郎")
    k.type_into("Household", "hinan-2")
    k.wait_for("Are you still there?", timeout=20)   # 7 s without a touch
    k.wait_until(lambda cs: desks.shown_in(cs, "No activity: in "), "the seconds left")
    at("shelter-idle-warning")
    k.press("Continue")
    k.wait_gone("Are you still there?")
    name = k.find("Name (required)", ("text", "entry"))
    household = k.find("Household", ("text", "entry"))
    assert name is not None and "避難　次郎" in (name.text or "")
    assert household is not None and "hinan-2" in (household.text or "")
    at("shelter-idle-continued")
    k.wait_for("Are you still there?", timeout=20)   # unanswered this time: wiped, back at the start
    k.wait_for("Counter (certificates, filings)", timeout=20)
    assert not desks.shown_anywhere(k, "避難　次郎")
    at("shelter-idle-wiped")
