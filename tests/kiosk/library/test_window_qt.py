"""The library desk inside the kiosk window (the start screen opens it), with the emulated card on
vpcd slot 1 read on the window's card thread: register with the PIN, then a PIN-less tap finds
the patron; leaving the desk forgets the patron. The window keeps 1280×800 (shoot checks it)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from devices.pcsc import wait_for_presence
from tests.kiosk.conftest import READER, shoot

pytestmark = pytest.mark.pcscd
WAIT_MS = 10_000


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


@pytest.mark.shots
def test_register_in_the_window_then_tap(qtbot, make_window, slot1_card, people, terminal):
    card, demo, source = slot1_card(people[0])
    window = make_window(source, demo)
    demo.insert()                                            # the card is placed on the reader
    assert wait_for_presence(READER, True, 5.0)
    click(qtbot, window.start.buttons["library"])
    desk = window.desk("library").widget
    assert window.stack.currentWidget() is desk and desk.register_button.isVisible()
    click(qtbot, desk.register_button)
    panel = desk.register_panel
    click(qtbot, panel.pin_button)
    qtbot.waitUntil(lambda: "残り" in panel.pin.tries_label.accessibleName(), timeout=WAIT_MS)
    shoot(window, "library-register-pin.png")
    click(qtbot, panel.back_button)                          # the way back from the PIN pad
    assert panel.pages.currentWidget() is panel.form and not panel.back_button.isVisible()
    click(qtbot, panel.pin_button)
    qtbot.waitUntil(lambda: "残り" in panel.pin.tries_label.accessibleName(), timeout=WAIT_MS)
    for d in people[0]["pin"]:
        click(qtbot, panel.pin.keys[d])
    click(qtbot, panel.pin.ok_button)
    qtbot.waitUntil(lambda: panel.pages.currentWidget() is panel.result, timeout=WAIT_MS)
    assert (terminal.data_dir / "library-cards" / "library-card-2010000012.pdf").exists()
    click(qtbot, panel.finish_button)
    click(qtbot, desk.next_button)                           # 次の方 takes the demo card off the reader
    qtbot.waitUntil(lambda: not window.card.present, timeout=WAIT_MS)
    verified = card.verify_data_count
    click(qtbot, desk.demo_button)                           # later: the card put back and tapped
    qtbot.waitUntil(lambda: desk.patron == "2010000012", timeout=WAIT_MS)
    assert card.verify_data_count == verified and "山田" in desk.patron_line.value()
    window.leave_desk()
    assert desk.patron is None and desk.patron_line.value() == ""
