"""Shelter check-in from a card on the reader, without Qt (used by the shelter desk screen and tests).

`checkin_with_card` first asks the card for its PIN-free id (`devices.card_id.identify_card`: the
per-service pseudonym of a My Number card, the IDm / UID of a FeliCa / Type A card). A card already
linked to someone checks that person in at once, with no PIN and no typing. Otherwise a My Number card
is read (the basic four with the PIN, or with 照合番号B) and the person is registered with the card's
token; an IC card nobody has yet raises `shelter_card_unknown` (link it at the desk to a person
registered by hand: `ShelterDesk.link_card`). The PIN and 照合番号B are never stored or logged.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Callable

from devices.pseudonym import load_service_key
from devices.reading import read_basic_four, read_basic_four_with_code_b
from kiosk.cards.session import CardReads
from kiosk.shelter import model as m
from kiosk.shelter.desk import ShelterDesk

logger = logging.getLogger(__name__)
SERVICE = "shelter"  # the pseudonym service: its key must be the same on every terminal of a site


def service_key_loader(data_dir: Path) -> Callable[[], bytes]:
    return lambda: load_service_key(Path(data_dir), SERVICE)


def identify_card_id(transport, service_key: Callable[[], bytes]):
    """The card's `devices.card_id.CardId` for the shelter service."""
    from devices.card_id import identify_card  # lazy: cryptography loads at the first tap

    return identify_card(transport, SERVICE, service_key)


def identify(transport, service_key: Callable[[], bytes]) -> dict[str, str]:
    return identify_card_id(transport, service_key).to_dict()


def checkin_with_card(desk: ShelterDesk, transport, *, service_key: Callable[[], bytes],
                      pin: str | None = None, code_b: str | None = None,
                      extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """Check in the person of the card on `transport`. Returns the desk's result plus `card`.

    `extra` adds desk-typed fields (kana, household, needs, do_not_disclose) for a new registration.
    `needs_secret` is True in the result when the card is a My Number card not seen before and neither
    a PIN nor 照合番号B was given: ask for one and call again.
    """
    card = identify(transport, service_key)
    roster = desk.roster()
    known = roster.person_for_card(f"{card['kind']}:{card['pseudonym']}")
    if known is not None:
        return {**desk.check_in(known.person_id, "ic_card"), "card": card["kind"]}
    if card["kind"] != "mynumber":
        raise m.ShelterError("shelter_card_unknown", "このカードはまだ誰にも登録されていません。"
                                                     "受付で登録してください。",
                             "This card is not linked to anyone yet: register at the desk.",
                             card=card["kind"])
    if pin is None and code_b is None:
        return {"needs_secret": True, "card": card["kind"]}

    four = (read_basic_four(transport, pin) if pin is not None
            else read_basic_four_with_code_b(transport, code_b))
    fields = {**(extra or {}), **four.to_dict()}
    source = "card_pin" if pin is not None else "code_b"
    result = desk.register(fields, source=source, card=card, roster=roster)
    logger.info("shelter: card check-in (%s, new=%s)", source, result["new"])
    return {**result, "card": card["kind"]}


class ShelterCardReader(CardReads):
    """The card reads of the Qt shelter desk, each one session on the kiosk's card source
    (kiosk.cards.session), run on the card thread.

    - `reader()` → `{"card": {kind, pseudonym}, "source": "ic_card"}`, the PIN-free id, or None when
      no card is on the reader;
    - `reader.tries(secret)` → the PIN ("pin") or 照合番号B ("code_b") tries left, without spending
      one (PinNotSetError for a face-authentication card asked for its PIN);
    - `reader.read_person(pin=…)` / `read_person(code_b=…)` → `{"card", "person", "source"}`: the id
      and the basic four read in ONE session, so the card that was identified is the card that was
      read. The PIN and 照合番号B are passed through and never kept.
    """

    def __init__(self, card_source, data_dir: Path) -> None:
        key = service_key_loader(data_dir)
        super().__init__(card_source, lambda transport: identify_card_id(transport, key))

    def __call__(self) -> dict[str, Any] | None:
        if not self.source.present():
            return None
        return {"card": self.identify().to_dict(), "source": "ic_card"}

    def read_person(self, **secret: Any) -> dict[str, Any]:
        read = super().read_person(**secret)
        return {**read, "card": read["card"].to_dict()}   # the shelter's events hold the card as a dict


def card_reader(card_source, data_dir: Path) -> ShelterCardReader:
    """The card reader of the Qt shelter desk (kept as a function: its kiosk desk builds it so)."""
    return ShelterCardReader(card_source, data_dir)
