"""Check-in from a card through the real pcscd (emulated card behind vpcd, slot 0)."""

from __future__ import annotations

import pytest

from devices.pcsc import PcscTransport
from kiosk.shelter import model as m
from kiosk.shelter.card import checkin_with_card, service_key_loader


def _checkin(desk, reader, **kwargs):
    transport = PcscTransport.open(reader)
    try:
        return checkin_with_card(desk, transport, service_key=service_key_loader(desk.store.path.parent),
                                 **kwargs)
    finally:
        transport.close()


def test_my_number_card_with_pin_then_again_without(pcsc_card, people, desk):
    card, reader = pcsc_card(people[0], slot=0)
    assert _checkin(desk, reader) == {"needs_secret": True, "card": "mynumber"}
    first = _checkin(desk, reader, pin=people[0]["pin"], extra={"kana": "やまだ たろう", "needs": "elderly"})
    assert first["new"] is True and first["card"] == "mynumber"
    roster = desk.roster()
    person = roster.people[first["person_id"]]
    assert person.state == "present" and person.fields["name"] == people[0]["name"]
    assert person.fields["birth_date"] == "1980-04-02" and person.fields["source"] == "card_pin"
    assert [p.fields["name"] for p in roster.find("山田")] == [people[0]["name"]]
    desk.move(first["person_id"], m.TEMP_OUT)
    again = _checkin(desk, reader)  # the linked card: no PIN, the same person
    assert again["person_id"] == first["person_id"] and again["new"] is False
    assert desk.roster().status()["present"] == 1 and len(desk.roster().people) == 1


def test_felica_token_linked_at_the_desk_taps_in(pcsc_card, desk):
    _, reader = pcsc_card.token("felica", bytes.fromhex("012E4CD1F3A57B09"), slot=0)
    with pytest.raises(m.ShelterError) as unknown:
        _checkin(desk, reader)
    assert unknown.value.code == "shelter_card_unknown"
    child = desk.register({"name": "見本　ちび", "age_band": "3-5"}, source="by_hand")
    desk.link_card(child["person_id"], {"kind": "felica", "pseudonym": "012E4CD1F3A57B09"})
    desk.move(child["person_id"], m.TEMP_OUT)
    assert _checkin(desk, reader)["person_id"] == child["person_id"]
    assert desk.roster().people[child["person_id"]].state == "present"


def test_card_reader_for_the_qt_desk(pcsc_card, desk):
    from kiosk.cards.source import PcscCardSource
    from kiosk.shelter.card import card_reader

    _, reader = pcsc_card.token("type_a", bytes.fromhex("04A1B2C3D4E5F6"), slot=0)
    read = card_reader(PcscCardSource(reader), desk.store.path.parent)
    assert read() == {"card": {"kind": "type_a", "pseudonym": "04A1B2C3D4E5F6"}, "source": "ic_card"}
