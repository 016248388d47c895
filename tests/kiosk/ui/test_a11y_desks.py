"""The shelter and library desks for staff, like the counter for residents
(test_a11y_keyboard_path.py, test_a11y_text_scale.py):

- their main path with key presses only (Tab, Shift+Tab, Space, Return, typing): the shelter desk
  opened from the start screen checks a person in by hand (name, kana, a need, 登録して入所), finds
  them by the search and marks them temporarily out from their page; the library desk finds the
  patron with カードをかざす, checks an item out by a scan typed as a barcode scanner does (digits and
  Enter, fast, no text field focused), switches to 返却 and checks it in. Each desk opens with the
  focus on its first step and Tab goes in reading order; every button of a row is a Tab stop.
- the shelter's reception page and the library's checkout page at 200 % text and in high contrast:
  no label or button cuts its text (textfit, and each line as wide as its button), nothing is wider
  than its view (a page scrolls down, never sideways); screenshots for docs/screenshots/.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QLineEdit, QScrollArea

from kiosk.ui import theme
from tests.kiosk.conftest import save
from tests.kiosk.counter.test_flow import WAIT_MS, commit_text
from tests.kiosk.counter.test_text_scale import Keeper, cut_widths
from tests.kiosk.test_desks import PEOPLE, inprocess_source
from tests.kiosk.textfit import text_problems

MAX_TABS = 40
PATRON = {"name": "見本　一", "address": "東京都新宿区西新宿二丁目", "birth_date": "1970-01-01"}
PATRON_CARD = ("felica", "012E4CD1F3A57B09")
ITEM = "1000001"


def focus():
    return QApplication.focusWidget()


def key(qtbot, k, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(focus(), k, modifier)


def tab_to(qtbot, target) -> int:
    """Press Tab until `target` has the focus; gives the number of presses."""
    for n in range(MAX_TABS):
        if focus() is target:
            return n
        key(qtbot, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {target.objectName()} (stuck at {focus().objectName()})")


def tab_order(qtbot, count: int, back: bool = False) -> list[str]:
    names = []
    for _ in range(count):
        if back:
            key(qtbot, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
        else:
            key(qtbot, Qt.Key.Key_Tab)
        names.append(focus().objectName())
    return names


def active(qtbot, window) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)   # the window has the keyboard


# -- the keyboard ----------------------------------------------------------------------------------
def test_shelter_main_path_with_the_keyboard_only(make_window, qtbot):
    window = make_window(inprocess_source(PEOPLE[0]))
    desk = window.desk("shelter").widget
    desk.desk.register({"name": "山田　太郎", "kana": "やまだ たろう"}, source="by_hand")  # already here
    active(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_Tab)
    assert tab_to(qtbot, window.start.buttons["shelter"]) <= 3
    key(qtbot, Qt.Key.Key_Space)
    assert window.stack.currentWidget() is desk and desk.page() == "reception"
    assert focus() is desk.name                      # the desk opens on the card's first field
    commit_text(desk.name, "見本　花子")               # Japanese comes through the input method
    key(qtbot, Qt.Key.Key_Tab)
    assert focus() is desk.kana
    commit_text(desk.kana, "みほん はなこ")
    # reading order: the fields row by row, then every toggle of a row is a stop of its own
    assert tab_order(qtbot, 6) == ["shelter_birth", "shelter_household", "shelter_address",
                                   "shelter_sex_1", "shelter_sex_2", "shelter_sex_9"]
    key(qtbot, Qt.Key.Key_Space)
    assert desk.form.sex_buttons["9"].isChecked()
    assert tab_to(qtbot, desk.need_buttons["elderly"]) == 1
    key(qtbot, Qt.Key.Key_Space)
    assert desk.need_buttons["elderly"].isChecked()
    assert tab_to(qtbot, desk.checkin_button) <= len(desk.need_buttons) + 5
    # Shift+Tab goes back the same way: the last place to stay, then the one before it
    assert tab_order(qtbot, 2, back=True) == ["shelter_where_other", "shelter_where_car"]
    assert tab_to(qtbot, desk.checkin_button) == 2
    with qtbot.waitSignal(desk.checked_in, timeout=WAIT_MS) as signal:
        key(qtbot, Qt.Key.Key_Space)
    person = desk.roster.people[signal.args[0]]
    assert person.fields["name"] == "見本　花子" and person.fields["needs"] == {"elderly": ""}
    assert person.fields["sex_code"] == "9" and desk.name.text() == "" and desk.people.count() == 2
    # find them: the search is the next stop after the check-in buttons
    assert tab_to(qtbot, desk.search) == 3         # past カードで受付 and コードで受付
    commit_text(desk.search, "みほん")
    assert desk.people.count() == 1
    key(qtbot, Qt.Key.Key_Tab)
    assert focus() is desk.people and desk.people.currentRow() == 0
    key(qtbot, Qt.Key.Key_Return)
    assert desk.page() == "person" and desk.person_page.person_id == person.person_id
    out = desk.person_page.buttons["out"]
    assert focus() is out                            # the page opens on the first thing to do
    from kiosk.shelter import model as m

    with qtbot.waitSignal(desk.moved, timeout=WAIT_MS) as moved:
        key(qtbot, Qt.Key.Key_Space)
    assert moved.args == [person.person_id, m.TEMP_OUT] and desk.roster.people[person.person_id].state == "out"
    assert "外出中" in desk.people.item(0).text()
    # back to the reception by Tab and Space: the tabs are stops too
    assert tab_to(qtbot, desk.tabs["reception"]) <= MAX_TABS
    key(qtbot, Qt.Key.Key_Space)
    assert desk.page() == "reception" and desk.tabs["reception"].isChecked()


@pytest.fixture
def library(make_desk, make_screen):
    """The library desk's screen (as tests/kiosk/library/test_desk_qt.py builds it) with one patron
    whose card is on the reader."""
    core = make_desk(kind="library")
    number = core.register(PATRON)
    core.link(number, *PATRON_CARD, "pseudonym")
    widget = make_screen("library", identify_card=lambda: PATRON_CARD)
    return widget, core, number


def scanner_types(qtbot, code: str) -> None:
    """A USB barcode scanner: the code's digits and Enter, fast, wherever the focus is."""
    for char in code:
        key(qtbot, getattr(Qt.Key, f"Key_{char}"))
    key(qtbot, Qt.Key.Key_Return)


