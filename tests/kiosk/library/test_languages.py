"""The library desk in Japanese, English and やさしい日本語: the patron's language switch on the
checkout page and the registration pages (kiosk.ui.language reused) re-renders the desk in
place — the patron, the loans, the mode and what the registration form holds stay, the words change
(the patron line, the loans, the messages after a scan and the registration's result included); the
barcode wedge keeps delivering scans with the chooser open and after a change; 次の方 and the desk's
wipe go back to Japanese. With the emulated My Number card on vpcd slot 1 (the real pcscd), a patron
is registered with the PIN at 100 % and 200 % text and in high contrast, and the registration form,
the registered page, the checkout page (patron and loans) and the check-in mode are shot in the three
languages through tests.kiosk.conftest.shoot (every text has room): docs/screenshots/
library-lang-<page>-<language>-<text %>[-hc].png."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel

from kiosk.library.desk import REASON_TEXT
from kiosk.ui import i18n, theme
from tests.kiosk.library.conftest import card_identifier
from tests.kiosk.library.test_desk_qt import P1, scan

WAIT_MS = 10_000
CARD = ("felica", "012E4CD1F3A57B09")
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
LANGUAGES = ("ja", "en", "ja_easy")


@pytest.fixture(autouse=True)
def japanese_first():
    i18n.reset()
    yield
    i18n.reset()
    theme.apply(QApplication.instance())


@pytest.fixture
def desk(make_desk, make_screen, terminal):
    """(the checkout desk's screen, as in the kiosk: 利用登録 offered; its rules; a patron holding two
    loans)."""
    core = make_desk()
    number = core.register(P1)
    core.link(number, *CARD, "pseudonym")
    for item in ("1000001", "9000001"):
        core.checkout(number, item)
    from kiosk.cards.source import PcscCardSource

    widget = make_screen(identify_card=lambda: CARD, card_source=PcscCardSource(None),
                         data_dir=terminal.data_dir)   # no card is read here
    return widget, core, number


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def choose(qtbot, widget, switch, code: str) -> None:
    """The patron taps 「ことば / Language」 and a language in the chooser."""
    click(qtbot, switch)
    assert widget.language_chooser.isVisible() and not widget.pages.isEnabled()
    click(qtbot, widget.language_chooser.buttons[code])
    assert not widget.language_chooser.isVisible() and widget.pages.isEnabled()
    assert i18n.current() == code


def loans(widget) -> list[str]:
    return [widget.loans.item(i).text() for i in range(widget.loans.count())]


def first_lines(widget) -> list[tuple[str, str]]:
    """(object name, the words on top) of every visible label and button of the checkout page, the
    loans list's rows too; the language switch says 「ことば / Language」 in every language."""
    found = []
    for w in widget.main.findChildren(QLabel) + widget.main.findChildren(QAbstractButton):
        if not w.isVisibleTo(widget) or w.objectName() == "language_button":
            continue
        if hasattr(w, "value"):                    # a value label: the desk's own words, one a line
            words = w.value().split("\n")[0]
        else:                                      # label()/button(): "<first> / <second>"
            words = w.accessibleName().split(" / ")[0]
        found.append((w.objectName() or w.__class__.__name__, words))
    return found + [("library_loans", row) for row in loans(widget)]


