"""The on-screen keyboard on the preview's asked fields: tapping the 50-sound grid types the reading
(゛ ゜ 小 change the character before the cursor, かな/カナ switches the script, 1字消す deletes), the
number pad types the phone number, the field keeps the focus throughout, and the answers follow."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kiosk.ui.kana_keyboard import modify
from tests.kiosk.conftest import shoot
from tests.kiosk.counter.test_preview_layout import _desk, _person


def tap(qtbot, keyboard, *keys):
    for key in keys:
        b = keyboard.keys[key] if key in keyboard.keys else key
        assert b.isVisible() and b.height() >= 44 and b.width() >= 44
        qtbot.mouseClick(b, Qt.MouseButton.LeftButton)


@pytest.mark.parametrize(("ch", "mark", "result"), [
    ("か", "゛", "が"), ("が", "゛", "か"), ("は", "゜", "ぱ"), ("ば", "゜", "ぱ"), ("ぱ", "゛", "ば"),
    ("つ", "小", "っ"), ("ョ", "小", "ヨ"), ("ハ", "゛", "バ"), ("う", "゛", "ゔ"), ("あ", "゜", "あ"),
    ("1", "゛", "1")])
def test_marks(ch, mark, result):
    assert modify(ch, mark) == result


@pytest.mark.shots
def test_tapping_types_the_reading_and_the_phone_number(qtbot, people):
    desk = _desk(qtbot, _person(people[0]))
    desk.activateWindow()
    qtbot.waitUntil(desk.isActiveWindow)   # the keyboard's focus is in this window
    preview = desk.preview
    keyboard = preview.keyboard
    assert not keyboard.isVisible()
    kana = preview.asked["requester_kana"].edit
    qtbot.mouseClick(kana, Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    assert keyboard.mode == "kana" and kana.hasFocus()
    tap(qtbot, keyboard, "や", "ま", "た", "゛", keyboard.space_button, "き", "よ", "小", "う", "こ")
    assert kana.text() == "やまだ　きょうこ" and kana.hasFocus()
    tap(qtbot, keyboard, keyboard.delete_button)
    assert kana.text() == "やまだ　きょう"
    kana.setCursorPosition(2)                       # ゛ works on the character before the cursor
    tap(qtbot, keyboard, "゛")
    assert kana.text() == "やまだ　きょう"             # ま has no voiced form: nothing changes
    kana.setCursorPosition(len(kana.text()))
    tap(qtbot, keyboard, keyboard.script_button, "た", "ろ", "う")
    assert kana.text() == "やまだ　きょうタロウ" and keyboard.keys["あ"].text() == "ア"
    assert preview.answers()["requester_kana"] == "やまだ　きょうタロウ"  # the answers follow
    shoot(desk, "counter-3-preview-kana-keyboard.png")

    phone = preview.asked["requester_phone"].edit
    qtbot.mouseClick(phone, Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    assert keyboard.mode == "number" and not keyboard.keys["あ"].isVisible()
    tap(qtbot, keyboard, "n0", "n3", "n-", "n1", "n2", "n3", "n4", "n-", "n5", "n6", "n7", "n8")
    assert phone.text() == "03-1234-5678" and phone.hasFocus()
    assert preview.answers()["requester_phone"] == "03-1234-5678"

    # a choice takes the focus: the keyboard goes away; 閉じる hides it too
    qtbot.mouseClick(preview.asked["visitor"].buttons["self"], Qt.MouseButton.LeftButton)
    assert keyboard.mode is None
    qtbot.mouseClick(kana, Qt.MouseButton.LeftButton)
    assert keyboard.mode == "kana"
    tap(qtbot, keyboard, keyboard.close_button)
    assert keyboard.mode is None and kana.text() == "やまだ　きょうタロウ"
    # the next person: the keyboard is back to hiragana and typed into nothing
    preview.clear()
    assert keyboard.target is None and not keyboard.katakana and keyboard.keys["あ"].text() == "あ"
