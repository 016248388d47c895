"""The three desks in one window: the start screen opens each; the shelter and library desks read
cards on the card thread; leaving a desk (its exit button or the idle timeout) forgets everyone
shown on it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QListWidget

from kiosk.ui.a11y import plain_text
from tests.kiosk.conftest import shoot

PEOPLE = json.loads((Path(__file__).resolve().parents[1] / "fixtures" / "people.json")
                    .read_text(encoding="utf-8"))["people"]


def inprocess_source(person: dict):
    from devices.emulator import CardHolder, MyNumberCard
    from kiosk.cards.source import InProcessCardSource

    return InProcessCardSource(MyNumberCard(CardHolder.from_dict(person)))


def widget_texts(window) -> str:
    texts = []
    for widget in window.findChildren(QLabel):
        texts += [widget.text(), plain_text(widget)]   # the words also without word joiners
    for widget in window.findChildren(QLineEdit):
        texts.append(widget.text())
    for widget in window.findChildren(QAbstractButton):
        texts.append(widget.text())
    for widget in window.findChildren(QListWidget):
        texts.extend(widget.item(i).text() for i in range(widget.count()))
    return "\n".join(texts)


@pytest.mark.shots
def test_start_screen_opens_every_desk(make_window, qtbot):
    window = make_window(inprocess_source(PEOPLE[0]))
    assert all(b.isEnabled() for b in window.start.desk_buttons)
    shoot(window, "start.png")
    for button, desk in ((window.start.buttons["shelter"], window.desk("shelter").widget),
                         (window.start.buttons["library"], window.desk("library").widget)):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert window.stack.currentWidget() is desk
        window.leave_desk()
        assert window.stack.currentWidget() is window.start
    qtbot.mouseClick(window.start.buttons["counter"], Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.desk("counter").widget


@pytest.mark.shots
def test_shelter_check_in_by_hand_then_leaving_forgets_everyone(make_window, qtbot):
    window = make_window(inprocess_source(PEOPLE[0]))
    qtbot.mouseClick(window.start.buttons["shelter"], Qt.MouseButton.LeftButton)
    desk = window.desk("shelter").widget
    desk.name.setText("𠮷田　修")
    desk.kana.setText("よしだ　おさむ")
    qtbot.mouseClick(desk.checkin_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: desk.people.count() == 1, timeout=5000)
    assert "𠮷田" in desk.people.item(0).text()
    qtbot.mouseClick(desk.need_buttons["infant"], Qt.MouseButton.LeftButton)
    desk.name.setText("𠮷田　花子")
    shoot(window, "shelter-desk.png")
    window.leave_desk()
    assert "𠮷田" not in widget_texts(window) and "よしだ" not in widget_texts(window)
    qtbot.mouseClick(window.start.buttons["shelter"], Qt.MouseButton.LeftButton)
    assert desk.people.count() == 1  # the roster comes back from the store when the desk opens again


@pytest.mark.shots
def test_library_tap_runs_off_the_ui_thread_and_reports_an_unknown_card(make_window, qtbot):
    window = make_window(inprocess_source(PEOPLE[0]))
    qtbot.mouseClick(window.start.buttons["library"], Qt.MouseButton.LeftButton)
    desk = window.desk("library").widget
    qtbot.mouseClick(desk.tap_button, Qt.MouseButton.LeftButton)
    assert window.card.busy or desk.status.text()  # queued on the card thread
    qtbot.waitUntil(lambda: desk.status.text() != "", timeout=10000)
    assert desk.tap_button.isEnabled()
    shoot(window, "library-desk.png")
    assert PEOPLE[0]["name"] not in widget_texts(window)  # a PIN-less tap reads no name


def test_idle_timeout_warns_then_leaves_the_shelter_desk(make_window, qtbot):
    window = make_window(inprocess_source(PEOPLE[0]))
    window.services.desk_idle_ms = {"shelter": 200, "library": 60_000}   # kiosk.json's desk_idle_s
    qtbot.mouseClick(window.start.buttons["shelter"], Qt.MouseButton.LeftButton)
    shelter = window.desk("shelter")
    assert shelter.idle.idle_ms == 200 and shelter.idle.warn_ms == 200   # the warning fits in the time
    shelter.widget.name.setText("佐藤　花子")
    qtbot.waitUntil(shelter.warning.isVisible, timeout=5000)   # warned first …
    assert "まだお使いですか" in plain_text(shelter.warning.title)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.start, timeout=5000)   # … then wiped
    assert "佐藤" not in widget_texts(window)
    assert not shelter.idle.isActive() and not shelter.warning.isVisible()
    qtbot.mouseClick(window.start.buttons["library"], Qt.MouseButton.LeftButton)   # each desk its own time
    library_idle = window.desk("library").idle
    assert library_idle.idle_ms == 60_000 and library_idle.isActive()
    qtbot.wait(400)   # the behaviour itself: longer than the shelter's 200 ms, and the library stays
    assert window.stack.currentWidget() is window.desk("library").widget
    assert not window.desk("library").warning.isVisible()


@pytest.mark.shots
@pytest.mark.parametrize("name", ["shelter", "library"])
def test_continue_keeps_a_half_typed_form_at_the_shelter_and_the_library(make_window, qtbot, name):
    """「まだお使いですか？」 with the seconds counting down over the desk; 続ける: the family being
    typed, the focus and the page are kept, and the countdown starts again."""
    window = make_window(inprocess_source(PEOPLE[0]))
    window.services.desk_idle_ms = {name: 60_000}
    qtbot.mouseClick(window.start.buttons[name], Qt.MouseButton.LeftButton)
    desk = window.desk(name)
    if name == "shelter":
        field = desk.widget.kana
        desk.widget.name.setText("佐藤　花子")
        desk.widget.household.setText("佐藤家")
        qtbot.mouseClick(desk.widget.need_buttons["infant"], Qt.MouseButton.LeftButton)
    else:
        qtbot.mouseClick(desk.widget.manual_button, Qt.MouseButton.LeftButton)
        field = desk.widget.manual_code
    field.setFocus()
    if name == "shelter":
        field.insert("さとう")   # kana, half typed (QTest types ASCII only)
    else:
        qtbot.keyClicks(field, "10000")
    desk.set_idle(3_200, 3_000)   # the warning at once (0.2 s), three seconds to answer it
    qtbot.waitUntil(desk.warning.isVisible, timeout=5000)
    assert "あと 3 秒" in plain_text(desk.warning.message) and "in 3 s" in plain_text(desk.warning.message)
    qtbot.waitUntil(lambda: "あと 2 秒" in plain_text(desk.warning.message), timeout=5000)   # counting down
    assert desk.warning.continue_button.hasFocus()
    assert not field.isEnabled()   # the desk beneath is out of reach (no Tab, no touch)
    if name == "library":          # … and no scan acts behind the warning
        assert not desk.widget.takes_scans()
    shoot(window, f"{name}-idle-warning.png")
    desk.set_idle(60_000, 3_000)   # after 続ける: a minute before the next warning (a loaded machine)
    qtbot.mouseClick(desk.warning.continue_button, Qt.MouseButton.LeftButton)
    assert not desk.warning.isVisible() and window.stack.currentWidget() is desk.widget
    assert field.window().focusWidget() is field and field.isEnabled() and field.isVisible()   # focus back
    if name == "shelter":
        assert (desk.widget.name.text(), desk.widget.kana.text(), desk.widget.household.text()) == \
            ("佐藤　花子", "さとう", "佐藤家")
        assert desk.widget.need_buttons["infant"].isChecked()
    else:
        assert field.text() == "10000" and desk.widget.takes_scans()   # scans again
    assert desk.idle.isActive() and not desk.idle.warning_shown   # counting again from the start
    assert desk.idle.quiet.remainingTime() > 50_000
    desk.set_idle(1_500, 1_000)   # applies at once
    qtbot.waitUntil(desk.warning.isVisible, timeout=5000)   # unanswered this time: wiped
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.start, timeout=8000)
    assert "佐藤" not in widget_texts(window) and "さとう" not in widget_texts(window)


def test_the_desks_are_registered_in_one_place_and_driven_through_the_protocol(make_window, qtbot):
    """kiosk.desks lists every desk the shell knows (its rights, its start buttons) once; the window
    builds them as kiosk.ui.desk.Desk (after its first paint; the library on first open), and kiosk/app.py
    names none of them."""
    from kiosk.app import MainWindow
    from kiosk.desks import DESKS
    from kiosk.shell.staff import DESKS as SHELL_DESKS
    from kiosk.ui.desk import Desk

    assert tuple(entry.name for entry in DESKS) == SHELL_DESKS
    window = make_window(inprocess_source(PEOPLE[0]))
    assert list(window.start.buttons) == list(SHELL_DESKS)
    # counter and shelter are built once the first screen has been painted; the library not yet
    qtbot.waitUntil(lambda: [desk.name for desk in window.built_desks()] == ["counter", "shelter"],
                    timeout=10_000)
    qtbot.mouseClick(window.start.buttons["library"], Qt.MouseButton.LeftButton)
    assert [desk.name for desk in window.built_desks()] == ["counter", "shelter", "library"]
    for desk in window.built_desks():
        assert isinstance(desk, Desk) and window.desk(desk.name) is desk
        assert desk.shows(desk.widget) and not desk.shows(window.start)
    assert window.current_desk() == "library"
    source = Path(MainWindow.__module__.replace(".", "/") + ".py")
    text = (Path(__file__).resolve().parents[2] / source).read_text(encoding="utf-8").lower()
    assert not [name for name in SHELL_DESKS if name in text]   # no branch, no attribute per desk


def press_pin(qtbot, pad, pin: str) -> None:
    qtbot.waitUntil(lambda: pad.tries_left is not None and pad.ok_button.isVisible(), timeout=10_000)
    for digit in pin:
        qtbot.mouseClick(pad.keys[digit], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(pad.ok_button, Qt.MouseButton.LeftButton)


@pytest.mark.pcscd
def test_the_demo_card_at_the_shelter_and_the_library(make_window, qtbot, slot1_card, people):
    """`kazasu demo`'s card works at every desk (the real pcscd, vpcd slot 1): the shelter checks its
    person in with the PIN, and a second press with the card still there says they are here already;
    the library says how to register the card, registers it, and 次の方 takes the card off."""
    yamada = people[0]
    _, demo, source = slot1_card(yamada)
    window = make_window(source, demo)
    qtbot.mouseClick(window.start.buttons["shelter"], Qt.MouseButton.LeftButton)
    shelter = window.desk("shelter").widget
    qtbot.mouseClick(shelter.demo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shelter.page() == "pin", timeout=10_000)
    press_pin(qtbot, shelter.pin, yamada["pin"])
    qtbot.waitUntil(lambda: any(yamada["name"] in shelter.people.item(i).text()
                                for i in range(shelter.people.count())), timeout=10_000)
    assert window.card.present   # the card stays on the reader, as a real one would
    qtbot.mouseClick(shelter.demo_button, Qt.MouseButton.LeftButton)   # pressed again
    qtbot.waitUntil(lambda: shelter.page() == "person", timeout=10_000)
    assert "Already checked in" in shelter.message.value()
    assert [p.state for p in shelter.roster.people.values()] == ["present"]
    window.leave_desk()
    qtbot.waitUntil(lambda: not window.card.present, timeout=10_000)   # off with the person

    qtbot.mouseClick(window.start.buttons["library"], Qt.MouseButton.LeftButton)
    library = window.desk("library").widget
    qtbot.mouseClick(library.demo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "利用登録" in library.status.value(), timeout=10_000)   # what to do next
    assert "Register" in library.status.value() and library.patron is None
    qtbot.mouseClick(library.register_button, Qt.MouseButton.LeftButton)
    panel = library.register_panel
    assert panel.demo_button is not None and panel.demo_button.isVisible()
    qtbot.mouseClick(panel.pin_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.pages.currentWidget() is panel.pin, timeout=10_000)
    press_pin(qtbot, panel.pin, yamada["pin"])
    qtbot.waitUntil(lambda: panel.pages.currentWidget() is panel.result, timeout=10_000)
    assert yamada["name"] in panel.result_text.value()
    qtbot.mouseClick(panel.finish_button, Qt.MouseButton.LeftButton)
    assert library.patron is not None
    qtbot.mouseClick(library.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.card.present, timeout=10_000)


def test_no_widget_is_shown_as_a_window_of_its_own_while_the_screens_are_built(make_window, qtbot):
    """Every widget is parented before it is shown: one made visible while parentless becomes a
    window of its own, which on a real X server is mapped and takes the activation from the kiosk's
    window (the tap screen's demo-card button and the sign-in's staff-card button once did). The
    demo's window (its demo card, a card source) with every desk built."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QWidget

    from kiosk.demo import set_up_demo_card
    from kiosk.desks import DESKS

    class Windows(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.shown: list[str] = []

        def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt name)
            if event.type() == QEvent.Type.Show and isinstance(obj, QWidget) and obj.isWindow():
                self.shown.append(f"{type(obj).__name__} {obj.objectName()!r}")
            return False

    card = set_up_demo_card(allow_pcscd=False)
    windows = Windows()
    QApplication.instance().installEventFilter(windows)
    try:
        window = make_window(card.source, card.demo_card, demo_staff_hint=True)
        for entry in DESKS:
            window.desk(entry.name)
        QApplication.processEvents()
    finally:
        QApplication.instance().removeEventFilter(windows)
    assert [name for name in windows.shown if not name.startswith("MainWindow")] == []
    assert windows.shown, "the kiosk's window itself was seen shown"