def test_switching_keeps_patron_loans_and_mode_and_changes_the_words(qtbot, desk):
    widget, core, number = desk
    click(qtbot, widget.tap_button)
    scan(qtbot, widget, "1000002")
    assert widget.status.value().startswith("貸出しました：1000002")
    assert widget.patron_line.value().startswith("見本　一　利用者番号") and len(loans(widget)) == 3
    assert widget.language_button.text() == "ことば / Language\n日本語"

    choose(qtbot, widget, widget.language_button, "en")
    assert widget.patron == number and len(loans(widget)) == 3 and not widget.returning
    assert widget.patron_line.value() == f"見本　一　Patron number {number}　On loan: 3"
    assert loans(widget)[0] == "1000001　Due 2026-12-08"
    assert widget.status.value() == "Checked out: 1000002, due 2026-12-08\n貸出しました：1000002　返却期限 2026-12-08"
    assert widget.prompt.accessibleName() == "Scan items to check out / 資料のバーコードを読んでください（貸出）"
    assert widget.tap_button.accessibleName() == "Tap card / カードをかざす"
    assert widget.language_button.hasFocus()          # the focus is back on the switch
    # in English nothing on the checkout page is in Japanese alone (a name is a value)
    left = [(name, words) for name, words in first_lines(widget)
            if JAPANESE.search(words.replace("見本　一", ""))]
    assert left == [] and len(first_lines(widget)) >= 15

    click(qtbot, widget.mode_button)                  # check-in mode, in English
    assert widget.mode_button.accessibleName() == ("Now: check-in (press for checkout) / "
                                                   "いまは返却（押すと貸出に）")   # the mode now, and a press
    scan(qtbot, widget, "1000002")
    assert widget.status.value().startswith("Checked in: 1000002\n返却しました")

    choose(qtbot, widget, widget.language_button, "ja_easy")
    assert widget.patron == number and widget.returning and len(loans(widget)) == 2
    assert widget.mode_button.accessibleName() == ("いまは かえす（おすと かりるに） / "
                                                   "Now: check-in (press for checkout)")
    assert widget.prompt.accessibleName().startswith("かえす 本(ほん)の バーコードを 読(よ)んで ください / ")
    assert widget.patron_line.value() == f"見本　一　ばんごう {number}　かりて いる 本(ほん) 2"
    assert loans(widget)[0] == "1000001　かえす 日(ひ) 2026-12-08"
    assert widget.status.value() == "かえして もらいました：1000002\nChecked in: 1000002"
    assert widget.language_button.text() == "ことば / Language\nやさしい にほんご"

    # a refusal after a scan, and the blocked patron's line, follow the language too
    core.block(number, "lost_card")
    click(qtbot, widget.mode_button)
    scan(qtbot, widget, number)
    assert widget.patron_line.value().endswith("【いまは かりられません：なくした カードです】")
    scan(qtbot, widget, "1000003")
    assert widget.status.value() == ("この 人(ひと)は いま 本(ほん)を かりられません。わけは 上(うえ)の "
                                     "行(ぎょう)に あります。かえす ことは できます。"
                                     "図書館(としょかん)の 人(ひと)に きいて ください。\n"
                                     "Loans are stopped for this patron (the reason is on the patron line). Items "
                                     "can still be checked in; staff lift the block.")
    choose(qtbot, widget, widget.language_button, "en")
    assert widget.patron_line.value().endswith("[Loans are stopped: card reported lost]")
    status = widget.status.value()
    assert status.startswith("Loans are stopped for this patron (the reason is on the patron line).")
    assert status.endswith("\nこの利用者は貸出停止中です。理由は利用者の行にあります。"
                           "返却はできます。解除は職員が行います。")
    assert core.summary(number)["loans"] and "1000003" not in [loan["item"] for loan in core.summary(number)["loans"]]


def test_the_wedge_scans_with_the_chooser_open_and_after_a_change(qtbot, desk):
    widget, core, number = desk
    got = []
    widget.wedge.scanned.connect(got.append)
    click(qtbot, widget.language_button)
    chooser = widget.language_chooser
    assert chooser.isVisible() and QApplication.focusWidget() is chooser.buttons["ja"]
    # the scanner types into whatever has the focus: here a language's button in the chooser
    for code in (number, "1000002"):
        qtbot.keyClicks(QApplication.focusWidget(), code)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert got == [number, "1000002"] and widget.patron == number
    assert "1000002" in [loan["item"] for loan in core.summary(number)["loans"]]
    assert chooser.isVisible() and i18n.current() == "ja"   # Enter was the scan's, not a choice
    click(qtbot, chooser.buttons["en"])
    scan(qtbot, widget, "1000003")
    assert got[-1] == "1000003" and widget.status.value().startswith("Checked out: 1000003, due")
    assert len(loans(widget)) == 4


def test_next_patron_and_the_wipe_go_back_to_japanese(qtbot, desk):
    widget, core, number = desk
    click(qtbot, widget.tap_button)
    choose(qtbot, widget, widget.language_button, "en")
    click(qtbot, widget.next_button)                  # 次の方
    assert i18n.current() == "ja" and widget.patron is None
    assert widget.tap_button.accessibleName() == "カードをかざす / Tap card"
    assert widget.language_button.text() == "ことば / Language\n日本語"
    # the kiosk's wipe (idle, shift change, leaving the desk) calls clear(): the chooser closes too
    choose(qtbot, widget, widget.language_button, "ja_easy")
    click(qtbot, widget.language_button)
    widget.clear()
    assert i18n.current() == "ja" and not widget.language_chooser.isVisible() and widget.pages.isEnabled()
    with qtbot.waitSignal(widget.exited, timeout=1000):  # 終了
        choose(qtbot, widget, widget.language_button, "en")
        click(qtbot, widget.exit_button)
    assert i18n.current() == "ja"


