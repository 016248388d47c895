"""The Qt shelter desk offscreen (pytest-qt), without a card: by hand (with needs and which allergy),
households, outside-shelter people, headcount, movements, search as you type, the family inquiry, the
needs summary and drill mode. Card paths: test_screen_cards.py (real pcscd + vpcd)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from kiosk.shelter import model as m

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture(autouse=True)
def themed(qapp):
    from kiosk.ui import theme

    theme.apply(qapp)
    return qapp


@pytest.fixture
def screen(make_screen, desk):
    """The desk's screen over the set-up shelter (`desk`), 1280×760."""
    return make_screen()


def type_person(qtbot, screen, name, kana="", needs=(), birth="", protect=False, details=None):
    # typed Japanese arrives as input-method commits; QTest key clicks only type Latin-1
    screen.name.insert(name)
    screen.kana.insert(kana)
    screen.birth.insert(birth)
    for code in needs:
        qtbot.mouseClick(screen.need_buttons[code], LEFT)
    for code, text in (details or {}).items():
        assert screen.form.details[code].isVisibleTo(screen.form)  # shown once its need is chosen
        screen.form.details[code].insert(text)
    if protect:
        qtbot.mouseClick(screen.protect, LEFT)


def check_in(qtbot, screen):
    with qtbot.waitSignal(screen.checked_in) as signal:
        qtbot.mouseClick(screen.checkin_button, LEFT)
    return signal.args[0]


def listed(widget):
    return [widget.item(i).text() for i in range(widget.count())]


def test_by_hand_with_needs_then_search_as_you_type(qtbot, screen, desk):
    type_person(qtbot, screen, "山田　太郎", "やまだ たろう", ("elderly", "allergy"), birth="75+",
                details={"allergy": "卵・小麦"})
    qtbot.mouseClick(screen.form.sex_buttons["1"], LEFT)
    screen.form.address.insert("見本県架空市二丁目")
    yamada = check_in(qtbot, screen)
    assert screen.name.text() == "" and not screen.need_buttons["elderly"].isChecked()  # wiped
    assert not screen.form.details["allergy"].isVisibleTo(screen.form) and screen.form.details["allergy"].text() == ""
    type_person(qtbot, screen, "𠮷田　花子", "よしだ はなこ", ("infant",), birth="2025-06-01")
    check_in(qtbot, screen)
    type_person(qtbot, screen, "秘密　守", "ひみつ まもる", protect=True)
    check_in(qtbot, screen)
    person = desk.roster().people[yamada].fields
    assert person["needs"] == {"elderly": "", "allergy": "卵・小麦"} and person["age_band"] == "75+"
    assert person["sex_code"] == "1" and person["address"] == "見本県架空市二丁目" and person["source"] == "by_hand"
    status = desk.roster().status()
    assert status["present"] == 3 and status["by_need"]["allergy"] == 1 and status["by_need"]["infant"] == 1
    assert screen.people.count() == 3 and listed(screen.people)[0].startswith("【非開示】")  # kana order
    screen.search.insert("だ")  # search as you type: one commit at a time
    assert screen.people.count() == 2
    screen.search.insert("は")
    assert listed(screen.people) == ["𠮷田　花子　よしだ はなこ"]


def test_name_is_required_and_nothing_typed_is_lost(qtbot, screen, desk):
    assert not screen.card_button.isEnabled()
    screen.kana.insert("なまえなし")
    qtbot.mouseClick(screen.need_buttons["pet"], LEFT)
    screen.form.details["pet"].insert("犬")
    qtbot.mouseClick(screen.checkin_button, LEFT)
    assert "name" in screen.message.value() and "氏名" in screen.message.value() and desk.roster().people == {}
    assert screen.kana.text() == "なまえなし" and screen.form.details["pet"].text() == "犬"  # fix and retry
    screen.birth.insert("2020-13-40")
    screen.name.insert("見本　一郎")
    qtbot.mouseClick(screen.checkin_button, LEFT)
    assert "月と日を確かめて" in screen.message.value() and desk.roster().people == {}   # says what to check


