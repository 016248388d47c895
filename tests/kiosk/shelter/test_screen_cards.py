"""The Qt shelter desk with cards on the emulated reader (vpcd slot 1, the REAL pcscd), card work on
the card thread: a My Number card with the PIN (the counter's PIN pad), with 照合番号B typed from
the card face (the counter's 照合番号B screen), a FeliCa token handed over and linked, then tap out / in.

Each path counts the desk pages shown and the items typed from the tap to checked in, and prints them
(`pytest -s`), for the speed note in docs/shelter.md (Kishiwada 2025: 9 s per person by card against
1 min 10 s by hand)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from kiosk.shelter import model as m

LEFT = Qt.MouseButton.LeftButton
SLOT = 1
WAIT = 10_000


@pytest.fixture(autouse=True)
def themed(qapp):
    from kiosk.ui import theme

    theme.apply(qapp)
    return qapp


@pytest.fixture
def reader_screen(make_screen, desk, card_tasks):
    """make(reader) → the desk's screen reading cards on `reader` on the card thread."""
    from kiosk.cards.source import PcscCardSource
    from kiosk.shelter.card import card_reader

    def make(reader: str):
        return make_screen(runner=card_tasks,
                           read_card=card_reader(PcscCardSource(reader), desk.store.path.parent))

    return make


class Path:
    """Counts what staff and the resident do from the tap to checked in: pages, presses, typed."""

    def __init__(self, screen) -> None:
        self.screen, self.pages, self.presses, self.typed = screen, [screen.page()], 0, 0
        screen.stack.currentChanged.connect(lambda _i: self.pages.append(screen.page()))

    def press(self, qtbot, widget) -> None:
        self.presses += 1
        qtbot.mouseClick(widget, LEFT)

    def key(self, qtbot, widget) -> None:
        self.typed += 1
        qtbot.mouseClick(widget, LEFT)

    def report(self, name: str) -> str:
        line = (f"{name}: {len(self.pages)} page(s) {' → '.join(self.pages)}, {self.presses} press(es), "
                f"{self.typed} typed item(s)")
        print(line)
        return line


def test_my_number_card_with_pin_then_a_second_press_says_already_here(qtbot, pcsc_card, people, reader_screen, desk):
    card, reader = pcsc_card(people[0], slot=SLOT)
    screen = reader_screen(reader)
    screen.kana.insert("やまだ たろう")  # what the card does not hold, typed beside it
    path = Path(screen)
    path.press(qtbot, screen.card_button)
    qtbot.waitUntil(lambda: screen.page() == "pin" and screen.pin.tries_left == 3, timeout=WAIT)
    assert "3" in screen.pin.tries_label.text()
    for digit in people[0]["pin"]:
        path.key(qtbot, screen.pin.keys[digit])
    with qtbot.waitSignal(screen.checked_in, timeout=WAIT) as signal:
        path.press(qtbot, screen.pin.ok_button)
    path.report("My Number card + PIN")
    assert path.pages == ["reception", "pin", "reception"] and path.typed == 4 and path.presses == 2
    person = desk.roster().people[signal.args[0]]
    assert person.fields["name"] == people[0]["name"] and person.fields["kana"] == "やまだ たろう"
    assert person.fields["source"] == "card_pin" and person.state == "present"
    assert any(c.startswith("mynumber:") for c in person.cards)
    assert card.pin_tries_left == 3 and screen.pin.display.value() == "○ ○ ○ ○"  # nothing kept
    # the same card again, still on the reader: linked, no PIN, and nothing recorded — the person's
    # page says they are already here, with going out and the check-out (which asks first) on it
    events = len(desk.store.pending())
    qtbot.mouseClick(screen.card_button, LEFT)
    qtbot.waitUntil(lambda: screen.page() == "person", timeout=WAIT)
    assert "Already checked in" in screen.message.value() and "もう受付済み" in screen.message.value()
    assert screen.person_page.person_id == person.person_id
    assert desk.roster().people[person.person_id].state == "present" and len(desk.store.pending()) == events
    qtbot.mouseClick(screen.person_page.buttons["checkout_home"], LEFT)   # asks first
    assert screen.person_page.confirm.isVisible() and desk.roster().people[person.person_id].state == "present"
    qtbot.mouseClick(screen.person_page.confirm_no, LEFT)                 # やめる: nothing recorded
    assert not screen.person_page.confirm.isVisible() and len(desk.store.pending()) == events
    with qtbot.waitSignal(screen.moved, timeout=WAIT):
        qtbot.mouseClick(screen.person_page.buttons["out"], LEFT)        # going out is one press
    assert desk.roster().people[person.person_id].state == "out"
    screen.show_page("reception")
    with qtbot.waitSignal(screen.checked_in, timeout=WAIT):              # back: the card taps them in
        qtbot.mouseClick(screen.card_button, LEFT)
    assert desk.roster().people[person.person_id].state == "present" and len(desk.roster().people) == 1
    assert "Welcome back" in screen.message.value()


