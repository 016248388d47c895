"""The counter desk end to end with real widgets, the real pcscd and the emulated card on slot 1.

Tap (the demo button plugs the card in through vpcd), PIN typed on the pad with clicks, preview with
the card's values in 和暦, asked fields answered by clicks, confirm → one pending event and a PDF;
next person → no widget in the window holds the person any more. Wrong PIN, one try left, blocked
PIN and the by-hand path. Screenshots go to docs/screenshots/.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QLineEdit, QWidget

from kiosk.ui.a11y import plain_text  # a label's words without markup or word joiners
from kiosk.ui.labels import ValueLabel
from tests.kiosk.conftest import assert_text_fits, shoot

pytestmark = pytest.mark.pcscd
WAIT_MS = 10_000


def person(people, name):
    return dict(next(p for p in people if p["name"] == name))


def state(window) -> str:
    return window.desk("counter").controller.flow.state.value


def go_to(qtbot, window, target: str) -> None:
    qtbot.waitUntil(lambda: state(window) == target, timeout=WAIT_MS)


def click(qtbot, widget) -> None:
    assert widget.isVisible() and widget.isEnabled(), widget.objectName()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def type_pin(qtbot, window, pin: str) -> None:
    pad = window.desk("counter").widget.pin
    for digit in pin:
        click(qtbot, pad.keys[digit])
    click(qtbot, pad.ok_button)


def open_counter(qtbot, window, forms: list[str] | None = None) -> None:
    """Start screen → the procedures step (the default form pre-chosen; `forms` to choose others)
    → waiting for the card."""
    click(qtbot, window.start.buttons["counter"])
    go_to(qtbot, window, "procedures")
    procedures = window.desk("counter").widget.procedures
    if forms is not None:
        for fid, b in procedures.buttons.items():
            if b.isChecked() != (fid in forms):
                click(qtbot, b)
    click(qtbot, procedures.next_button)
    go_to(qtbot, window, "waiting_card")


def tap_card(qtbot, window, forms: list[str] | None = None) -> None:
    open_counter(qtbot, window, forms)
    click(qtbot, window.desk("counter").widget.tap.demo_button)


def commit_text(widget, text: str) -> None:
    """Type Japanese the way an input method does: one committed string (QTest only knows ASCII)."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def all_texts(window) -> list[str]:
    """Every text a widget in the window tree holds or announces."""
    texts = [window.windowTitle()]
    for w in window.findChildren(QWidget):
        texts += [w.accessibleName(), w.accessibleDescription(), w.toolTip()]
        if isinstance(w, (QLabel, QLineEdit, QAbstractButton)):
            texts.append(w.text())
        if isinstance(w, QLineEdit):
            texts.append(w.displayText())
    return [t for t in texts if t]


@pytest.mark.shots
def test_start_screen_shows_three_desks(qtbot, make_window, slot1_card, people):
    _, demo, source = slot1_card(people[0])
    window = make_window(source, demo)
    buttons = window.start.desk_buttons
    assert [b.text().split("\n")[0] for b in buttons] == ["窓口（証明書・届出）", "避難所受付", "図書館"]
    assert all(b.isEnabled() for b in buttons)
    assert all(b.height() >= 44 for b in buttons)
    shoot(window, "start.png")