def test_household_member_without_a_card_and_movements(qtbot, screen, desk):
    type_person(qtbot, screen, "見本　母", "みほん はは")
    mother = check_in(qtbot, screen)
    qtbot.mouseClick(screen.people.viewport(), LEFT,
                     pos=screen.people.visualItemRect(screen.people.item(0)).center())
    assert screen.page() == "person" and "見本　母" in screen.person_page.who.value()
    qtbot.mouseClick(screen.person_page.buttons["add_member"], LEFT)
    assert screen.page() == "reception" and screen.household.text().startswith("世帯-")
    type_person(qtbot, screen, "見本　ちび", "みほん ちび", ("infant",), birth="0-2")
    child = check_in(qtbot, screen)
    roster = desk.roster()
    assert roster.people[child].household == roster.people[mother].household
    assert roster.status()["households"] == 1 and roster.status()["present"] == 2
    # movements of the mother from her page
    screen.open_person(mother)
    with qtbot.waitSignal(screen.moved) as signal:
        qtbot.mouseClick(screen.person_page.buttons["out"], LEFT)
    assert signal.args == [mother, m.TEMP_OUT] and desk.roster().people[mother].state == "out"
    assert not screen.person_page.buttons["out"].isEnabled()
    assert "外出中" in listed(screen.people)[1]
    with qtbot.waitSignal(screen.checked_in):
        qtbot.mouseClick(screen.person_page.buttons["back"], LEFT)
    assert desk.roster().people[mother].state == "present"
    qtbot.mouseClick(screen.person_page.buttons["checkout_shelter"], LEFT)  # no shelter name yet
    assert "shelter" in screen.message.value() and desk.roster().people[mother].state == "present"
    screen.person_page.other_shelter.insert("架空市立第二中学校")
    qtbot.mouseClick(screen.person_page.buttons["checkout_shelter"], LEFT)
    assert screen.person_page.confirm.isVisible() and desk.roster().people[mother].state == "present"
    assert "他の避難所へ" in screen.person_page.confirm_what.accessibleName()   # which check-out it asks about
    qtbot.mouseClick(screen.person_page.confirm_yes, LEFT)
    left = desk.roster().people[mother]
    assert left.state == "left" and left.movement["shelter_name"] == "架空市立第二中学校"
    assert "他の避難所へ・架空市立第二中学校" in screen.person_page.who.value()
    screen.open_person(child)
    qtbot.mouseClick(screen.person_page.buttons["checkout_hospital"], LEFT)
    qtbot.mouseClick(screen.person_page.confirm_yes, LEFT)
    assert desk.roster().people[child].movement["reason"] == "hospital"
    assert screen.people.count() == 0  # both left: no longer in the who-is-here list
    assert len(desk.roster().people) == 2  # the records stay


def test_outside_shelter_registration_and_headcount(qtbot, screen, desk):
    type_person(qtbot, screen, "車中　泊男", "しゃちゅう とまお", ("car_sleeping",))
    qtbot.mouseClick(screen.form.where_buttons["car"], LEFT)
    assert screen.form.place.isVisibleTo(screen.form)
    screen.form.place.insert("第一小学校 駐車場")
    outside = check_in(qtbot, screen)
    person = desk.roster().people[outside]
    assert person.state == "outside" and person.movement == {"where": "car", "place": "第一小学校 駐車場"}
    status = desk.roster().status()
    assert status["present"] == 0 and status["outside"]["total"] == 1 and status["outside"]["by_place"] == {"car": 1}
    # a surge: count 12 now, register later
    qtbot.mouseClick(screen.tabs["headcount"], LEFT)
    assert screen.page() == "headcount" and not screen.headcount_page.record_button.isEnabled()
    qtbot.mouseClick(screen.headcount_page.keys["+10"], LEFT)
    qtbot.mouseClick(screen.headcount_page.keys["+5"], LEFT)
    for _ in range(3):
        qtbot.mouseClick(screen.headcount_page.keys["-1"], LEFT)
    assert screen.headcount_page.display.value() == "12"
    qtbot.mouseClick(screen.headcount_page.record_button, LEFT)
    assert desk.roster().status()["occupancy"] == 12 and "12" in screen.headcount_page.open.text()
    qtbot.mouseClick(screen.tabs["reception"], LEFT)
    assert screen.form.from_headcount.isVisibleTo(screen.form)
    type_person(qtbot, screen, "見本　到着", "みほん とうちゃく")
    qtbot.mouseClick(screen.form.from_headcount, LEFT)
    check_in(qtbot, screen)
    status = desk.roster().status()
    assert status["unregistered_headcount"] == 11 and status["present"] == 1 and status["occupancy"] == 12