def test_wrong_pin_then_code_b_from_the_card_face(qtbot, pcsc_card, people, reader_screen, desk):
    card, reader = pcsc_card(people[0], slot=SLOT)
    screen = reader_screen(reader)
    qtbot.mouseClick(screen.card_button, LEFT)
    qtbot.waitUntil(lambda: screen.page() == "pin" and screen.pin.tries_left == 3, timeout=WAIT)
    for digit in "9999":
        qtbot.mouseClick(screen.pin.keys[digit], LEFT)
    qtbot.mouseClick(screen.pin.ok_button, LEFT)
    qtbot.waitUntil(lambda: screen.pin.tries_left == 2, timeout=WAIT)
    assert screen.pin.message.isVisibleTo(screen.pin) and "2" in screen.pin.message.text()
    assert desk.roster().people == {}
    path = Path(screen)
    path.press(qtbot, screen.pin.forgot_button)  # 暗証番号がわからない → 照合番号B from the card face
    qtbot.waitUntil(lambda: screen.page() == "code_b" and screen.code_b.tries_left is not None, timeout=WAIT)
    face = "550402" + people[0]["expiry_year"] + people[0]["security_code"]  # 昭和55年4月2日 as printed
    for digit in face:
        path.key(qtbot, screen.code_b.keys[digit])
    with qtbot.waitSignal(screen.checked_in, timeout=WAIT) as signal:
        path.press(qtbot, screen.code_b.ok_button)
    path.report("照合番号B (after the PIN pad)")
    assert path.pages == ["pin", "code_b", "reception"] and path.typed == 14
    person = desk.roster().people[signal.args[0]]
    assert person.fields["name"] == people[0]["name"] and person.fields["source"] == "code_b"
    assert all(f.text() == "" for f in screen.code_b.fields.values())  # the digits are gone
    assert card.pin_tries_left == 2  # 照合番号B spent no PIN try


def test_face_authentication_card_goes_straight_to_code_b(qtbot, pcsc_card, people, reader_screen, desk):
    child = people[8]  # a face-authentication card: no PIN at all
    assert child["pin"] is None
    _, reader = pcsc_card(child, slot=SLOT)
    screen = reader_screen(reader)
    path = Path(screen)
    path.press(qtbot, screen.card_button)
    qtbot.waitUntil(lambda: screen.page() == "code_b" and screen.code_b.tries_left is not None, timeout=WAIT)
    assert screen.code_b.note.isVisibleTo(screen.code_b)  # says the card has no PIN
    for digit in "270303" + child["expiry_year"] + child["security_code"]:  # 平成27年3月3日 as printed
        path.key(qtbot, screen.code_b.keys[digit])
    with qtbot.waitSignal(screen.checked_in, timeout=WAIT) as signal:
        path.press(qtbot, screen.code_b.ok_button)
    path.report("照合番号B, face-authentication card")
    assert path.pages == ["reception", "code_b", "reception"] and path.typed == 14 and path.presses == 2
    person = desk.roster().people[signal.args[0]]
    assert person.fields["name"] == child["name"] and person.fields["source"] == "code_b"


