"""The card reads of the library desk, without Qt: the tap that finds a patron, the registration
and the address change.

`tap_identifier(open_card, provider)` → `identify()`: the card's (kind, id for the library) — a
per-service pseudonym for a My Number card, the IDm or UID for other cards — read without any PIN
in one short session, on the desk's card task thread.

`LibraryCardReader(open_card, provider)`: each call is one short session on a transport from
`open_card()` (the kiosk's card source), run by the desk on its card task thread.

- `tries("pin" | "code_b")` → the PIN or 照合番号B tries left, without spending one
  (PinNotSetError for a face-authentication card asked for its PIN);
- `read_person(pin=…)` / `read_person(code_b=CodeB)` → `{"person", "card", "source"}`: the card's
  link token from the provider (`link()`, PIN-less for the default provider) and the basic four read
  in ONE session, so the card that is linked is the card that was read. The PIN and 照合番号B are
  passed through to the card and never kept or logged.
"""

from __future__ import annotations

from typing import Any, Callable

from devices.card_id import CardId
from devices.input_support import InputSupportApp
from devices.reading import read_basic_four, read_basic_four_with_code_b
from devices.transport import Transport
from kiosk.library.link import LinkProvider

SOURCES = {"pin": "card_pin", "code_b": "code_b"}


class LibraryCardReader:
    def __init__(self, open_card: Callable[[], Transport], provider: LinkProvider) -> None:
        self.open_card = open_card
        self.provider = provider

    def _session(self, work: Callable[[Transport], Any]) -> Any:
        transport = self.open_card()
        try:
            return work(transport)
        finally:
            transport.close()

    def tries(self, secret: str = "pin") -> int | None:
        def ask(transport: Transport) -> int | None:
            app = InputSupportApp(transport)
            app.select()
            return app.tries_left(require_pin=True) if secret == "pin" else app.code_b_tries_left()

        return self._session(ask)

    def read_person(self, *, pin: str | None = None, code_b: Any = None,
                    allow_last_try: bool = False) -> dict[str, Any]:
        def read(transport: Transport) -> dict[str, Any]:
            card: CardId = self.provider.link(transport)
            four = (read_basic_four(transport, pin, allow_last_try) if pin is not None
                    else read_basic_four_with_code_b(transport, code_b, allow_last_try))
            return {"person": four.to_dict(), "card": card,
                    "source": SOURCES["pin" if pin is not None else "code_b"]}

        return self._session(read)


def tap_identifier(open_card: Callable[[], Transport], provider: LinkProvider) -> Callable[[], tuple[str, str]]:
    """The library desk's tap: (kind, token) of the card on the reader, by the link provider of
    library.json (kiosk.library.link.provider_for)."""

    def identify() -> tuple[str, str]:
        transport = open_card()
        try:
            card = provider.identify(transport)
            return card.kind, card.pseudonym
        finally:
            transport.close()

    return identify