def test_the_registration_form_keeps_what_was_typed_across_languages(qtbot, desk):
    widget, core, number = desk
    choose(qtbot, widget, widget.language_button, "en")
    click(qtbot, widget.register_button)              # the registration keeps the patron's language
    panel = widget.register_panel
    assert i18n.current() == "en" and panel.pages.currentWidget() is panel.form
    assert panel.title.accessibleName() == "Register a patron / 利用登録"
    click(qtbot, panel.declarations.button(2))         # 在学
    panel.guardian.setFocus()
    qtbot.keyClicks(panel.guardian, "Yamada Hanako")
    switch = next(b for b in panel.language_buttons if b.isVisible())   # beside the form's title
    choose(qtbot, widget, switch, "ja_easy")
    assert panel.guardian.text() == "Yamada Hanako" and panel.declarations.checkedId() == 2
    assert panel.title.accessibleName() == "図書館(としょかん)の カードを つくる / Register a patron"
    assert panel.declarations.button(2).accessibleName() == "この 市(し)の 学校(がっこう) / Studies here"
    assert panel.guardian_label.accessibleName().startswith("家(いえ)の 人(ひと)の 名前(なまえ)")
    assert panel.pin_button.accessibleName() == "暗証番号(あんしょうばんごう)で 読(よ)む / Read with the PIN"
    # a refusal shown on the form is written again in the language chosen next
    from kiosk.library.errors import GuardianRequiredError

    panel._back_to_form(GuardianRequiredError("", "", rule="guardian", age_limit=16))
    assert panel.message.accessibleName().startswith("16さいより 下(した)の 人(ひと)は")
    choose(qtbot, widget, switch, "en")
    assert panel.message.accessibleName().startswith("Rule: under 16, a guardian registers")
    assert panel.guardian.text() == "Yamada Hanako" and panel.declarations.checkedId() == 2
    click(qtbot, panel.cancel_button)
    assert widget.pages.currentWidget() is widget.main and i18n.current() == "en"


def test_reasons_and_errors_have_keyed_words_equal_to_the_library_modules():
    """The keyed entries say what kiosk.library.desk and kiosk.library.errors say (no drift)."""
    from kiosk.library import errors
    from kiosk.library.link import NotMyNumberForLinkError
    from kiosk.library.texts import FIXED_ERRORS, error_text
    from kiosk.messages import CATALOG

    for code, pair in REASON_TEXT.items():
        assert CATALOG[f"library.reason.{code}"] == pair, code
    classes = {cls.code: cls for cls in [*vars(errors).values(), NotMyNumberForLinkError]
               if isinstance(cls, type) and issubclass(cls, errors.LibraryError)}
    for code in FIXED_ERRORS:
        assert CATALOG[f"library.error.{code}"] == (classes[code].message_ja, classes[code].message_en)
        assert error_text(classes[code]()).key == f"library.error.{code}"
    assert CATALOG["library.error.not_eligible"] == (errors.NotEligibleError.message_ja,
                                                     errors.NotEligibleError.message_en)


def test_every_resident_library_entry_has_easy_japanese():
    from kiosk.ui.i18n.languages import SHIPPED, Catalog
    from kiosk.ui.i18n.tools import catalog_entries, unfinished

    staff_only = {"library.blocked_title"}
    keys = [k for k in catalog_entries() if k.startswith("library.") and k not in staff_only]
    left = set(unfinished(SHIPPED / "kazasu_ja_easy.ts")) & set(keys)
    assert keys and not left, sorted(left)
    shipped = Catalog([SHIPPED])
    for key in keys:
        words = shipped.lookup("ja_easy", key, (("name", "N"), ("number", "1"), ("n", 2), ("item", "I"),
                                                ("due", "D"), ("reason", "R"), ("limit", 5),
                                                ("queue", "Q"), ("done", 1), ("total", 2)))
        assert words and "{" not in words, key


# -- the three languages at 100 % / 200 % and in high contrast, with the emulated card -------------

SETTINGS = {"100": (1.0, False), "200": (2.0, False), "100-hc": (1.0, True)}


@pytest.fixture(params=list(SETTINGS))
def card_desk(request, make_screen, terminal, card_tasks, pcsc_card, people):
    """(desk widget, person) at a text scale / contrast, the person's card on vpcd slot 1."""
    from kiosk.cards.source import PcscCardSource

    scale, contrast = SETTINGS[request.param]
    theme.apply(QApplication.instance(), text_scale=scale, high_contrast=contrast)
    person = people[0]
    _, reader = pcsc_card(person, slot=1)
    widget = make_screen(identify_card=card_identifier(reader, terminal.data_dir), runner=card_tasks,
                         card_source=PcscCardSource(reader), data_dir=terminal.data_dir)
    return widget, person, request.param


