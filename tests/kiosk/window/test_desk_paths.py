"""Each desk's main path through the real window (Xvfb at 1366×768 and 1024×768, `kazasu demo` in
kiosk mode, the emulated cards through the real pcscd + vpcd), driven by clicks and keys (xdotool) at
the controls a screen reader finds (AT-SPI). On every screen: a screenshot in
build/screenshots/window/<test>/, and the window still on the whole screen.

- the counter: procedures → the demo card → PIN → preview → check → submit → done → 次の方へ, and
  after it nothing of the person anywhere a screen reader can reach;
- the shelter: a check-in typed by hand, then one by My Number card and PIN;
- the library: registration from the card, a checkout, the same item checked in.
"""

from __future__ import annotations

import pytest

from tests.kiosk.window import desks
from tests.kiosk.window.conftest import PATH_SIZES, SIZES


def start_demo(x_server, kiosk_window, tmp_path, size: str):
    x = x_server(*SIZES[size])
    k = kiosk_window(x, ["demo", "--data-dir", str(tmp_path / "data")])

    def at(screen: str) -> None:
        k.shot(screen)
        assert k.geometry() == x.screen, f"on {screen} the window is {k.geometry()} on {x.screen}"

    desks.sign_in(k, at)
    return k, at


@pytest.mark.parametrize("size", PATH_SIZES)
def test_counter_main_path(x_server, kiosk_window, tmp_path, size):
    k, at = start_demo(x_server, kiosk_window, tmp_path, size)
    desks.counter_visit(k, at)
    assert not desks.shown_anywhere(k, "山田") and not desks.shown_anywhere(k, "やまだ")
    assert "山田" not in k.log()   # never a resident's name in the log


@pytest.mark.parametrize("size", PATH_SIZES)
def test_shelter_by_hand_and_by_card(x_server, kiosk_window, pcsc_card, people, tmp_path, size):
    k, at = start_demo(x_server, kiosk_window, tmp_path, size)
    desks.shelter_by_hand(k, at, name="避難　花子", kana="ひなん はなこ", born="1990-05-01")
    sato = people[1]
    pcsc_card(sato, slot=0)   # the demo's reader
    desks.shelter_by_card(k, at, name=sato["name"], pin=sato["pin"])
    assert k.find("Checked in") is not None
    desks.leave_shelter(k)


@pytest.mark.parametrize("size", PATH_SIZES)
def test_library_register_check_out_and_in(x_server, kiosk_window, pcsc_card, people, tmp_path, size):
    k, at = start_demo(x_server, kiosk_window, tmp_path, size)
    yamada = people[0]
    pcsc_card(yamada, slot=0)
    desks.library_register(k, at, name=yamada["name"], pin=yamada["pin"])
    desks.library_loan_and_return(k, at, barcode="1000000017")
    desks.leave_library(k)
