"""A staff IC card at the sign-in screen, without Qt: `staff_card_identifier(card_source)` →
`identify()` gives the card's (kind, token): the FeliCa IDm or the Type A UID, read in one card session
(kiosk.cards.session) on the card thread. A My Number card is never a staff card: no pseudonym is made
for it, the sign-in screen says so (StaffError staff_card_mynumber)."""

from __future__ import annotations

from typing import Callable

from kiosk.cards.session import CardReads
from kiosk.shell.staff import my_number_card


def refuse_my_number() -> bytes:
    raise my_number_card()


def read_staff_card(transport):
    """On the card thread, when a card is tapped at the sign-in."""
    from devices.card_id import identify_card  # lazy: the JPKI and FeliCa reads, not at the start

    return identify_card(transport, "staff", refuse_my_number)


def staff_card_identifier(card_source) -> Callable[[], tuple[str, str]]:
    reads = CardReads(card_source, read_staff_card)

    def identify() -> tuple[str, str]:
        card = reads.identify()
        return card.kind, card.pseudonym

    return identify