@pytest.mark.pcscd
@pytest.mark.shots
def test_library_pages_in_three_languages_fit_and_are_shot(qtbot, card_desk):
    from tests.kiosk.conftest import shoot

    widget, person, setting = card_desk
    scale = setting.split("-")[0]
    suffix = "-hc" if setting.endswith("hc") else ""
    panel = widget.register_panel

    def shots(page: str, check) -> None:
        for code in LANGUAGES:
            i18n.set_language(code)
            for _ in range(4):   # a button's new height asks each layout above it again, one turn each
                QApplication.processEvents()
            check(code)
            scroll = widget.main_scroll if page in ("checkout", "checkin") else None
            if scroll is not None:   # a page scrolls down, never sideways
                assert scroll.widget().width() <= scroll.viewport().width(), (page, code)
                if scale == "200":   # large text: the librarian scrolls to the patron and the loans
                    top = widget.patron_line.mapTo(scroll.widget(), QPoint(0, 0)).y()
                    scroll.verticalScrollBar().setValue(top - 12)
                    QApplication.processEvents()
            path = shoot(widget, f"library-lang-{page}-{code}-{scale}{suffix}.png")
            assert path.stat().st_size > 10_000 and (widget.width(), widget.height()) == (1280, 760)
        i18n.reset()

    click(qtbot, widget.register_button)
    shots("register", lambda code: panel.title.accessibleName().startswith(
        {"ja": "利用登録", "en": "Register a patron", "ja_easy": "図書館(としょかん)の カード"}[code]) or
        pytest.fail(code))
    click(qtbot, panel.pin_button)
    qtbot.waitUntil(lambda: panel.pin.tries_left is not None and not panel.pin._busy,
                    timeout=WAIT_MS)
    for d in person["pin"]:
        click(qtbot, panel.pin.keys[d])
    click(qtbot, panel.pin.ok_button)
    qtbot.waitUntil(lambda: panel.pages.currentWidget() is panel.result, timeout=WAIT_MS)
    number = "2010000012"
    result = {"ja": f"利用者番号 / Patron number: {number}", "en": f"Patron number / 利用者番号: {number}",
              "ja_easy": f"ばんごう / Patron number: {number}"}
    # the patron's name first, then the five facts; the card's preview beside them
    shots("registered", lambda code: (result[code] in panel.result_text.value() and
                                      panel.result_text.value().count("\n") == 5 + 1 and
                                      person["name"] in panel.result_text.value().split("\n")[0] and
                                      not panel.preview.pixmap().isNull()) or pytest.fail(code))
    click(qtbot, panel.finish_button)
    assert widget.pages.currentWidget() is widget.main and widget.patron == number
    for item in ("1000001", "9000001"):
        scan(qtbot, widget, item)
    words = {"ja": "貸出中 2点", "en": "On loan: 2", "ja_easy": "かりて いる 本(ほん) 2"}
    shots("checkout", lambda code: (words[code] in widget.patron_line.value() and len(loans(widget)) == 2)
          or pytest.fail(code))
    click(qtbot, widget.mode_button)
    scan(qtbot, widget, "1000001")
    back = {"ja": "返却しました", "en": "Checked in", "ja_easy": "かえして もらいました"}
    shots("checkin", lambda code: (widget.status.value().startswith(back[code]) and widget.returning and
                                   len(loans(widget)) == 1) or pytest.fail(code))


def test_the_kiosk_window_wipes_the_library_desk_back_to_japanese(qtbot, make_window):
    """In the kiosk window: the desk's idle timeout and a shift change forget the patron's language."""
    from tests.kiosk.test_desks import PEOPLE, inprocess_source

    window = make_window(inprocess_source(PEOPLE[0]), idle_ms=300)
    click(qtbot, window.start.buttons["library"])
    desk = window.desk("library").widget
    assert window.stack.currentWidget() is desk
    choose(qtbot, desk, desk.language_button, "en")
    assert desk.tap_button.accessibleName() == "Tap card / カードをかざす"
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.start, timeout=3000)  # idle
    assert i18n.current() == "ja"
    click(qtbot, window.start.buttons["library"])
    choose(qtbot, desk, desk.language_button, "ja_easy")
    window.forget_everyone()                      # what a shift change does first
    assert i18n.current() == "ja" and desk.tap_button.accessibleName() == "カードをかざす / Tap card"
