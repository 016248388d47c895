"""The Qt shelter desk with a pre-registration code: the 2D-code reader is a keyboard wedge, so a scan
is fast key events (`KZ`, digits, Enter) into the real widget; the household is shown to confirm, and
one confirmation checks all five in. A tampered, truncated or foreign code says why and checks no one in.
"""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QScrollArea

from kiosk.ui import i18n, theme
from sync.prereg.codes import SiteKeys, make_codes
from tests import shots
from tests.kiosk.shelter.test_languages import LANGUAGES, styled  # noqa: F401 (a fixture)
from tests.kiosk.ui.test_a11y_desks import cut_placeholders, no_sideways, problems, settle
from tests.sync.prereg_data import family

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture(autouse=True)
def themed(qapp):
    from kiosk.ui import theme

    theme.apply(qapp)
    return qapp


@pytest.fixture
def screen(make_screen, desk):
    return make_screen()


def codes(screen, household=None, **kw) -> list[str]:
    keys = SiteKeys.load(screen.data_dir, screen.site)  # the site's key, as the page was given it
    return make_codes(household or family(), keys.public, keys.site, **kw)


def scan(qtbot, screen, text: str) -> None:
    """A keyboard-wedge reader: every character as a key press in quick succession, then Enter."""
    target = QApplication.focusWidget() or screen.window()
    qtbot.keyClicks(target, text)
    qtbot.keyClick(target, Qt.Key.Key_Return)


def rows(widget) -> list[str]:
    return [widget.item(i).text() for i in range(widget.count())]


@pytest.mark.shots
def test_one_scan_and_one_confirmation_check_the_household_in(qtbot, screen, desk):
    qtbot.mouseClick(screen.qr_button, LEFT)
    assert screen.page() == "qr"
    scan(qtbot, screen, codes(screen)[0])
    assert screen.page() == "household"
    shown = rows(screen.household_page.people)
    assert len(shown) == 5
    for row, person in zip(shown, family()["people"]):
        assert row.startswith(("【非開示】" if person["do_not_disclose"] else "") + person["name"])
    assert "卵・小麦" in shown[1] and "犬（柴犬）" in shown[3]
    assert desk.roster().status()["present"] == 0  # nothing recorded before the confirmation
    screen.grab().save(str(shots.path("shelter-qr-household.png")))  # the desk, the household on it
    with qtbot.waitSignal(screen.checked_in):
        qtbot.mouseClick(screen.household_page.confirm_button, LEFT)
    assert screen.page() == "reception" and "5人を受付しました" in screen.message.text()
    roster = desk.roster()
    assert roster.status()["present"] == 5 and roster.status()["households"] == 1
    names = sorted(p.fields["name"] for p in roster.people.values())
    assert names == sorted(p["name"] for p in family()["people"])  # 𠮷, 髙 and 葛󠄀 exactly
    assert all(p.fields["source"] == "qr" for p in roster.people.values())
    assert len(rows(screen.people)) == 5
    screen.grab().save(str(shots.path("shelter-qr-done.png")))


def test_a_bad_code_says_why_and_checks_no_one_in(qtbot, screen, desk):
    code = codes(screen)[0]
    other = SiteKeys.from_service_key("site-b", os.urandom(32))
    foreign = make_codes(family(), other.public, "site-b")[0]
    qtbot.mouseClick(screen.qr_button, LEFT)
    for bad, words in ((code[:60] + str((int(code[60]) + 5) % 10) + code[61:], "書き換えられたか"),
                       (code[: len(code) // 2], "一部しか"), (foreign, "別の場所（site-b）")):
        scan(qtbot, screen, bad)
        assert screen.page() == "qr" and words in screen.message.text()
        assert "だれも受付していません" in screen.message.text()
    qtbot.mouseClick(screen.qr_page.cancel_button, LEFT)
    assert screen.page() == "reception" and desk.roster().status()["present"] == 0


def test_a_code_in_numbered_parts_is_read_part_by_part(qtbot, screen, desk):
    big = family()
    big["people"] = [dict(p, name=f"{p['name']}{i}", needs={"other": os.urandom(50).hex()})
                     for i, p in enumerate(big["people"] * 4)]
    parts = codes(screen, big)
    assert len(parts) >= 2
    qtbot.mouseClick(screen.qr_button, LEFT)
    for n, part in enumerate(reversed(parts), start=1):
        scan(qtbot, screen, part)
        if n < len(parts):
            assert screen.page() == "qr" and f"{len(parts)}枚のうち{n}枚" in screen.qr_page.status.text()
    assert screen.page() == "household" and len(rows(screen.household_page.people)) == 20
    qtbot.mouseClick(screen.household_page.cancel_button, LEFT)  # cancelled: nobody recorded
    assert screen.page() == "reception" and desk.roster().status()["present"] == 0


def test_keys_typed_slowly_or_into_a_field_are_not_a_code(qtbot, screen):
    got = []
    screen.qr_page.scanned.connect(got.append)
    code = codes(screen)[0]
    screen.name.setFocus()
    qtbot.keyClicks(screen.name, code[:30])  # into the name field: the field gets them, not the wedge
    qtbot.keyClick(screen.name, Qt.Key.Key_Return)
    assert got == [] and screen.page() == "reception"


def test_the_code_reader_listens_only_while_its_page_is_shown(qtbot, screen):
    """The wedge is an application-wide event filter: installed when the code page shows, removed
    when it hides (every other page's events, every paint of a form, do not pass through it); a scan
    on the page shown again is read again."""
    wedge = screen.qr_page.wedge
    got = []
    wedge.scanned.connect(got.append)
    assert not screen.qr_page.isVisible() and not wedge.installed
    qtbot.mouseClick(screen.qr_button, LEFT)
    assert screen.page() == "qr" and wedge.installed
    qtbot.mouseClick(screen.qr_page.cancel_button, LEFT)
    assert screen.page() == "reception" and not wedge.installed
    qtbot.mouseClick(screen.qr_button, LEFT)
    scan(qtbot, screen, codes(screen)[0])
    assert len(got) == 1 and screen.page() == "household"


@pytest.mark.parametrize("styled", ["100", "200", "100-hc"], indirect=True)
def test_the_code_pages_have_room_for_their_words_in_every_language(qtbot, desk, styled, make_screen):  # noqa: F811 (the fixture imported above)
    keeper, _setting, _shots = styled
    screen = make_screen(holder=keeper)
    for language in LANGUAGES:
        i18n.set_language(language)
        qtbot.mouseClick(screen.tabs["reception"], LEFT)
        qtbot.mouseClick(screen.qr_button, LEFT)
        for page in ("qr", "household"):
            if page == "household":
                screen.read_code(codes(screen))
            assert screen.page() == page
            if theme.text_scale > 1:
                screen.page_scroll.verticalScrollBar().setValue(0)
            settle()
            found = problems(screen) + cut_placeholders(screen)
            holder = screen.holders[screen.pages[page]]
            found += no_sideways(holder) if isinstance(holder, QScrollArea) else []
            if theme.text_scale > 1:
                found += no_sideways(screen.page_scroll)
            assert found == [], (language, page, found)
            assert (screen.width(), screen.height()) == (1280, 760), (language, page)
        qtbot.mouseClick(screen.household_page.cancel_button, LEFT)
