"""Screenshots of every page of the shelter desk in the kiosk window (1280×800, checked by `shoot()`),
with an emulated My Number card on vpcd slot 1 for the PIN and 照合番号B pages."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.kiosk.conftest import shoot

LEFT = Qt.MouseButton.LeftButton
WAIT = 10_000


@pytest.mark.shots
def test_every_page_of_the_desk_fits_the_window(qtbot, pcsc_card, people, make_window):
    from kiosk.cards.source import PcscCardSource
    from kiosk.ui import theme

    theme.apply(qtbot._request.getfixturevalue("qapp")) if hasattr(qtbot, "_request") else None
    _, reader = pcsc_card(people[1], slot=1)
    window = make_window(PcscCardSource(reader))
    qtbot.mouseClick(window.start.buttons["shelter"], LEFT)
    desk = window.desk("shelter").widget
    for name, kana, birth, needs, protect in (("山田　太郎", "やまだ たろう", "1950-02-03", {"elderly": ""}, False),
                                              ("𠮷田　花子", "よしだ はなこ", "2025-05-05", {"infant": ""}, False),
                                              ("見本　守", "みほん まもる", "", {}, True)):
        desk.desk.register({"name": name, "kana": kana, "birth_date": birth, "needs": needs,
                            "household": "山田家" if name.startswith("山田") else "",
                            "do_not_disclose": protect}, source="by_hand")
    desk.refresh()
    desk.name.insert("佐藤　一郎")
    desk.kana.insert("さとう いちろう")
    qtbot.mouseClick(desk.need_buttons["allergy"], LEFT)
    desk.form.details["allergy"].insert("卵・そば")
    shoot(window, "shelter-reception.png")
    desk.wipe()
    desk.open_person(desk.roster.find("山田")[0].person_id)
    shoot(window, "shelter-person.png")
    qtbot.mouseClick(desk.person_page.buttons["checkout_home"], LEFT)   # a check-out asks first
    assert desk.person_page.confirm.isVisible()
    shoot(window, "shelter-checkout-confirm.png")
    qtbot.mouseClick(desk.person_page.confirm_no, LEFT)
    assert not desk.person_page.confirm.isVisible() and desk.roster.find("山田")[0].state == "present"
    qtbot.mouseClick(desk.tabs["headcount"], LEFT)
    qtbot.mouseClick(desk.headcount_page.keys["+10"], LEFT)
    shoot(window, "shelter-headcount.png")
    qtbot.mouseClick(desk.tabs["inquiry"], LEFT)
    desk.inquiry.query.insert("やまだ")
    shoot(window, "shelter-inquiry.png")
    qtbot.mouseClick(desk.tabs["needs"], LEFT)
    shoot(window, "shelter-needs.png")
    qtbot.mouseClick(desk.tabs["reception"], LEFT)
    qtbot.mouseClick(desk.card_button, LEFT)
    qtbot.waitUntil(lambda: desk.page() == "pin" and desk.pin.tries_left == 3, timeout=WAIT)
    qtbot.mouseClick(desk.pin.keys["1"], LEFT)
    shoot(window, "shelter-pin.png")
    qtbot.mouseClick(desk.pin.forgot_button, LEFT)
    qtbot.waitUntil(lambda: desk.page() == "code_b" and desk.code_b.tries_left is not None, timeout=WAIT)
    shoot(window, "shelter-code-b.png")
    qtbot.mouseClick(desk.drill_button, LEFT)
    desk.name.insert("訓練　花子")
    shoot(window, "shelter-drill.png")
    qtbot.mouseClick(desk.drill_button, LEFT)


def test_a_volunteer_signed_in_at_the_window_checks_in_but_cannot_export(qtbot, make_window):
    from kiosk.cards.source import PcscCardSource
    from kiosk.shell.staff import Staff

    window = make_window(PcscCardSource("Virtual PCD 00 01"))
    window.session.sign_in(Staff("vol-07", "volunteer"))
    window.open_desk("shelter")
    desk = window.desk("shelter").widget
    assert window.stack.currentWidget() is desk
    desk.name.insert("見本　一")
    with qtbot.waitSignal(desk.checked_in):
        qtbot.mouseClick(desk.checkin_button, LEFT)
    assert {e.staff for e in desk.desk.events() if e.kind.startswith("shelter.")} == {"vol-07"}
    qtbot.mouseClick(desk.tabs["needs"], LEFT)
    page = desk.needs_page
    assert page.table.count() > 0 and not page.roster_button.isVisibleTo(page)
    assert not page.close_button.isVisibleTo(page) and desk.save_roster_pdf() is None
    qtbot.mouseClick(desk.drill_button, LEFT)  # the drill desk carries the same staff id
    assert desk.desk.drill and desk.desk.staff == "vol-07"
    qtbot.mouseClick(desk.drill_button, LEFT)
