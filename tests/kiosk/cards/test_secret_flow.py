"""The card-secret flow without Qt (kiosk.cards.secret), every transition, on the emulated card in
process (the real card commands, no pcscd): the tries before the first digit, PIN or 照合番号B, a
face-authentication card, the last-try confirmation, and what each typed error leads to. Card work
runs at once here, or is held back to show that a late answer is dropped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from devices import errors as e
from devices.emulator import CardHolder, MyNumberCard
from devices.emulator.faults import Faults, FaultyCard
from kiosk.cards.secret import SecretFlow, Step
from kiosk.cards.session import CardReads, card_session
from kiosk.cards.source import InProcessCardSource
from kiosk.messages import text

PEOPLE = json.loads((Path(__file__).resolve().parents[2] / "fixtures" / "people.json")
                    .read_text(encoding="utf-8"))["people"]
YAMADA = PEOPLE[0]                                              # PIN 1234, 3 tries
SUZUKI = next(p for p in PEOPLE if p["pin_tries_left"] == 1)    # one PIN try left
WATANABE = next(p for p in PEOPLE if p["pin"] and p["pin_tries_left"] == 0)   # PIN blocked
ITO = next(p for p in PEOPLE if p["pin"] is None)               # face-authentication card
YAMADA_FACE = ("550402", YAMADA["expiry_year"], YAMADA["security_code"])   # 昭和55年4月2日 as printed


def on_reader(person: dict, faults: Faults | None = None):
    """(card, source): the person's card, inserted, in process."""
    card = MyNumberCard(CardHolder.from_dict(person))
    source = InProcessCardSource(FaultyCard(card, faults) if faults else card)
    source.inserted = True
    return card, source


def flow_for(person: dict, faults: Faults | None = None, run=None):
    card, source = on_reader(person, faults)
    flow = SecretFlow(CardReads(source), run)
    steps: list[str] = []
    flow.listen(lambda f: steps.append(f.step.value))
    return card, flow, steps


def test_the_pin_tries_are_known_before_the_first_digit_and_the_right_pin_reads():
    card, flow, steps = flow_for(YAMADA)
    flow.start()
    assert steps == ["checking", "pin"] and flow.page == "pin"
    assert flow.tries_left == 3 and flow.keys_enabled and card.verify_data_count == 0
    flow.enter_pin(YAMADA["pin"])
    assert steps[-2:] == ["reading", "read"] and flow.page is None
    assert flow.result["person"]["name"] == YAMADA["name"] and flow.result["source"] == "card_pin"
    assert "my_number" not in flow.result["person"] and card.verify_data_count == 1


def test_the_my_number_only_with_a_purpose_and_never_with_code_b():
    _, flow, _ = flow_for(YAMADA)
    flow.start(purpose="住民票の写しの請求（番号法別表）")
    flow.enter_pin(YAMADA["pin"])
    assert flow.result["person"]["my_number"] == YAMADA["my_number"]
    flow.start(purpose="住民票の写しの請求（番号法別表）")
    flow.forgot_pin()
    flow.enter_code_b(*YAMADA_FACE)
    assert flow.step is Step.READ and "my_number" not in flow.result["person"]
    assert flow.result["source"] == "code_b"


def test_a_wrong_pin_asks_again_with_the_tries_left():
    card, flow, _ = flow_for(YAMADA)
    flow.start()
    flow.enter_pin("9999")
    assert flow.step is Step.PIN and flow.tries_left == 2 and card.pin_tries_left == 2
    assert flow.words == text("pin.wrong", n=2)
    flow.enter_pin(YAMADA["pin"])
    assert flow.step is Step.READ and flow.words is None


def test_one_try_left_keeps_the_keys_off_until_confirmed_then_allows_the_last_try():
    card, flow, _ = flow_for(SUZUKI)
    flow.start()
    assert flow.tries_left == 1 and flow.needs_confirmation and not flow.keys_enabled
    flow.enter_pin(SUZUKI["pin"])                     # refused by the flow: nothing reaches the card
    assert flow.step is Step.PIN and card.verify_data_count == 0
    assert not flow.allow_last_try
    flow.confirm_last_try()
    assert flow.keys_enabled and flow.allow_last_try
    flow.enter_pin(SUZUKI["pin"])
    assert flow.step is Step.READ and card.verify_data_count == 1


