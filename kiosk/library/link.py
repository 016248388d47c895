"""The My Number card (or a FeliCa library card) as the library card: providers of card tokens.

A `LinkProvider` turns the card on a transport into a token that stands for the card at this library:
`link(transport)` at registration (may ask more of the card) and `identify(transport)` at later visits
(a tap, no PIN). `kind` names the token space stored in `library.card_linked`.

`PseudonymProvider` (the default) reads the JPKI user-authentication certificate without a PIN and
returns `devices.pseudonym.service_pseudonym` under the library's own service key
(`<data-dir>/service-keys/<service>.key`): the certificate's serial number never leaves `devices`, and
the token means nothing to any other service. A FeliCa or Type A library card gives its IDm / UID.
A My Key Platform provider (the Digital Agency's software, the sanctioned path for municipal
libraries since 2024-05-27) would implement the same two methods and return the マイキーID; see
docs/library.md. No PIN-less token proves that a card is genuine or held by its owner.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Protocol

from devices.card_id import KIND_MY_NUMBER, CardId, identify_card
from devices.pseudonym import load_service_key
from devices.transport import Transport
from kiosk.library.errors import LibraryError


class LinkProvider(Protocol):
    name: str

    def link(self, transport: Transport) -> CardId: ...

    def identify(self, transport: Transport) -> CardId: ...


class PseudonymProvider:
    """Per-service pseudonym of a My Number card; IDm / UID of a FeliCa / Type A card."""

    name = "pseudonym"

    def __init__(self, data_dir: Path, service: str = "library") -> None:
        self.data_dir, self.service = Path(data_dir), service

    def identify(self, transport: Transport) -> CardId:
        return identify_card(transport, self.service, lambda: load_service_key(self.data_dir, self.service))

    def link(self, transport: Transport) -> CardId:
        return self.identify(transport)


class NotMyNumberForLinkError(LibraryError):
    code = "not_a_my_number_card"
    message_ja = "マイナンバーカードではありません。マイナンバーカードをかざしてください。"
    message_en = "This is not a My Number card. Tap a My Number card."


def link_card(desk, provider: LinkProvider, transport: Transport, number: str,
              my_number_only: bool = False) -> CardId:
    """Read the card's token with `provider` and write `library.card_linked` for patron `number`."""
    desk.patron(number)
    card = provider.link(transport)
    if my_number_only and card.kind != KIND_MY_NUMBER:
        raise NotMyNumberForLinkError()
    desk.link(number, card.kind, card.pseudonym, provider.name)
    return card


def identify_patron(desk, provider: LinkProvider, transport: Transport) -> str:
    """A tap at a later visit: the patron number linked to the card's token (UnknownCardError if none)."""
    card = provider.identify(transport)
    return desk.identify(card.kind, card.pseudonym)


def identify_barcode(desk, scanned: str) -> str:
    """A scanned library card: strip NW-7 start/stop characters, check the digit, find the patron."""
    number = scanned.strip().strip("ABCDabcd")
    desk.patron(number)
    return number


CardReader = Callable[[], Transport]
