"""The Qt library desk with the emulated My Number card on vpcd slot 1 through the real pcscd:
registration with the PIN (a wrong one first) and with 照合番号B (an ineligible person refused, then
a declaration), the card PDF produced and its barcode decoded, the My Number card linked so that a
later tap needs no PIN (tap-to-borrow, return), address change by re-reading the card, a lost card
reissued and the old number on the blocked list. Screenshots for docs/."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from PySide6.QtCore import Qt

from kiosk.cards.source import PcscCardSource
from kiosk.library import state as st
from tests import shots
from tests.kiosk.conftest import shoot  # every text fits (the kiosk's own check), then the picture
from tests.kiosk.library.conftest import card_identifier
from tests.kiosk.library.test_desk_qt import scan
from tests.packaging.cupsd import printed_pdf

pytestmark = pytest.mark.pcscd
SLOT = 1
WAIT_MS = 10_000


@pytest.fixture
def desk_on_slot1(make_screen, terminal, card_tasks, pcsc_card):
    """make(person) → (the desk's screen, 1280×800, the person's card) with the card on slot 1."""
    made = {}

    def make(person: dict):
        card, reader = pcsc_card(person, slot=SLOT)
        made["reader"] = reader
        if "widget" not in made:
            made["widget"] = make_screen(identify_card=card_identifier(reader, terminal.data_dir),
                                         runner=card_tasks, data_dir=terminal.data_dir, size=(1280, 800),
                                         card_source=PcscCardSource(reader))
        return made["widget"], card

    return make


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def press_pin(qtbot, pin_screen, digits: str) -> None:
    qtbot.waitUntil(lambda: "残り" in pin_screen.tries_label.accessibleName(), timeout=WAIT_MS)
    for d in digits:
        click(qtbot, pin_screen.keys[d])
    click(qtbot, pin_screen.ok_button)


@pytest.mark.shots
def test_register_with_pin_print_then_tap_to_borrow_without_pin(qtbot, desk_on_slot1, people, tmp_path,
                                                                terminal, cups):
    yamada = people[0]                                      # 新宿区: a resident
    widget, card = desk_on_slot1(yamada)
    panel = widget.register_panel
    click(qtbot, widget.register_button)
    assert widget.pages.currentWidget() is panel and panel.pages.currentWidget() is panel.form
    shoot(widget, "library-register.png")
    click(qtbot, panel.pin_button)                          # the tries are asked first, then the pad
    qtbot.waitUntil(lambda: panel.pages.currentWidget() is panel.pin, timeout=WAIT_MS)  # the shared pad
    press_pin(qtbot, panel.pin, "0000")                     # a wrong PIN first
    qtbot.waitUntil(lambda: panel.pin.message.isVisible(), timeout=WAIT_MS)
    assert "2" in panel.pin.message.text() and widget.desk.state().patrons == {}
    press_pin(qtbot, panel.pin, yamada["pin"])
    qtbot.waitUntil(lambda: panel.pages.currentWidget() is panel.result, timeout=WAIT_MS)
    number = "2010000012"
    result = panel.result_text.value()
    assert number in result and "在住" in result and "はい / yes" in result
    pdf = terminal.data_dir / "library-cards" / f"library-card-{number}.pdf"
    assert "library-cards/" + pdf.name in result and oct(pdf.stat().st_mode & 0o777) == "0o600"
    assert result.split("\n")[0] == f"氏名 / Name: {yamada['name']}"   # whose card it is, first
    preview = panel.preview.pixmap()                        # the card itself, drawn from its PDF
    assert not preview.isNull() and preview.width() > 300 and 0.6 < preview.height() / preview.width() < 0.66
    assert panel.print_button.isVisible() and panel.print_button.isEnabled()
    shoot(widget, "library-registered.png")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "山田" in text and "2010 0000 12" in text

    def print_answered() -> str:
        click(qtbot, panel.print_button)                    # off the UI thread: the button waits
        assert not panel.print_button.isEnabled()
        qtbot.waitUntil(lambda: panel.print_button.isEnabled(), timeout=30_000)
        return panel.print_message.accessibleName()

    said = print_answered()                                 # no printer yet: what to do, the PDF kept
    assert "プリンタが設定されていません" in said and "No printer is configured" in said and str(pdf) in said
    out = cups.queue("library-card", default=True)
    said = print_answered()
    assert "印刷に送りました（library-card）" in said and "hand the printed card to the patron" in said
    printed = subprocess.run(["pdftotext", "-", "-"], input=printed_pdf(cups.wait_for_output(out)),
                             capture_output=True, check=True).stdout.decode()
    assert "山田" in printed and "2010 0000 12" in printed    # the card itself reached the printer
    assert shutil.which("zbarimg"), "zbar-tools (scripts/setup.sh) decodes the printed barcode"
    subprocess.run(["pdftoppm", "-r", "300", "-png", "-singlefile", str(pdf), str(tmp_path / "c")],
                   check=True, timeout=60)
    decoded = subprocess.run(["zbarimg", "--raw", "-q", str(tmp_path / "c.png")], capture_output=True,
                             text=True, timeout=60).stdout.split()
    assert decoded == [f"A{number}A"]
    shutil.copyfile(tmp_path / "c.png", shots.path("library-card.png", "images"))
    events = widget.desk.store.pending()
    assert [e.kind for e in events] == [st.REGISTERED, st.LINKED]
    assert events[1].payload["kind"] == "mynumber" and events[1].payload["provider"] == "pseudonym"
    assert events[0].payload["source"] == "card_pin"

    click(qtbot, panel.finish_button)                       # to the checkout page with the patron
    assert widget.pages.currentWidget() is widget.main and widget.patron == number
    click(qtbot, widget.next_button)
    verified_before = card.verify_data_count
    click(qtbot, widget.tap_button)                         # a later visit: a tap, no PIN
    qtbot.waitUntil(lambda: widget.patron == number, timeout=WAIT_MS)
    assert card.verify_data_count == verified_before
    scan(qtbot, widget, "1000001")
    assert [loan["item"] for loan in widget.desk.summary(number)["loans"]] == ["1000001"]
    click(qtbot, widget.mode_button)
    scan(qtbot, widget, "1000001")                          # the return
    assert widget.desk.summary(number)["loans"] == [] and "返却しました" in widget.status.value()
    out = next(e for e in widget.desk.store.pending() if e.kind == st.CHECKED_OUT)
    assert out.redacted and out.payload == {}


@pytest.mark.shots
def test_code_b_refusal_declaration_address_change_and_reissue(qtbot, desk_on_slot1, people):
    sato = people[1]                                        # 大阪市: not a resident
    widget, _ = desk_on_slot1(sato)
    panel = widget.register_panel
    printed = "64" + sato["birth_date"][4:]                 # 昭和64年1月7日 as printed on the card

    def register_with_code_b():
        click(qtbot, panel.code_b_button)
        qtbot.waitUntil(lambda: "残り" in panel.code_b.tries_label.accessibleName(), timeout=WAIT_MS)
        for d in printed + sato["expiry_year"] + sato["security_code"]:
            click(qtbot, panel.code_b.keys[d])
        click(qtbot, panel.code_b.ok_button)

    click(qtbot, widget.register_button)
    register_with_code_b()
    qtbot.waitUntil(lambda: panel.message.isVisible(), timeout=WAIT_MS)
    assert panel.pages.currentWidget() is panel.form and "在勤" in panel.message.accessibleName()
    assert "佐藤" not in panel.message.accessibleName() and widget.desk.store.status()["total"] == 0
    shoot(widget, "library-register-refused.png")
    click(qtbot, panel.declarations.button(1))              # 在勤: the person declares working here
    register_with_code_b()
    qtbot.waitUntil(lambda: panel.pages.currentWidget() is panel.result, timeout=WAIT_MS)
    assert "在勤" in panel.result_text.value()
    click(qtbot, panel.finish_button)
    number = widget.patron
    assert widget.desk.state().patrons[number]["source"] == "code_b"

    moved = dict(sato, address="東京都新宿区西新宿二丁目８番１号")   # she moved here: re-read
    desk_on_slot1(moved)
    click(qtbot, widget.update_button)
    assert panel.pages.currentWidget() is panel.form and not panel.guardian.isVisible()
    click(qtbot, panel.pin_button)
    press_pin(qtbot, panel.pin, sato["pin"])
    qtbot.waitUntil(lambda: panel.pages.currentWidget() is panel.result, timeout=WAIT_MS)
    assert "住所" in panel.result_text.value() and "登録区分" in panel.result_text.value()
    patron = widget.desk.state().patrons[number]
    assert (patron["address"], patron["basis"]) == (moved["address"], "resident")
    click(qtbot, panel.finish_button)

    click(qtbot, widget.reissue_button)                     # the library card was lost
    new = widget.patron
    assert new != number and f"{number} → {new}" in widget.status.value()
    shown = widget.status.value().split("card PDF: ")[1]   # library-cards/library-card-N.pdf
    assert shown == f"library-cards/library-card-{new}.pdf" and (widget.data_dir / shown).exists()
    shoot(widget, "library-reissued.png")
    scan(qtbot, widget, number)                             # the lost card: blocked
    assert "紛失" in widget.patron_line.value()
    scan(qtbot, widget, "1000001")
    assert "貸出停止" in widget.status.value()
    click(qtbot, widget.blocked_button)
    assert widget.pages.currentWidget() is widget.blocked_page
    assert [widget.blocked_list.item(i).text().split("　")[0]
            for i in range(widget.blocked_list.count())] == [number]
    shoot(widget, "library-blocked.png")
    scan(qtbot, widget, new)                                # scans do nothing off the checkout page
    assert widget.pages.currentWidget() is widget.blocked_page


def test_a_face_authentication_card_is_sent_to_code_b(qtbot, desk_on_slot1, people):
    """A card without a PIN (顔認証マイナンバーカード): 暗証番号で読む leads to 照合番号B, with the
    counter's note, and no PIN try is spent."""
    ito = next(p for p in people if p["pin"] is None)
    widget, card = desk_on_slot1(ito)
    panel = widget.register_panel
    click(qtbot, widget.register_button)
    click(qtbot, panel.pin_button)
    qtbot.waitUntil(lambda: panel.pages.currentWidget() is panel.code_b, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "残り" in panel.code_b.tries_label.accessibleName(), timeout=WAIT_MS)
    assert panel.code_b.note.isVisible() and panel.back_button.isVisible()
    assert card.verify_data_count == 0 and widget.desk.store.status()["total"] == 0
