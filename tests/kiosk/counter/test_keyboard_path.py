"""The counter's main path with key presses only (Tab, Space, digits, Return), in a real window with
the emulated card: start screen → procedures → tap (the demo card) → PIN → the asked fields →
check → submit → next person, the language switched on the way with the keyboard too. The focus
starts where the next step is on each screen and Tab moves in reading order."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kiosk.ui import i18n
from tests.kiosk.counter.test_flow import WAIT_MS, commit_text, go_to
from tests.kiosk.test_desks import PEOPLE

MAX_TABS = 40


def focus():
    return QApplication.focusWidget()


_window = None


def key(qtbot, k) -> None:
    """One key press where the keyboard's focus is (the window itself before anything has it)."""
    qtbot.keyClick(focus() or _window, k)


def tab_to(qtbot, target) -> int:
    """Press Tab until `target` has the focus; gives the number of presses."""
    for n in range(MAX_TABS):
        if focus() is target:
            return n
        key(qtbot, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {target.objectName()} (stuck at {focus().objectName()})")


def tab_order(qtbot, count: int) -> list[str]:
    names = []
    for _ in range(count):
        key(qtbot, Qt.Key.Key_Tab)
        names.append(focus().objectName())
    return names


def test_main_path_with_the_keyboard_only(qtbot, make_window):
    from devices.emulator import CardHolder, MyNumberCard
    from kiosk.cards.source import DemoCard, InProcessCardSource

    person = PEOPLE[0]
    card = MyNumberCard(CardHolder.from_dict(person))
    source = InProcessCardSource(card)
    window = make_window(source, DemoCard(card, inprocess=source))
    global _window
    _window = window
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)   # the window has the keyboard
    assert tab_to(qtbot, window.start.buttons["counter"]) <= 3
    key(qtbot, Qt.Key.Key_Space)
    go_to(qtbot, window, "procedures")
    desk = window.desk("counter").widget
    assert focus() is desk.procedures.next_button   # 住民票 is pre-chosen: the next step has the focus
    key(qtbot, Qt.Key.Key_Space)
    go_to(qtbot, window, "waiting_card")
    assert focus() is desk.tap.demo_button
    # reading order on the tap screen: its buttons, then the bottom bar left to right
    assert tab_order(qtbot, 5) == ["tap_manual", "nav_back", "language_button", "nav_restart", "demo_tap"]
    key(qtbot, Qt.Key.Key_Space)
    go_to(qtbot, window, "pin")
    qtbot.waitUntil(lambda: focus() is desk.pin.keys["1"], timeout=WAIT_MS)
    assert window.desk("library").widget is not None   # the library desk (and its wedge's rule) exists, off screen
    for digit in person["pin"]:
        # as fast as a USB keypad: the library desk's barcode wedge takes four keys and Enter within
        # 100 ms for a scan only on its own checkout page, so it must leave this PIN pad alone
        key(qtbot, getattr(Qt.Key, f"Key_{digit}"))
    assert desk.pin.display.value().count("●") == 4
    key(qtbot, Qt.Key.Key_Return)
    go_to(qtbot, window, "preview")
    preview = desk.preview
    assert focus() is preview.asked["visitor"].buttons["self"]   # the first field, pre-set to 本人
    kana = preview.asked["requester_kana"].edit
    assert tab_to(qtbot, kana) <= 3
    commit_text(kana, "やまだ たろう")   # what the input method of a Japanese keyboard commits
    # the language, by keyboard: the chooser opens on the current language, Tab to English
    assert tab_to(qtbot, desk.language_button) <= MAX_TABS
    key(qtbot, Qt.Key.Key_Space)
    chooser = desk.language_chooser
    assert chooser.isVisible() and focus() is chooser.buttons["ja"]
    assert tab_to(qtbot, chooser.buttons["en"]) == 1
    key(qtbot, Qt.Key.Key_Space)
    assert i18n.current() == "en" and focus() is desk.language_button
    assert desk.nav.back_button.text() == "Back\n戻る" and kana.text() == "やまだ たろう"
    # Tab wraps back into the fields: the certificate kind and the purpose, by Space
    assert tab_to(qtbot, preview.asked["certificate_kind"].buttons["all"]) <= MAX_TABS
    key(qtbot, Qt.Key.Key_Space)
    assert tab_to(qtbot, preview.asked["purpose"].buttons["employment"]) <= MAX_TABS
    key(qtbot, Qt.Key.Key_Space)
    assert preview.next_button.isEnabled()
    assert tab_to(qtbot, preview.next_button) <= MAX_TABS
    key(qtbot, Qt.Key.Key_Space)
    go_to(qtbot, window, "confirm")
    assert focus() is desk.confirm.submit_button
    key(qtbot, Qt.Key.Key_Space)
    go_to(qtbot, window, "done")
    assert focus() is desk.done.next_button
    assert window.desk("counter").controller.last_submission is not None
    key(qtbot, Qt.Key.Key_Space)
    go_to(qtbot, window, "procedures")
    assert i18n.current() == "ja"   # the next person starts in Japanese
    assert desk.nav.back_button.text() == "戻る\nBack"