def test_library_main_path_with_the_keyboard_only(qtbot, library):
    widget, core, number = library
    active(qtbot, widget)
    assert focus() is widget.tap_button              # the desk opens on its first step
    # reading order: the action row left to right, then the loans above, then the staff row
    assert tab_order(qtbot, 4) == ["library_mode", "library_next", "library_exit", "library_loans"]
    assert tab_order(qtbot, 4, back=True) == ["library_exit", "library_next", "library_mode", "library_tap"]
    key(qtbot, Qt.Key.Key_Space)
    assert widget.patron == number and number in widget.patron_line.value()
    scanner_types(qtbot, ITEM)
    assert [loan["item"] for loan in core.summary(number)["loans"]] == [ITEM]
    assert widget.loans.count() == 1 and "貸出しました" in widget.status.value()
    assert focus() is widget.tap_button              # the scan moved nothing
    assert tab_to(qtbot, widget.mode_button) == 1
    key(qtbot, Qt.Key.Key_Space)
    assert widget.returning and "Now: check-in" in widget.mode_button.text()   # the mode now
    scanner_types(qtbot, ITEM)
    assert core.summary(number)["loans"] == [] and widget.loans.count() == 0
    assert "返却しました" in widget.status.value()
    assert tab_to(qtbot, widget.next_button) == 1
    key(qtbot, Qt.Key.Key_Space)
    assert widget.patron is None and widget.patron_line.value() == ""


# -- 200 % and high contrast -----------------------------------------------------------------------
SETTINGS = {"200": (2.0, False), "hc": (1.0, True), "200-hc": (2.0, True)}


@pytest.fixture
def styled(qapp, request):
    scale, high = SETTINGS[request.param]
    theme.apply(qapp, text_scale=scale, high_contrast=high)
    kept = Keeper()
    yield kept, request.param
    kept.drop()
    theme.apply(qapp, text_scale=1.0, high_contrast=False)


def settle() -> None:
    for _ in range(4):   # a label's new text asks its layout (and the scroll area) again, later
        QApplication.processEvents()


