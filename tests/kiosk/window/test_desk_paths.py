"""Each desk's main path through the real window (Xvfb at 1366×768 and 1024×768, `kazasu demo` in
kiosk mode, the emulated cards through the real pcscd + vpcd), driven by clicks and keys (xdotool) at
the controls a screen reader finds (AT-SPI). On every screen: a screenshot in
build/screenshots/window/<test>/, and the window still on the whole screen.

- the counter: procedures → the demo card → PIN → preview → check → submit → done → 次の方へ, and
  after it nothing of the person anywhere a screen reader can reach; and by hand (no card): the
  identity document, a 和暦 birth date, the missing items named, no word of a card or a PIN;
- the shelter: a check-in typed by hand, then one by My Number card and PIN; one with an age
  (「36歳」) where the card asks for a birth date or an age;
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
def test_counter_by_hand_path(x_server, kiosk_window, tmp_path, size):
    k, at = start_demo(x_server, kiosk_window, tmp_path, size)
    seen = {}

    def look(screen: str) -> None:
        at(screen)
        seen[screen] = [c.name + " " + (c.text or "") for c in k.shown()]

    desks.counter_by_hand(k, look, name="手入力　花子", address="東京都千代田区霞が関一丁目1番3号",
                          born="昭和64年1月7日", kana="てにゅうりょく はなこ")
    # the words of the by-hand path: staff entry, never the card's
    assert any("係員入力 By staff" in t for t in seen["manual"]) and not any("PIN" in t for t in seen["manual"])
    assert any("Typed in by staff" in t for t in seen["preview-by-hand"])
    assert not any("Read from your card" in t for t in seen["preview-by-hand"])
    assert any("Driver's licence" in t for t in seen["confirm-by-hand"])
    assert any("Seen by staff" in t for t in seen["confirm-by-hand"])
    assert not any("Please take your card" in t for t in seen["done-by-hand"])
    assert not desks.shown_anywhere(k, "手入力") and "手入力" not in k.log()


@pytest.mark.parametrize("size", PATH_SIZES)
def test_shelter_takes_an_age_where_it_asks_for_a_birth_date_or_an_age(x_server, kiosk_window, tmp_path, size):
    k, at = start_demo(x_server, kiosk_window, tmp_path, size)
    desks.shelter_by_hand(k, at, name="年齢　だけ", kana="ねんれい だけ", born="36歳")   # 「生年月日か年齢」
    assert k.find("Checked in") is not None
    assert not desks.shown_anywhere(k, "could not be read")
    desks.leave_shelter(k)


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
