"""The idle warning with the real widgets and the emulated card on slot 1 (short times set here):
「まだお使いですか？」 shows with the seconds left; 続ける → back on the same screen with the answers and
the focus kept and the countdown restarted; no answer → the same wipe as 最初から, and no widget in
the window holds anything of the person."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kiosk.ui.a11y import plain_text  # a label's words without markup or word joiners
from tests.kiosk.conftest import shoot
from tests.kiosk.counter.test_flow import WAIT_MS, all_texts, click, go_to, state, tap_card, type_pin

pytestmark = pytest.mark.pcscd


def to_preview(qtbot, window, person):
    tap_card(qtbot, window)
    go_to(qtbot, window, "pin")
    type_pin(qtbot, window, person["pin"])
    go_to(qtbot, window, "preview")
    preview = window.desk("counter").widget.preview
    click(qtbot, preview.asked["visitor"].buttons["self"])
    return preview


@pytest.mark.shots
def test_continue_keeps_the_person_where_they_were(qtbot, make_window, slot1_card, people):
    yamada = people[0]
    _, demo, source = slot1_card(yamada)
    window = make_window(source, demo)
    preview = to_preview(qtbot, window, yamada)
    plus = preview.asked["copies"].plus
    plus.setFocus()
    idle, warning = window.desk("counter").controller.idle, window.desk("counter").widget.idle_warning
    assert (idle.idle_ms, idle.warn_ms) == (120_000, 20_000)  # the defaults
    idle.set_idle(20_500, 20_000)  # the default 20 s warning, half a second from now
    window.desk("counter").controller.touch()
    qtbot.waitUntil(warning.isVisible, timeout=WAIT_MS)
    assert "あと 20 秒" in plain_text(warning.message) and "in 20 s" in plain_text(warning.message)
    assert "まだお使いですか" in plain_text(warning.title) and "Are you still there?" in plain_text(warning.title)
    assert "秒で最初の画面に戻ります" in plain_text(warning.message)
    assert warning.continue_button.hasFocus() and warning.continue_button.height() >= 72
    assert QApplication.widgetAt(plus.mapToGlobal(plus.rect().center())) is not plus
    view = window.desk("counter").widget
    assert not view.pages.isEnabled() and not view.nav.isEnabled()  # no Tab behind
    shoot(window, "counter-idle-warning.png")
    qtbot.mouseClick(warning.continue_button, Qt.MouseButton.LeftButton)
    assert not warning.isVisible() and not idle.warning_shown
    assert state(window) == "preview" and window.stack.currentWidget() is window.desk("counter").widget
    assert preview.asked["visitor"].value() == "self" and plus.hasFocus()
    assert window.desk("counter").widget.pages.isEnabled() and plus.isEnabled()
    click(qtbot, preview.next_button)   # still its own state: the kana is missing, and named
    assert state(window) == "preview" and "ふりがな" in plain_text(preview.message)
    assert idle.isActive()  # counting again from the start
    idle.set_idle(2_000, 1_500)
    window.desk("counter").controller.touch()
    qtbot.waitUntil(warning.isVisible, timeout=WAIT_MS)  # and it warns again
    qtbot.waitUntil(lambda: "あと 1 秒" in plain_text(warning.message), timeout=WAIT_MS)  # counting down
    click(qtbot, warning.continue_button)
    assert state(window) == "preview" and window.desk("counter").controller.person is not None


def test_no_answer_wipes_like_start_over(qtbot, make_window, slot1_card, people):
    yamada = people[0]
    _, demo, source = slot1_card(yamada)
    window = make_window(source, demo)
    preview = to_preview(qtbot, window, yamada)
    kana = preview.asked["requester_kana"].edit
    kana.setText("やまだ たろう")
    window.desk("counter").controller.idle.set_idle(1_500, 1_000)
    window.desk("counter").controller.touch()
    warning = window.desk("counter").widget.idle_warning
    qtbot.waitUntil(warning.isVisible, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.start, timeout=WAIT_MS)
    assert state(window) == "idle" and not warning.isVisible()
    assert not window.desk("counter").controller.idle.isActive()
    qtbot.waitUntil(lambda: not window.card.present, timeout=WAIT_MS)  # the card was taken back
    leftovers = [t for t in all_texts(window)
                 if "山田" in t or "太郎" in t or "西新宿" in t or "やまだ" in t or "昭和55年" in t]
    assert leftovers == []
    assert window.desk("counter").controller.person is None and window.desk("counter").controller.filled is None
    assert window.desk("counter").controller.answers == {} and window.desk("counter").widget.preview.asked == {}
