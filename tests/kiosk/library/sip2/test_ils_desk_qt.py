"""The Qt desk in ILS mode (offscreen) against the test ILS in its own process: a tap shows the patron
from the ILS with its words, scans check out and in on the desk's own SIP2 thread, 延長 renews the loan
chosen, a refusal shows the desk's words with the ILS's beside them, the language switch asks the ILS
in English; the ILS down → the off-line banner and the outbox, back → 今すぐ送信 replays it; a
screenshot for docs/."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kiosk.library.ui.ils_desk import IlsLibraryDesk
from kiosk.ui import i18n
from tests.kiosk.conftest import save


@pytest.fixture
def screen(qtbot, make_ils_desk):
    desk = make_ils_desk()
    desk.link("2000001", "mynumber", "tok-1", "pseudonym")
    widget = IlsLibraryDesk(desk, lambda: ("mynumber", "tok-1"))
    qtbot.addWidget(widget)
    widget.resize(1024, 700)
    widget.show()
    yield widget
    widget.shutdown()
    widget.wedge.uninstall()
    i18n.reset()


def scan(qtbot, widget, code: str) -> None:
    QApplication.focusWidget() and QApplication.focusWidget().clearFocus()
    qtbot.keyClicks(widget.window(), code)
    qtbot.keyClick(widget.window(), Qt.Key.Key_Return)
    settle(qtbot, widget)


def settle(qtbot, widget) -> None:
    qtbot.waitUntil(lambda: not widget.busy, timeout=10_000)
    qtbot.wait(20)


@pytest.mark.shots
def test_tap_out_renew_in(qtbot, screen, ils):
    widget = screen
    qtbot.mouseClick(widget.tap_button, Qt.MouseButton.LeftButton)
    settle(qtbot, widget)
    assert widget.patron == "2000001" and "図書 花子" in widget.patron_line.value()
    assert "図書館システムより： ようこそ。" in widget.status.value()
    scan(qtbot, widget, "1000001")
    scan(qtbot, widget, "1000002")
    assert "貸出しました：1000002" in widget.status.value() and "貸出しました。返却日" in widget.status.value()
    settle(qtbot, widget)
    assert [widget.loans.item(i).text() for i in range(widget.loans.count())] == ["1000001", "1000002"]
    save(widget, "library-ils-loans.png")
    widget.loans.setCurrentRow(0)
    qtbot.mouseClick(widget.renew_button, Qt.MouseButton.LeftButton)
    settle(qtbot, widget)
    assert "延長しました：1000001" in widget.status.value()
    scan(qtbot, widget, "1000009")                        # on hold: the desk's words and the ILS's
    assert "貸出できませんでした" in widget.status.value() and "他の方の予約" in widget.status.value()
    qtbot.mouseClick(widget.mode_button, Qt.MouseButton.LeftButton)
    scan(qtbot, widget, "1000001")
    assert "返却しました：1000001" in widget.status.value()
    assert set(ils.recorded()["loans"]) == {"1000002"}
    qtbot.mouseClick(widget.next_button, Qt.MouseButton.LeftButton)
    settle(qtbot, widget)
    assert widget.patron is None and widget.patron_line.value() == ""


def test_in_english_the_ils_answers_in_english(qtbot, screen):
    widget = screen
    i18n.set_language("en")
    i18n.retranslate(widget)
    scan(qtbot, widget, "2000001")                       # a scanned library card
    assert "From the library system: Welcome." in widget.status.value()
    assert "Patron number 2000001" in widget.patron_line.value()
    scan(qtbot, widget, "1000099")
    assert "not in the catalogue" in widget.status.value()


def test_a_blocked_patron(qtbot, screen):
    widget = screen
    scan(qtbot, widget, "2000002")
    assert "図書館システムで貸出が止められています" in widget.patron_line.value()
    scan(qtbot, widget, "1000004")
    assert "貸出できませんでした" in widget.status.value() and "貸出が停止" in widget.status.value()


@pytest.mark.shots
def test_the_ils_down_then_back(qtbot, screen, ils):
    widget = screen
    scan(qtbot, widget, "2000001")
    ils.kill()
    scan(qtbot, widget, "1000005")
    assert "貸出を受け付けました（オフライン）：1000005" in widget.status.value()
    assert widget.banner.isVisible() and "送信待ち 1件" in widget.banner.value()
    settle(qtbot, widget)
    assert "オフライン" in widget.patron_line.value() and widget.loans.item(0).text() == "1000005　送信待ち"
    scan(qtbot, widget, "1000009")
    save(widget, "library-ils-offline.png")
    qtbot.mouseClick(widget.outbox_button, Qt.MouseButton.LeftButton)
    assert widget.outbox_list.count() == 2
    ils.start()
    qtbot.mouseClick(widget.replay_button, Qt.MouseButton.LeftButton)
    settle(qtbot, widget)
    rows = [widget.outbox_list.item(i).text() for i in range(widget.outbox_list.count())]
    assert len(rows) == 1 and rows[0].startswith("拒否 / refused") and "1000009" in rows[0]
    assert "拒否された取引" not in widget.banner.value() and "拒否した取引 1件" in widget.banner.value()
    save(widget, "library-ils-outbox.png")
    widget.outbox_list.setCurrentRow(0)
    qtbot.mouseClick(widget.resolve_button, Qt.MouseButton.LeftButton)
    assert widget.outbox_list.count() == 0 and not widget.banner.isVisible()
    assert set(ils.recorded()["loans"]) == {"1000005"}


def test_link_a_card_then_a_tap_finds_the_patron(qtbot, make_ils_desk):
    """カード連携: the card on the reader (here its token as the link provider gives it) becomes the
    scanned patron's card once the ILS knows the barcode; a tap then finds that patron."""
    desk = make_ils_desk("term-link")
    reader = {"card": ("mynumber", "tok-3", "pseudonym")}
    widget = IlsLibraryDesk(desk, lambda: reader["card"][:2], link_card=lambda: reader["card"])
    qtbot.addWidget(widget)
    widget.resize(1024, 700)
    widget.show()
    try:
        scan(qtbot, widget, "2000003")
        qtbot.mouseClick(widget.link_button, Qt.MouseButton.LeftButton)
        settle(qtbot, widget)
        assert "2000003 に連携しました" in widget.status.value()
        qtbot.mouseClick(widget.next_button, Qt.MouseButton.LeftButton)
        settle(qtbot, widget)
        qtbot.mouseClick(widget.tap_button, Qt.MouseButton.LeftButton)
        settle(qtbot, widget)
        assert widget.patron == "2000003" and "延滞 太郎" in widget.patron_line.value()
        reader["card"] = ("mynumber", "tok-unknown", "pseudonym")
        qtbot.mouseClick(widget.tap_button, Qt.MouseButton.LeftButton)
        assert "登録されていません" in widget.status.value()
    finally:
        widget.shutdown()
        widget.wedge.uninstall()