@pytest.mark.shots
def test_whole_counter_path_then_next_person_forgets(qtbot, make_window, slot1_card, people, terminal):
    yamada = people[0]
    card, demo, source = slot1_card(yamada)
    window = make_window(source, demo)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)   # the window has the keyboard: focus moves
    open_counter(qtbot, window)
    assert window.desk("counter").widget.steps.current == 1
    shoot(window, "counter-1-tap.png")
    click(qtbot, window.desk("counter").widget.tap.demo_button)
    go_to(qtbot, window, "pin")
    pad = window.desk("counter").widget.pin
    assert "残り 3 回" in plain_text(pad.tries_label)  # shown before the first digit
    assert card.verify_data_count == 0
    click(qtbot, pad.keys["1"])
    click(qtbot, pad.keys["2"])
    assert pad.display.value() == "● ● ○ ○" and "12" not in pad.display.value()
    shoot(window, "counter-2-pin.png")
    click(qtbot, pad.keys["3"])
    click(qtbot, pad.keys["4"])
    click(qtbot, pad.ok_button)
    go_to(qtbot, window, "preview")
    assert card.verify_data_count == 1
    preview = window.desk("counter").widget.preview
    assert preview.values["name"].value() == yamada["name"]
    assert preview.values["address"].value() == yamada["address"]
    assert preview.values["birth"].value() == "昭和55年4月2日"
    # 確認へ進む too early: the missing items named, the focus on the first of them
    assert not preview.message.isVisible()   # no warning before they had a chance to answer
    click(qtbot, preview.next_button)
    assert state(window) == "preview"
    assert preview.message.isVisible() and "まだ選んでいない項目があります：" in plain_text(preview.message)
    focus = QApplication.focusWidget()
    first = next(w for w in preview.asked.values() if w is focus or w.isAncestorOf(focus))
    assert first.field.label_ja in plain_text(preview.message) and first.field.label_en in preview.message.text()
    click(qtbot, preview.asked["visitor"].buttons["self"])
    click(qtbot, preview.asked["certificate_kind"].buttons["all"])
    click(qtbot, preview.asked["purpose"].buttons["employment"])
    click(qtbot, preview.asked["copies"].plus)
    kana = preview.asked["requester_kana"].edit
    click(qtbot, kana)
    commit_text(kana, "やまだ たろう")
    assert preview.asked["copies"].value() == 2
    assert preview.next_button.isEnabled(), preview.message.text()
    shoot(window, "counter-3-preview.png")
    click(qtbot, preview.next_button)
    go_to(qtbot, window, "confirm")
    confirm_texts = [w.value() for w in window.desk("counter").widget.confirm.findChildren(ValueLabel)]
    assert "やまだ たろう" in confirm_texts and "2" in confirm_texts
    assert_text_fits(window)
    click(qtbot, window.desk("counter").widget.confirm.submit_button)
    go_to(qtbot, window, "done")
    submission = window.desk("counter").controller.last_submission
    assert window.services.store.status()["pending"] == 1
    assert submission.pdf.exists() and submission.pdf.parent == terminal.data_dir / "print"
    assert submission.pdf.read_bytes().startswith(b"%PDF")
    assert yamada["name"] not in submission.pdf.name
    assert "送信待ち 1 件" in plain_text(window.desk("counter").widget.done.queued)
    assert window.desk("counter").widget.steps.current == 4
    shoot(window, "counter-4-done.png")

    click(qtbot, window.desk("counter").widget.done.next_button)
    go_to(qtbot, window, "procedures")  # the next person's visit starts with its procedures
    qtbot.waitUntil(lambda: not window.card.present, timeout=WAIT_MS)  # the card was taken back
    leftovers = [t for t in all_texts(window)
                 if "山田" in t or "太郎" in t or "西新宿" in t or "やまだ" in t or "昭和55年" in t]
    assert leftovers == []
    assert window.desk("counter").controller.person is None and window.desk("counter").controller.filled is None
    assert window.desk("counter").controller.answers == {} and window.desk("counter").widget.preview.asked == {}


@pytest.mark.shots
def test_wrong_pin_shows_tries_left_and_sends_the_pin_once(qtbot, make_window, slot1_card, people):
    card, demo, source = slot1_card(people[0])
    window = make_window(source, demo)
    tap_card(qtbot, window)
    go_to(qtbot, window, "pin")
    type_pin(qtbot, window, "9999")
    pad = window.desk("counter").widget.pin
    qtbot.waitUntil(lambda: pad.message.isVisible(), timeout=WAIT_MS)
    assert state(window) == "pin"
    assert "暗証番号が違います" in plain_text(pad.message) and "残り 2 回" in plain_text(pad.message)
    assert "2 tries left" in pad.message.text()
    assert card.verify_data_count == 1 and card.pin_tries_left == 2
    assert pad.display.value() == "○ ○ ○ ○"
    shoot(window, "counter-wrong-pin.png")