def test_family_inquiry_never_shows_a_protected_person(qtbot, screen, desk):
    type_person(qtbot, screen, "見本　守", "みほん まもる", protect=True)
    check_in(qtbot, screen)
    type_person(qtbot, screen, "見本　花", "みほん はな")
    hana = check_in(qtbot, screen)
    desk.move(hana, m.CHECKED_OUT, reason="another_shelter", shelter_name="架空市立第二中学校")
    screen.refresh()
    qtbot.mouseClick(screen.tabs["inquiry"], LEFT)
    screen.inquiry.query.insert("みほん")
    shown = "\n".join(listed(screen.inquiry.results))
    assert "見本　花" in shown and "架空市立第二中学校" in shown
    assert "守" not in shown and "まもる" not in shown and "非開示" not in shown
    screen.inquiry.query.clear()
    screen.inquiry.query.insert("まもる")  # the answer for a protected person = someone not here
    assert listed(screen.inquiry.results) == ["この避難所の名簿には見つかりません / Not found on this shelter's roster"]
    screen.inquiry.query.clear()
    screen.inquiry.query.insert("いない")
    assert listed(screen.inquiry.results) == ["この避難所の名簿には見つかりません / Not found on this shelter's roster"]


def test_needs_summary_page_and_pdf(qtbot, screen, desk, tmp_path):
    type_person(qtbot, screen, "見本　一", "みほん いち", ("allergy",), details={"allergy": "卵"})
    check_in(qtbot, screen)
    type_person(qtbot, screen, "見本　二", "みほん に", ("allergy", "dialysis"), details={"allergy": "卵・そば"})
    check_in(qtbot, screen)
    type_person(qtbot, screen, "見本　三", "みほん さん", birth="0-2")
    check_in(qtbot, screen)
    qtbot.mouseClick(screen.tabs["needs"], LEFT)
    rows = "\n".join(listed(screen.needs_page.table))
    for line in ("食事 Meals｜通常食 regular meals：1", "食事 Meals｜アレルギー対応食 allergy-free meals：2",
                 "食事 Meals｜　うち 卵 除去 free of 卵：2", "食事 Meals｜　うち そば 除去 free of そば：1",
                 "乳幼児 Infants｜粉ミルク formula：1", "医療 Medical｜人工透析 dialysis：1"):
        assert line in rows
    assert "見本" not in rows  # counts only
    qtbot.mouseClick(screen.needs_page.save_button, LEFT)
    out = desk.store.path.parent / "reports"
    pdfs = list(out.glob("needs-*.pdf"))
    assert len(pdfs) == 1 and pdfs[0].read_bytes().startswith(b"%PDF") and oct(pdfs[0].stat().st_mode)[-3:] == "600"