def test_felica_token_handed_over_linked_then_out_and_tapped_back_in(qtbot, pcsc_card, reader_screen, desk):
    _, reader = pcsc_card.token("felica", bytes.fromhex("012E4CD1F3A57B09"), slot=SLOT)
    screen = reader_screen(reader)
    qtbot.mouseClick(screen.card_button, LEFT)  # nobody has this card yet
    qtbot.waitUntil(lambda: "not linked" in screen.message.value(), timeout=WAIT)
    assert desk.roster().people == {}
    screen.name.insert("見本　ちび")
    screen.birth.insert("3-5")
    with qtbot.waitSignal(screen.checked_in) as signal:
        qtbot.mouseClick(screen.checkin_button, LEFT)
    child = signal.args[0]
    screen.open_person(child)
    qtbot.mouseClick(screen.person_page.buttons["link_card"], LEFT)  # hand the blank card over: tap it
    qtbot.waitUntil(lambda: "linked" in screen.message.value(), timeout=WAIT)
    assert desk.roster().people[child].cards == {"felica:012E4CD1F3A57B09"}
    screen.show_page("reception")
    path = Path(screen)
    path.press(qtbot, screen.card_button)          # here already: their page, nothing recorded
    qtbot.waitUntil(lambda: screen.page() == "person", timeout=WAIT)
    assert "Already checked in" in screen.message.value() and desk.roster().people[child].state == "present"
    with qtbot.waitSignal(screen.moved, timeout=WAIT) as moved:
        path.press(qtbot, screen.person_page.buttons["out"])
    assert moved.args == [child, m.TEMP_OUT]
    screen.show_page("reception")
    with qtbot.waitSignal(screen.checked_in, timeout=WAIT):
        path.press(qtbot, screen.card_button)      # back: a tap, no typing
    path.report("linked IC card: tap (already here) → out, tap back in")
    assert path.typed == 0 and path.presses == 3 and "Welcome back" in screen.message.value()
    assert desk.roster().people[child].state == "present"
    # a second person may not take the same card
    screen.name.insert("見本　別人")
    with qtbot.waitSignal(screen.checked_in) as other:
        qtbot.mouseClick(screen.checkin_button, LEFT)
    screen.open_person(other.args[0])
    qtbot.mouseClick(screen.person_page.buttons["link_card"], LEFT)
    qtbot.waitUntil(lambda: "someone else" in screen.message.value(), timeout=WAIT)
    assert desk.roster().person_for_card("felica:012E4CD1F3A57B09").person_id == child


def test_by_hand_and_headcount_paths_counted(qtbot, reader_screen, desk, pcscd):
    screen = reader_screen("Virtual PCD 00 01")
    path = Path(screen)
    screen.name.insert("見本　手書")  # one typed item: only the name is required
    path.typed += 1
    with qtbot.waitSignal(screen.checked_in):
        path.press(qtbot, screen.checkin_button)
    path.report("by hand, name only")
    assert path.pages == ["reception"] and path.typed == 1 and path.presses == 1
    path = Path(screen)
    for value, edit in (("見本　家族", screen.name), ("みほん かぞく", screen.kana),
                        ("1950-01-01", screen.birth), ("見本県架空市一丁目", screen.form.address)):
        edit.insert(value)
        path.typed += 1
    path.press(qtbot, screen.form.sex_buttons["2"])
    path.press(qtbot, screen.need_buttons["elderly"])
    with qtbot.waitSignal(screen.checked_in):
        path.press(qtbot, screen.checkin_button)
    path.report("by hand, the shelter card (name, kana, birth, address, sex, a need)")
    path = Path(screen)
    path.press(qtbot, screen.tabs["headcount"])
    path.press(qtbot, screen.headcount_page.keys["+10"])
    path.press(qtbot, screen.headcount_page.record_button)
    path.report("headcount, 10 people at once")
    assert path.pages == ["reception", "headcount"] and path.presses == 3 and path.typed == 0
    assert desk.roster().status()["occupancy"] == 12