def test_one_try_left_needs_confirmation(qtbot, make_window, slot1_card, people):
    suzuki = person(people, "鈴木　一郎")
    assert suzuki["pin_tries_left"] == 1
    card, demo, source = slot1_card(suzuki)
    window = make_window(source, demo)
    tap_card(qtbot, window)
    go_to(qtbot, window, "pin")
    pad = window.desk("counter").widget.pin
    assert pad.warning.isVisible() and "残り1回" in plain_text(pad.warning)
    assert pad.confirm_last_try.isVisible()
    assert not pad.keys["4"].isEnabled()  # no digit before the confirmation
    click(qtbot, pad.confirm_last_try)
    assert not pad.confirm_last_try.isVisible()
    type_pin(qtbot, window, suzuki["pin"])
    go_to(qtbot, window, "preview")
    assert card.verify_data_count == 1
    assert window.desk("counter").widget.preview.values["birth"].value() == "平成元年1月8日"


def test_blocked_pin_says_the_office_can_reset_it_and_offers_code_b(qtbot, make_window, slot1_card, people):
    blocked = next(p for p in people if p.get("pin") and p["pin_tries_left"] == 0)
    card, demo, source = slot1_card(blocked)
    window = make_window(source, demo)
    tap_card(qtbot, window)
    go_to(qtbot, window, "code_b")   # no PIN pad for a blocked PIN: 照合番号B, saying why
    screen = window.desk("counter").widget.code_b
    qtbot.waitUntil(lambda: "残り 10 回" in plain_text(screen.tries_label), timeout=WAIT_MS)
    assert "ロック" in plain_text(screen.message) and "市区町村" in plain_text(screen.message)
    # both ways on: 照合番号B here, and typing by hand
    assert "照合番号B" in plain_text(screen.message) and "check code B" in screen.message.text()
    assert "municipal office" in screen.message.text()
    assert not screen.note.isVisible() and screen.manual_button.isVisible()   # by hand stays a way
    assert card.verify_data_count == 0
    assert_text_fits(window)


@pytest.mark.shots
def test_no_card_path_types_the_person_by_hand(qtbot, make_window, slot1_card, people):
    card, demo, source = slot1_card(people[0])
    window = make_window(source, demo)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)   # the window has the keyboard: focus moves
    open_counter(qtbot, window)
    click(qtbot, window.desk("counter").widget.tap.manual_button)
    go_to(qtbot, window, "manual")
    manual = window.desk("counter").widget.manual
    manual.name.setText("手入力　花子")
    manual.address.setText("東京都千代田区霞が関一丁目")
    manual.birth.setText("平成２年５月１日")   # 和暦 and 全角 digits, as written on many documents
    click(qtbot, manual.sex_buttons["2"])
    assert "例：" in manual.birth.placeholderText()   # the example reads as an example
    # the step bar names staff entry, not a PIN
    steps = window.desk("counter").widget.steps
    assert "係員入力" in plain_text(steps.steps[1]) and "暗証番号" not in plain_text(steps.steps[1])
    # 次へ without the identity document: named, the focus there
    click(qtbot, manual.next_button)
    assert state(window) == "manual" and "本人確認書類" in plain_text(manual.message)
    assert "Identity document" in manual.message.text()
    assert manual.document_buttons["drivers_license"].hasFocus()
    click(qtbot, manual.document_buttons["drivers_license"])
    click(qtbot, manual.next_button)
    assert state(window) == "manual" and "書類を確認しました" in plain_text(manual.message)
    assert manual.document_seen.hasFocus()
    click(qtbot, manual.document_seen)
    assert_text_fits(window)
    shoot(window, "counter-manual.png")
    click(qtbot, manual.next_button)
    go_to(qtbot, window, "preview")
    view = window.desk("counter").widget
    assert view.preview.values["name"].value() == "手入力　花子"
    assert view.preview.values["birth"].value() == "平成2年5月1日"
    assert "係員が入力した内容" in plain_text(view.preview.title)
    assert "カードから" not in plain_text(view.preview.title)
    controller = window.desk("counter").controller
    assert controller.person["read_from_card"] is False
    assert controller.person["identity_document"] == {"kind": "drivers_license", "seen_by_staff": True}
    assert card.verify_data_count == 0
    click(qtbot, window.desk("counter").widget.nav.restart_button)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.start, timeout=WAIT_MS)
    assert not [t for t in all_texts(window) if "手入力" in t or "霞が関" in t]