def test_drill_mode_is_marked_and_kept_apart(qtbot, screen, desk):
    assert not screen.drill_banner.isVisibleTo(screen)
    qtbot.mouseClick(screen.drill_button, LEFT)
    assert screen.drill_banner.isVisibleTo(screen) and "DRILL" in screen.drill_banner.text()
    type_person(qtbot, screen, "訓練　太郎", "くんれん たろう")
    check_in(qtbot, screen)
    assert screen.people.count() == 1 and screen.roster.drill
    for page in ("headcount", "inquiry", "needs", "reception"):  # the banner stays on every page
        qtbot.mouseClick(screen.tabs[page], LEFT)
        assert screen.drill_banner.isVisibleTo(screen)
    assert desk.roster().people == {}  # the real roster never sees the drill
    qtbot.mouseClick(screen.drill_button, LEFT)
    assert not screen.drill_banner.isVisibleTo(screen) and screen.people.count() == 0


def test_close_the_shelter_from_the_desk_after_the_roster_pdf(qtbot, screen, desk):
    type_person(qtbot, screen, "見本　一", "みほん いち", birth="1970-01-01")
    check_in(qtbot, screen)
    type_person(qtbot, screen, "見本　二", "みほん に", protect=True)
    check_in(qtbot, screen)
    qtbot.mouseClick(screen.tabs["needs"], LEFT)
    page = screen.needs_page
    assert not page.confirm_button.isVisibleTo(page)
    qtbot.mouseClick(page.close_button, LEFT)  # the first press only warns and asks again
    assert page.confirm_button.isVisibleTo(page) and "cannot be undone" in screen.message.value()
    qtbot.mouseClick(page.confirm_button, LEFT)
    assert "書き出" in screen.message.value() and "Export" in screen.message.value()  # refused: no export
    assert len(desk.roster().people) == 2
    qtbot.mouseClick(page.roster_button, LEFT)
    pdf = next((desk.store.path.parent / "reports").glob("roster-*.pdf"))
    assert pdf.read_bytes().startswith(b"%PDF") and oct(pdf.stat().st_mode)[-3:] == "600"
    qtbot.mouseClick(page.close_button, LEFT)
    qtbot.mouseClick(page.confirm_button, LEFT)
    assert "2 people" in screen.message.value()
    roster = desk.roster()
    assert roster.people == {} and roster.closed["people"] == 2 and screen.people.count() == 0
    assert all(e.payload == {} for e in desk.events() if e.kind == m.REGISTERED)


def test_a_volunteer_sees_counts_but_cannot_export_or_close(qtbot, screen, desk):
    type_person(qtbot, screen, "見本　一", "みほん いち")
    check_in(qtbot, screen)
    screen.may = lambda right: right == "desk.shelter"  # the shell's volunteer role
    qtbot.mouseClick(screen.tabs["needs"], LEFT)
    page = screen.needs_page
    assert page.table.count() > 0
    assert not any(b.isVisibleTo(page) for b in (page.save_button, page.roster_button, page.close_button))
    assert screen.save_roster_pdf() is None and "Only staff" in screen.message.value()
    screen.close_shelter()
    assert len(desk.roster().people) == 1 and not (desk.store.path.parent / "reports").exists()
    screen.may = lambda right: True  # staff signs in
    qtbot.mouseClick(screen.tabs["reception"], LEFT)
    qtbot.mouseClick(screen.tabs["needs"], LEFT)
    assert page.roster_button.isVisibleTo(page)


def test_a_card_error_without_words_is_never_called_an_unlinked_card(qtbot, make_screen, desk):
    """Every card error reaches words through kiosk.messages.for_error: a typed one says what it is,
    anything else says something unexpected happened — never "this card is not linked"."""
    from devices.errors import ReaderBusyError
    from kiosk.messages import text
    from kiosk.shelter.texts import t
    from kiosk.ui.i18n import one_line

    def broken_reader():
        raise RuntimeError("the driver fell over")

    widget = make_screen(read_card=broken_reader)
    qtbot.mouseClick(widget.card_button, LEFT)
    assert widget.message.value() == one_line(text("error.unexpected"))
    assert t("card_unknown").ja not in widget.message.value() and widget.card_button.isEnabled()

    def busy_reader():
        raise ReaderBusyError()

    widget.read_card = busy_reader
    qtbot.mouseClick(widget.card_button, LEFT)
    assert ReaderBusyError.message_ja in widget.message.value()
