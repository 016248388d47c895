"""A staff IC card at the sign-in screen, without Qt: `staff_card_identifier(open_card)` →
`identify()` gives the card's (kind, token): the FeliCa IDm or the Type A UID, read in one short
session on the shell's card task thread. A My Number card is never a staff card: no pseudonym is made
for it, the sign-in screen says so."""

from __future__ import annotations

from typing import Callable

from devices.card_id import identify_card
from devices.transport import Transport
from kiosk.shell.staff import StaffError


def refuse_my_number() -> bytes:
    raise StaffError("staff_card_mynumber", "マイナンバーカードは係員カードに使えません。係員IDと暗証番号でサインインしてください。",
                     "A My Number card cannot be a staff card. Sign in with your staff ID and PIN.")


def staff_card_identifier(open_card: Callable[[], Transport]) -> Callable[[], tuple[str, str]]:
    def identify() -> tuple[str, str]:
        transport = open_card()
        try:
            card = identify_card(transport, "staff", refuse_my_number)
            return card.kind, card.pseudonym
        finally:
            transport.close()

    return identify