def no_sideways(scroll) -> list[str]:
    page, view = scroll.widget(), scroll.viewport()
    return [] if page.width() <= view.width() else [f"{scroll.objectName()}: {page.width()} px in {view.width()}"]


def problems(widget) -> list[str]:
    """textfit's heights and widths; at large text also each line against the button's padding, as
    for the counter (at 100 % a line may run into the padding: 「✓ Do not disclose」 does)."""
    found = text_problems(widget, padding_y=theme.BUTTON_PAD_Y, border=theme.FOCUS_BORDER)
    return found + cut_widths(widget) if theme.text_scale > 1 else found


LINE_EDIT_FRAME = 2 * (4 + 12 + 2)   # a field's focus border, style-sheet padding and text margin


def cut_placeholders(root) -> list[str]:
    """An empty field's placeholder (its ja / en name) is drawn whole, not ended with "…"."""
    found = []
    for edit in root.findChildren(QLineEdit):
        if edit.isVisible() and not edit.text() and edit.placeholderText():
            need = QFontMetrics(edit.font()).horizontalAdvance(edit.placeholderText())
            if need > edit.width() - LINE_EDIT_FRAME:
                found.append(f"field {edit.objectName()}: {edit.width()} px wide, its name needs {need}")
    return found


@pytest.mark.parametrize("styled", list(SETTINGS), indirect=True)
@pytest.mark.shots
def test_shelter_reception_at_200_percent_and_in_high_contrast(qtbot, styled, make_desk, make_screen):
    keeper, setting = styled
    core = make_desk(kind="shelter")
    core.setup(name="架空市立第一小学校", municipality_code="999999", capacity=10, address="見本県架空市一丁目")
    for name, kana in (("山田　太郎", "やまだ たろう"), ("𠮷田　花子", "よしだ はなこ")):
        core.register({"name": name, "kana": kana, "needs": {"elderly": ""}}, source="by_hand")
    desk = make_screen("shelter", holder=keeper)   # the window less its status bar
    desk.name.insert("佐藤　一郎")
    desk.kana.insert("さとう いちろう")
    for b in (desk.need_buttons["allergy"], desk.form.sex_buttons["1"], desk.form.where_buttons["car"]):
        b.click()
    desk.form.details["allergy"].insert("卵・そば")
    desk.show_page("reception")
    settle()
    assert "✓" in desk.need_buttons["allergy"].text() and desk.form.place.isVisible()
    found = problems(desk) + cut_placeholders(desk) + no_sideways(desk.findChild(QScrollArea,
                                                                                 "shelter_form_scroll"))
    if theme.text_scale > 1:   # the whole desk scrolls down as one page
        found += no_sideways(desk.page_scroll)
    assert found == []
    assert (desk.width(), desk.height()) == (1280, 760)
    if setting in ("200", "hc"):
        save(desk, f"shelter-reception-{setting}.png")


@pytest.mark.parametrize("styled", list(SETTINGS), indirect=True)
@pytest.mark.shots
def test_library_checkout_at_200_percent_and_in_high_contrast(qtbot, styled, make_desk, make_screen):
    from kiosk.cards.source import PcscCardSource

    keeper, setting = styled
    core = make_desk(kind="library")
    number = core.register(PATRON)
    core.link(number, *PATRON_CARD, "pseudonym")
    for item in (ITEM, "9000001"):
        core.checkout(number, item)
    # card_source is given in the kiosk: 利用登録 and 住所変更 show too (no card is read here)
    widget = make_screen("library", holder=keeper, identify_card=lambda: PATRON_CARD,
                         card_source=PcscCardSource(None))
    widget.on_tap()
    widget.status.setText("貸出しました / Checked out: 9000001　返却期限 / due 2026-12-08")
    settle()
    assert widget.loans.count() == 2 and widget.register_button.isVisible()
    assert problems(widget) + no_sideways(widget.main_scroll) == []
    assert (widget.width(), widget.height()) == (1280, 760)
    for b in (widget.tap_button, widget.mode_button, widget.next_button, widget.exit_button):
        assert b.visibleRegion().boundingRect() == b.rect(), f"{b.objectName()} is not all on screen"
    if setting in ("200", "hc"):
        save(widget, f"library-desk-{setting}.png")
