"""The counter's by-hand screen in the kiosk window, filled from a pre-registration code read by a
keyboard-wedge reader (fast key events into the real widget): the code's procedures become the visit's,
the four facts are filled for staff to check against the identity document, the answers wait in the
preview; a shelter's code says so and fills nothing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kiosk.counter import identity
from kiosk.ui.a11y import plain_text  # a label's words without markup or word joiners
from sync.prereg.codes import SiteKeys, make_codes
from tests.kiosk.counter.test_flow import click, go_to, open_counter
from tests.sync.prereg_data import COUNTER_VISIT, family

pytestmark = pytest.mark.pcscd


def scan(qtbot, window, text: str) -> None:
    target = QApplication.focusWidget() or window
    qtbot.keyClicks(target, text)
    qtbot.keyClick(target, Qt.Key.Key_Return)


def test_a_code_fills_the_by_hand_screen(qtbot, make_window, slot1_card, people, terminal):
    card, demo, source = slot1_card(people[0])
    window = make_window(source, demo)
    keys = SiteKeys.load(terminal.data_dir, terminal.site)
    open_counter(qtbot, window)
    click(qtbot, window.desk("counter").widget.tap.manual_button)
    go_to(qtbot, window, "manual")
    manual = window.desk("counter").widget.manual
    click(qtbot, manual.code_button)
    scan(qtbot, window, make_codes(family(), keys.public, keys.site)[0])  # a shelter's code
    assert "避難所用" in plain_text(manual.message) and manual.name.text() == ""
    click(qtbot, manual.code_button)
    scan(qtbot, window, make_codes(COUNTER_VISIT, keys.public, keys.site)[0])
    assert manual.name.text() == "髙橋　𠮷子" and manual.birth.text() == "1985-06-15"
    assert manual.sex_buttons["2"].isChecked() and "本人確認書類" in plain_text(manual.message)
    click(qtbot, manual.document_buttons[identity.KINDS[0]])   # staff checked the document
    click(qtbot, manual.document_seen)
    click(qtbot, manual.next_button)
    go_to(qtbot, window, "preview")
    controller = window.desk("counter").controller
    assert controller.person["read_from_card"] is False and controller.chosen == ["juminhyo_request"]
    assert controller.answers["requester_kana"] == "たかはし　よしこ" and str(controller.answers["copies"]) == "2"
    assert card.verify_data_count == 0