def test_a_last_try_the_card_refuses_asks_for_the_confirmation_again():
    card, flow, _ = flow_for(YAMADA)
    flow.start()                                      # the card said 3 …
    card.pin_tries_left = 1                           # … and had 1 when the PIN came (another reader)
    flow.enter_pin("9999")
    assert flow.step is Step.PIN and flow.tries_left == 1 and flow.needs_confirmation
    assert flow.words.ja == e.LastTryRefusedError.message_ja and card.verify_data_count == 0


def test_a_blocked_pin_goes_to_code_b_with_words_that_say_so():
    card, flow, steps = flow_for(WATANABE)
    flow.start()
    assert flow.step is Step.CODE_B and flow.tries_left == 10 and not flow.no_pin_card
    assert flow.words == text("error.pin_blocked") and card.verify_data_count == 0
    assert "pin" not in steps                        # the PIN pad was never asked for
    flow.enter_code_b("311231", WATANABE["expiry_year"], WATANABE["security_code"])  # 昭和31年12月31日
    assert flow.step is Step.READ and flow.result["person"]["name"] == WATANABE["name"]


def test_the_pin_blocked_by_the_last_wrong_pin_goes_to_code_b():
    card, flow, _ = flow_for(SUZUKI)
    flow.start()
    flow.confirm_last_try()
    flow.enter_pin("0000")
    assert card.pin_tries_left == 0
    assert flow.step is Step.CODE_B and flow.words == text("error.pin_blocked")


def test_a_face_authentication_card_goes_straight_to_code_b_with_its_note():
    card, flow, steps = flow_for(ITO)
    flow.start()
    assert steps == ["checking", "checking", "code_b"] and flow.page == "code_b"
    assert flow.no_pin_card and flow.tries_left == 10 and flow.words is None
    flow.enter_code_b("270303", ITO["expiry_year"], ITO["security_code"])   # 平成27年3月3日
    assert flow.step is Step.READ and flow.result["person"]["name"] == ITO["name"]


def test_i_dont_know_my_pin_goes_to_code_b_without_spending_a_pin_try():
    card, flow, _ = flow_for(YAMADA)
    flow.start()
    flow.forgot_pin()
    assert flow.step is Step.CODE_B and not flow.no_pin_card and flow.tries_left == 10
    flow.enter_code_b(*YAMADA_FACE)
    assert flow.step is Step.READ and card.pin_tries_left == 3


def test_starting_at_code_b():
    _, flow, steps = flow_for(YAMADA)
    flow.start(secret="code_b")
    assert steps == ["checking", "code_b"] and flow.secret == "code_b"


def test_a_wrong_code_b_asks_again_with_the_tries_and_words():
    card, flow, _ = flow_for(YAMADA)
    flow.start(secret="code_b")
    flow.enter_code_b("550402", YAMADA["expiry_year"], "0000")
    assert flow.step is Step.CODE_B and flow.tries_left == 9 and card.code_b_tries_left == 9
    assert flow.words == text("codeb.wrong", n=9)


def test_a_malformed_code_b_never_reaches_the_card():
    card, flow, steps = flow_for(YAMADA)
    flow.start(secret="code_b")
    before = list(steps)
    flow.enter_code_b("551302", YAMADA["expiry_year"], YAMADA["security_code"])   # month 13
    assert flow.step is Step.CODE_B and flow.words == text("codeb.invalid")
    assert card.verify_data_count == 0 and steps == [*before, "code_b"]


def test_the_last_code_b_try_goes_with_what_staff_type():
    card, flow, _ = flow_for(YAMADA)
    card.code_b_tries_left = 1
    flow.start(secret="code_b")
    assert flow.tries_left == 1 and flow.keys_enabled and flow.allow_last_try
    flow.enter_code_b(*YAMADA_FACE)
    assert flow.step is Step.READ


def test_a_blocked_code_b_is_the_by_hand_path():
    card, flow, _ = flow_for(YAMADA)
    card.code_b_tries_left = 0
    flow.start(secret="code_b")
    assert flow.step is Step.BY_HAND and flow.words == text("codeb.blocked")
    assert isinstance(flow.error, e.CodeBBlockedError) and flow.page is None