@pytest.mark.shots
@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_every_language_fits(qtbot, make_ils_desk, scale):
    """日本語, English and やさしい日本語 at 100 % and 200 % text: every text has room, the page scrolls
    down, never sideways; shot as library-ils-<language>-<100|200>.png."""
    from kiosk.ui import theme
    from tests.kiosk.conftest import shoot

    theme.apply(QApplication.instance(), text_scale=scale)
    desk = make_ils_desk(f"term-fit-{int(scale * 100)}")
    widget = IlsLibraryDesk(desk, lambda: ("mynumber", "none"), link_card=lambda: ("mynumber", "t", "pseudonym"))
    qtbot.addWidget(widget)
    widget.resize(1024, 700)
    widget.show()
    try:
        scan(qtbot, widget, "2000001")
        scan(qtbot, widget, "1000004")
        for code in ("ja", "en", "ja_easy"):
            i18n.set_language(code)
            i18n.retranslate(widget)
            QApplication.processEvents()
            scroll = widget.main_scroll
            assert scroll.widget().width() <= scroll.viewport().width(), code
            assert "テスト資料 4 巻" in widget.status.value()          # the ILS's print line (AG)
            shoot(widget, f"library-ils-{code}-{int(scale * 100)}.png")
    finally:
        widget.shutdown()
        widget.wedge.uninstall()
        i18n.reset()
        theme.apply(QApplication.instance(), text_scale=1.0)