@pytest.mark.shots
def test_by_hand_visit_records_the_identity_document_and_prints_it_nowhere(qtbot, make_window, slot1_card,
                                                                            people):
    import subprocess

    from tests.kiosk.counter.test_visit import answer_everything

    card, demo, source = slot1_card(people[0])
    window = make_window(source, demo)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)   # the window has the keyboard: focus moves
    open_counter(qtbot, window)
    view = window.desk("counter").widget
    click(qtbot, view.tap.manual_button)
    go_to(qtbot, window, "manual")
    manual = view.manual
    manual.name.setText("手入力　花子")
    manual.address.setText("東京都千代田区霞が関一丁目")
    manual.birth.setText("昭和64年1月7日")   # the last day of 昭和
    click(qtbot, manual.sex_buttons["2"])
    click(qtbot, manual.document_buttons["other"])
    assert manual.document_other.isVisible()
    click(qtbot, manual.document_seen)
    click(qtbot, manual.next_button)
    assert state(window) == "manual" and "書類の名前" in plain_text(manual.message)   # other: its name
    assert manual.document_other.hasFocus()
    manual.document_other.setText("身体障害者手帳")
    manual.birth.setText("昭和64年1月8日")   # no such 昭和 day: 平成 began
    click(qtbot, manual.next_button)
    assert state(window) == "manual" and "昭和の期間にありません" in plain_text(manual.message)
    assert manual.birth.hasFocus()
    manual.birth.setText("1989/1/7")
    click(qtbot, manual.next_button)
    go_to(qtbot, window, "preview")
    assert view.preview.values["birth"].value() == "昭和64年1月7日"
    answer_everything(qtbot, window)
    click(qtbot, view.preview.next_button)
    go_to(qtbot, window, "confirm")
    shown = [plain_text(w) for w in view.confirm.findChildren(QLabel)]
    assert any("身体障害者手帳" in t for t in shown) and any("係員が確認しました" in t for t in shown)
    assert any("本人確認" in t for t in shown)
    shoot(window, "counter-manual-confirm.png")
    click(qtbot, view.confirm.submit_button)
    go_to(qtbot, window, "done")
    assert not view.done.card.isVisible()   # no card was read: no 「カードをお取りください」
    submission = window.desk("counter").controller.last_submission
    event = window.services.store.get(submission.event_id)
    assert event.payload["identity_document"] == {"kind": "other", "other": "身体障害者手帳",
                                                  "seen_by_staff": True}
    printed = subprocess.run(["pdftotext", str(submission.pdf), "-"], capture_output=True, text=True,
                             check=True).stdout
    assert "手入力" in printed and "身体障害者手帳" not in printed
    click(qtbot, view.done.next_button)
    go_to(qtbot, window, "procedures")
    assert view.done.card.isVisible() or not view.done.isVisible()
    assert not [t for t in all_texts(window) if "身体障害者手帳" in t or "手入力" in t]