def test_code_b_blocked_by_the_last_wrong_try_is_the_by_hand_path():
    card, flow, _ = flow_for(YAMADA)
    card.code_b_tries_left = 1
    flow.start(secret="code_b")
    flow.enter_code_b("550402", YAMADA["expiry_year"], "0000")
    assert card.code_b_tries_left == 0 and flow.step is Step.BY_HAND


def test_no_card_goes_back_to_the_tap_step():
    _, source = on_reader(YAMADA)
    source.inserted = False
    flow = SecretFlow(CardReads(source))
    flow.start()
    assert flow.step is Step.TAP and flow.words == text("no_card")
    assert isinstance(flow.error, e.NoCardError)


def test_a_card_removed_while_reading_goes_back_to_the_tap_step():
    card, flow, _ = flow_for(YAMADA, Faults(remove_after=4))   # tries: 2 commands; the read's 3rd
    flow.start()
    assert flow.step is Step.PIN
    flow.enter_pin(YAMADA["pin"])
    assert flow.step is Step.TAP and flow.words == text("card_removed")


def test_anything_else_is_for_the_desk_to_show():
    _, flow, _ = flow_for(YAMADA, Faults(status={2: 0x6F00}))   # the PIN tries answer: an unknown SW
    flow.start()
    assert flow.step is Step.FAILED and isinstance(flow.error, e.CardProtocolError)
    assert flow.words.ja == e.CardProtocolError.message_ja


def test_code_b_tries_the_card_does_not_give_still_let_staff_type_it():
    _, flow, _ = flow_for(YAMADA, Faults(status={4: 0x6F00}))   # the 照合番号B tries answer
    flow.start()
    flow.forgot_pin()
    assert flow.step is Step.CODE_B and flow.tries_left is None and flow.keys_enabled
    assert flow.words.ja == e.CardProtocolError.message_ja


def test_a_late_answer_after_cancel_is_dropped():
    held: list = []
    card, flow, steps = flow_for(YAMADA, run=lambda action, done, failed: held.append((action, done, failed)))
    flow.start()
    assert steps == ["checking"] and flow.busy
    flow.cancel()
    action, done, failed = held.pop()
    done(action())                                   # the card answers after the person left
    assert flow.step is Step.IDLE and steps == ["checking", "idle"] and flow.tries_left is None


def test_a_late_answer_of_an_earlier_start_is_dropped():
    held: list = []
    _, flow, _ = flow_for(YAMADA, run=lambda action, done, failed: held.append((action, done, failed)))
    flow.start()
    flow.start(secret="code_b")
    first, second = held
    first[1](3)                                      # the PIN tries of the first start: too late
    assert flow.step is Step.CHECKING and flow.secret == "code_b"
    second[1](10)
    assert flow.step is Step.CODE_B and flow.tries_left == 10


def test_cancel_forgets_what_was_read():
    _, flow, _ = flow_for(YAMADA)
    flow.start()
    flow.enter_pin(YAMADA["pin"])
    assert flow.result is not None
    flow.cancel()
    assert flow.step is Step.IDLE and flow.result is None and flow.words is None


@pytest.mark.parametrize("press", ["enter_pin", "forgot_pin", "confirm_last_try", "enter_code_b"])
def test_presses_outside_their_step_do_nothing(press):
    card, flow, steps = flow_for(YAMADA)
    args = {"enter_pin": (YAMADA["pin"],), "enter_code_b": YAMADA_FACE}.get(press, ())
    getattr(flow, press)(*args)                      # before start
    assert flow.step is Step.IDLE and steps == [] and card.commands_seen == 0


def test_the_session_always_closes_the_transport():
    closed: list[bool] = []

    class Source:
        def open(self):
            class Transport:
                def close(self):
                    closed.append(True)
            return Transport()

    with pytest.raises(RuntimeError):
        with card_session(Source()):
            raise RuntimeError("a read failed")
    assert closed == [True]


def test_one_session_reads_the_card_id_and_the_person():
    from devices.card_id import identify_card

    card, source = on_reader(YAMADA)
    reads = CardReads(source, lambda t: identify_card(t, "shelter", lambda: b"k" * 32))
    read = reads.read_person(pin=YAMADA["pin"])
    assert read["card"] == reads.identify() and read["card"].kind == "mynumber"
    with pytest.raises(e.PinFormatError):             # checked before the card is touched
        reads.read_person(pin="12a4")
    assert card.verify_data_count == 1
