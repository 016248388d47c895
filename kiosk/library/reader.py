"""The card reads of the library desk, without Qt, each one session on the kiosk's card source
(kiosk.cards.session), run by the desk on the card thread.

- `library_identifier(card_source, data_dir)` → `identify()`: the tap at the checkout, the card's
  (kind, token) for the library (a per-service pseudonym of a My Number card, the IDm or UID of other
  cards) from the link provider library.json names, read without any PIN;
- `link_reader(card_source, provider)` → `link()`: the ILS mode's link of the card on the reader to
  the patron barcode shown, (kind, token, provider name);
- `LibraryCardReader(card_source, provider)`: registration and address change — `tries("pin" |
  "code_b")` and `read_person(pin=… | code_b=…)` → `{"person", "card", "source"}`, the card's link
  token from the provider (`link()`, PIN-less for the default provider) and the basic four read in ONE
  session, so the card that is linked is the card that was read. The PIN and 照合番号B are passed
  through to the card and never kept or logged.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from kiosk.cards.session import CardReads, CardSource
from kiosk.library.config import LibraryConfig
from kiosk.library.link import LinkProvider, provider_for


class LibraryCardReader(CardReads):
    def __init__(self, card_source: CardSource, provider: LinkProvider) -> None:
        super().__init__(card_source, provider.link)
        self.provider = provider


def library_identifier(card_source: CardSource, data_dir: Path) -> Callable[[], tuple[str, str]]:
    """The library desk's tap: identify() → (kind, token) of the card on `card_source`, by the link
    provider library.json names."""
    return tap_identifier(card_source, provider_for(LibraryConfig.load(data_dir=data_dir), data_dir))


def tap_identifier(card_source: CardSource, provider: LinkProvider) -> Callable[[], tuple[str, str]]:
    """The library desk's tap with a provider already chosen (the desk loads library.json once)."""
    reads = CardReads(card_source, provider.identify)

    def identify() -> tuple[str, str]:
        card = reads.identify()
        return card.kind, card.pseudonym

    return identify


def link_reader(card_source: CardSource, provider: LinkProvider) -> Callable[[], tuple[str, str, str]]:
    """The ILS mode's card link at the desk: link() → (kind, token, provider name) of the card on
    `card_source`, read by the provider's `link` (PIN-less for the default provider)."""
    reads = CardReads(card_source, provider.link)

    def link() -> tuple[str, str, str]:
        card = reads.identify()
        return card.kind, card.pseudonym, provider.name

    return link
