"""The Qt library desk: a tap finds the patron, the barcode wedge (no focused field) checks items out
and in, a blocked patron is refused, a text field keeps its keys; a screenshot for docs/."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from tests.kiosk.conftest import save
from tests.kiosk.library.conftest import SITE

P1 = {"name": "見本　一", "address": "東京都新宿区西新宿二丁目", "birth_date": "1970-01-01"}


@pytest.fixture
def screen(make_screen, desk):
    """(the desk's screen at 1024×700, its rules, a patron with a FeliCa card, what a tap reads)."""
    number = desk.register(P1)
    desk.link(number, "felica", "012E4CD1F3A57B09", "pseudonym")
    taps = {"card": ("felica", "012E4CD1F3A57B09")}
    widget = make_screen(identify_card=lambda: taps["card"], size=(1024, 700))
    return widget, desk, number, taps


def scan(qtbot, widget, code: str) -> None:
    QApplication.focusWidget() and QApplication.focusWidget().clearFocus()
    target = widget.window()
    qtbot.keyClicks(target, code)
    qtbot.keyClick(target, Qt.Key.Key_Return)


@pytest.mark.shots
def test_tap_scan_checkout_and_return(qtbot, screen):
    widget, core, number, taps = screen
    scan(qtbot, widget, "1000001")                     # an item before any patron
    assert "利用者カード" in widget.status.value()
    qtbot.mouseClick(widget.tap_button, Qt.MouseButton.LeftButton)
    assert widget.patron == number and number in widget.patron_line.value()
    scan(qtbot, widget, "1000001")
    scan(qtbot, widget, "9000001")
    assert [loan["item"] for loan in core.summary(number)["loans"]] == ["1000001", "9000001"]
    assert widget.loans.count() == 2 and "返却期限" in widget.loans.item(0).text()
    save(widget, "library-loans.png")
    qtbot.mouseClick(widget.next_button, Qt.MouseButton.LeftButton)
    assert widget.patron is None and widget.loans.count() == 0 and widget.patron_line.value() == ""
    scan(qtbot, widget, f"A{number}A")                 # the printed card's barcode
    assert widget.patron == number
    qtbot.mouseClick(widget.mode_button, Qt.MouseButton.LeftButton)
    scan(qtbot, widget, "1000001")
    assert [loan["item"] for loan in core.summary(number)["loans"]] == ["9000001"]
    with qtbot.waitSignal(widget.exited, timeout=1000):
        qtbot.mouseClick(widget.exit_button, Qt.MouseButton.LeftButton)


def test_blocked_patron_and_unknown_card(qtbot, screen):
    widget, core, number, taps = screen
    core.block(number, "lost_card")
    scan(qtbot, widget, number)
    assert "貸出停止中" in widget.patron_line.value()
    scan(qtbot, widget, "1000001")
    assert "貸出停止" in widget.status.value() and core.summary(number)["loans"] == []
    taps["card"] = ("felica", "FFFFFFFFFFFFFFFF")
    qtbot.mouseClick(widget.tap_button, Qt.MouseButton.LeftButton)
    assert "登録されていません" in widget.status.value()


def test_a_focused_text_field_keeps_its_keys(qtbot, screen):
    widget, core, number, taps = screen
    field = QLineEdit(widget)
    field.show()
    field.setFocus()
    qtbot.keyClicks(field, "1000001")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert field.text() == "1000001" and widget.patron is None and widget.status.value() == ""


def test_a_card_error_is_shown_not_raised(qtbot, screen):
    from devices.errors import NoCardError

    widget, core, number, taps = screen

    def no_card():
        raise NoCardError()

    widget.identify_card = no_card
    qtbot.mouseClick(widget.tap_button, Qt.MouseButton.LeftButton)
    assert widget.status.value() and widget.patron is None


def test_offline_checkout_at_the_desk_syncs_later_through_a_loopback_mesh(qtbot, screen, tmp_path, make_desk):
    """Checked out by scan while the mesh is down; synced once it is up; the site's other terminal
    sees the loan, takes the item back, and its redaction reaches this desk."""
    from sync.client import SyncClient
    from sync.errors import MeshUnreachableError
    from sync.mesh.embedded import EmbeddedMesh

    widget, core, number, taps = screen
    qtbot.mouseClick(widget.tap_button, Qt.MouseButton.LeftButton)
    with pytest.raises(MeshUnreachableError):
        SyncClient(core.store, "http://127.0.0.1:9").sync_once()        # nothing listens: offline
    scan(qtbot, widget, "1000001")
    assert widget.loans.count() == 1 and core.store.status()["pending"] == 3
    mesh = EmbeddedMesh(f"sqlite:///{tmp_path / 'mesh.db'}").start()
    other = make_desk("term-b")
    try:
        def sync(desk):
            with SyncClient(desk.store, mesh.url) as client:
                client.sync_once()
                client.pull_feed(SITE, own_terminal=desk.terminal)

        sync(core)
        assert core.store.status() == {"pending": 0, "acknowledged": 3, "total": 3, "rejected": 0}
        sync(other)
        assert [loan["item"] for loan in other.summary(number)["loans"]] == ["1000001"]
        assert other.checkin("1000001")["known_loan"] is True           # returned at the other desk
        sync(other)
        sync(core)
        widget.refresh()
        assert widget.loans.count() == 0 and core.summary(number)["loans"] == []
        (out_id,) = core.store.db.execute("SELECT id FROM events WHERE kind = 'library.checked_out'"
                                          ).fetchone()
        mine = core.store.get(out_id)
        assert mine.redacted and mine.payload == {}                      # erased here too
    finally:
        mesh.stop()


def test_the_kiosk_desk_folds_the_history_in_the_background(qtbot, make_screen, desk, card_tasks):
    """Built with a card thread (as in the kiosk), the desk brings the library's tables up to date
    (the one-time migration of a large library) on a background thread, so opening it later does
    not wait for it."""
    number = desk.register(P1)
    widget = make_screen(identify_card=lambda: ("felica", "00"), runner=card_tasks)
    qtbot.waitUntil(lambda: widget.desk.site in widget.desk.cache._ready, timeout=5000)
    assert number in widget.desk.state().patrons and widget.desk.cache.full_folds == 0


def test_wedge_takes_no_keys_while_the_checkout_page_is_not_on_screen(qtbot, screen):
    """A fast keypad (four digits and Enter within 100 ms) on another screen keeps its Enter."""
    from PySide6.QtWidgets import QWidget

    class Keypad(QWidget):                         # stands for the PIN pad: not a text field
        def __init__(self):
            super().__init__()
            self.keys = []
            self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        def keyPressEvent(self, event):  # noqa: N802 (Qt name)
            self.keys.append(event.key())

    widget, _, _, _ = screen
    got = []
    widget.wedge.scanned.connect(got.append)
    scan(qtbot, widget, "1000001")
    assert got == ["1000001"]                      # on the checkout page: a scan
    widget.hide()                                  # another desk (or the PIN pad) on screen
    pad = Keypad()
    qtbot.addWidget(pad)
    pad.show()
    qtbot.waitExposed(pad)
    pad.activateWindow()
    pad.setFocus()
    qtbot.keyClicks(pad, "1234")
    qtbot.keyClick(pad, Qt.Key.Key_Return)
    assert got == ["1000001"]
    assert pad.keys[-1] == Qt.Key.Key_Return and len(pad.keys) == 5


def slow_keys(qtbot, widget, code: str, pause_ms: int) -> None:
    """A person typing on the scanner's keyboard: one key, a pause, the next … then Enter."""
    QApplication.focusWidget() and QApplication.focusWidget().clearFocus()
    target = widget.window()
    for key in code:
        qtbot.keyClicks(target, key)
        qtbot.wait(pause_ms)
    qtbot.keyClick(target, Qt.Key.Key_Return)


def test_slow_keys_on_the_wedge_are_one_code_until_enter(qtbot, screen):
    """Keys typed by hand, 0.3 s apart (a scanner's are milliseconds apart), make one code: none
    dropped; only a pause longer than the per-key timeout starts over."""
    widget, core, number, taps = screen
    got = []
    widget.wedge.scanned.connect(got.append)
    slow_keys(qtbot, widget, number, 300)
    assert got == [number] and widget.patron == number
    slow_keys(qtbot, widget, "1000001", 300)
    assert got[-1] == "1000001" and [loan["item"] for loan in core.summary(number)["loans"]] == ["1000001"]
    widget.wedge.key_timeout_ms = 500            # a stray key, then a long pause: it is not kept
    slow_keys(qtbot, widget, "9", 700)
    scan(qtbot, widget, "1000002")
    assert got[-1] == "1000002"


def test_a_damaged_label_typed_by_hand_with_its_check_digit(qtbot, screen):
    widget, core, number, taps = screen
    assert not widget.manual_box.isVisible()
    qtbot.mouseClick(widget.manual_button, Qt.MouseButton.LeftButton)
    assert widget.manual_box.isVisible() and widget.manual_code.hasFocus()

    def typed(code: str) -> str:
        widget.manual_code.clear()
        widget.manual_code.insert(code)
        qtbot.keyClick(widget.manual_code, Qt.Key.Key_Return)
        return widget.status.value()

    assert "番号が入っていません" in typed("") and "No number typed" in widget.status.value()
    wrong = number[:-1] + str((int(number[-1]) + 1) % 10)          # one digit mistyped: the check digit
    said = typed(wrong)
    assert f"{wrong} は最後の数字（チェックディジット）が合いません" in said and "type them again" in said
    assert widget.patron is None and widget.manual_code.text() == wrong   # kept, to be corrected
    assert widget.manual_code.selectedText() == wrong and widget.manual_code.hasFocus()
    assert "数字と英字だけ" in typed("１０００ーあ")                 # kana: not a number
    typed("２０１" + number[3:])                                    # full-width digits are digits
    assert widget.patron == number and widget.manual_code.text() == ""
    typed("1000001")                                                # an item, as a scan would
    assert [loan["item"] for loan in core.summary(number)["loans"]] == ["1000001"]
    assert "貸出しました：1000001" in widget.status.value() and widget.manual_code.hasFocus()
    qtbot.mouseClick(widget.manual_close, Qt.MouseButton.LeftButton)
    assert not widget.manual_box.isVisible() and widget.tap_button.hasFocus()
    scan(qtbot, widget, "1000002")                                  # the wedge takes scans again
    assert len(core.summary(number)["loans"]) == 2


def test_the_mode_button_says_the_mode_now_and_the_next_patron_starts_in_checkout(qtbot, screen, desk):
    widget, core, number, taps = screen
    checkout = "いまは貸出（押すと返却に） / Now: checkout (press for check-in)"
    assert widget.mode_button.accessibleName() == checkout and not widget.returning
    qtbot.mouseClick(widget.tap_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(widget.mode_button, Qt.MouseButton.LeftButton)
    assert widget.returning
    assert widget.mode_button.accessibleName() == "いまは返却（押すと貸出に） / Now: check-in (press for checkout)"
    assert "返却する資料" in widget.prompt.accessibleName()
    qtbot.mouseClick(widget.next_button, Qt.MouseButton.LeftButton)   # 次の方
    assert not widget.returning and widget.mode_button.accessibleName() == checkout
    other = desk.register({"name": "見本　二", "address": "東京都新宿区西新宿二丁目", "birth_date": "1980-01-01"})
    qtbot.mouseClick(widget.tap_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(widget.mode_button, Qt.MouseButton.LeftButton)   # returns for this patron …
    scan(qtbot, widget, other)                                         # … then another patron's card
    assert widget.patron == other and not widget.returning and widget.mode_button.accessibleName() == checkout


def test_item_numbers_typed_by_hand_carry_the_check_digit_where_the_library_says(qtbot, make_screen, desk):
    """library.json's `loans.item_check`: an item's number typed by hand is checked too."""
    import json

    from kiosk.library.checkdigit import append_check
    from kiosk.library.config import DEFAULT_PATH, LibraryConfig

    data = json.loads(DEFAULT_PATH.read_text(encoding="utf-8"))
    data["loans"]["item_check"] = "m10w21"
    number = desk.register(P1)
    widget = make_screen(identify_card=lambda: ("felica", "00"), config=LibraryConfig(data))
    widget.show_patron(number)
    widget.open_manual()
    widget.manual_code.insert("1000001")                  # its last digit is not the check digit
    qtbot.keyClick(widget.manual_code, Qt.Key.Key_Return)
    assert "1000001 は最後の数字（チェックディジット）が合いません" in widget.status.value()
    assert widget.desk.summary(number)["loans"] == [] and widget.manual_code.text() == "1000001"
    good = append_check("100000", "m10w21")
    widget.manual_code.clear()
    widget.manual_code.insert(good)
    qtbot.keyClick(widget.manual_code, Qt.Key.Key_Return)
    assert [loan["item"] for loan in widget.desk.summary(number)["loans"]] == [good]
