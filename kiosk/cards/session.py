"""The card session, without Qt: the one place where a card is opened, used and closed.

`card_session(source)` opens a transport from the kiosk's card source (`kiosk.cards.source`: a PC/SC
reader, an nfcpy reader, the in-process card), yields it and always closes it — closing unpowers the
card, so no session outlives its reads.

`CardReads(source, card_id=None)` holds the reads the desks need, each one session:
- `identify()` → the card's id for the desk (`card_id(transport)`: a per-service pseudonym of a My
  Number card, the IDm / UID of a FeliCa / Type A card), PIN-free;
- `tries("pin" | "code_b")` → the PIN or 照合番号B tries left without spending one (0: blocked; None:
  the card does not say); PinNotSetError for a face-authentication card asked for its PIN;
- `read_person(pin=… | code_b=…, allow_last_try, purpose)` → `{"person", "card", "source"}`: the
  basic four (and the My Number only with the PIN and a stated `purpose`, a chosen form's legal basis)
  together with the card's id in ONE session, so the card that is identified is the card that is read.

The counter, the shelter (kiosk.shelter.card), the library (kiosk.library.reader) and the shell's staff
card (kiosk.shell.staff) read through these. The PIN and 照合番号B are passed through to the card and
never kept or logged. The card code (and cryptography, for the pseudonyms) is imported at the first
read, not when the kiosk starts.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Callable, Iterator, Protocol

if TYPE_CHECKING:
    from devices.card_id import CardId
    from devices.transport import Transport

PIN, CODE_B = "pin", "code_b"
SOURCES = {PIN: "card_pin", CODE_B: "code_b"}   # the person record's `source` for each secret


class CardSource(Protocol):
    def open(self) -> "Transport": ...


@contextmanager
def card_session(source: CardSource) -> Iterator[Transport]:
    """A transport to the card on `source`, closed (the card unpowered) however the block ends."""
    transport = source.open()
    try:
        yield transport
    finally:
        transport.close()


class CardReads:
    """The reads of one desk on the kiosk's card source; `card_id` is the desk's PIN-free card id
    (None: the desk keeps no card id, as the counter)."""

    def __init__(self, source: CardSource, card_id: Callable[[Transport], CardId] | None = None) -> None:
        self.source = source
        self.card_id = card_id

    def identify(self) -> CardId:
        if self.card_id is None:
            raise ValueError("this desk reads no card id")
        with card_session(self.source) as transport:
            return self.card_id(transport)

    def tries(self, secret: str = PIN) -> int | None:
        # lazy: the card's applications (and cryptography) load with the first card read, not at start
        from devices.input_support import InputSupportApp

        with card_session(self.source) as transport:
            app = InputSupportApp(transport)
            return app.tries_left(require_pin=True) if secret == PIN else app.code_b_tries_left()

    def read_person(self, *, pin: str | None = None, code_b: Any = None, allow_last_try: bool = False,
                    purpose: str | None = None) -> dict[str, Any]:
        """Exactly one of `pin` / `code_b` (a `devices.credentials.CodeB` or its 14 digits). Every
        input is checked before the card is touched."""
        # lazy: the card's applications (and cryptography) load with the first card read, not at start
        from devices.credentials import CodeB, check_pin_format
        from devices.input_support import check_purpose
        from devices.reading import read_card

        if (pin is None) == (code_b is None):
            raise ValueError("give exactly one of pin and code_b")
        if pin is not None:
            check_pin_format(pin)
        else:
            code_b = CodeB.parse(code_b)
        with_number = bool(purpose) and pin is not None   # 照合番号B never opens the My Number
        if with_number:
            check_purpose(purpose)
        with card_session(self.source) as transport:
            card = self.card_id(transport) if self.card_id is not None else None
            person = read_card(transport, pin=pin, code_b=code_b, with_number=with_number,
                               purpose=purpose if with_number else None,
                               allow_last_try=allow_last_try).to_dict()
        return {"person": person, "card": card, "source": SOURCES[PIN if pin is not None else CODE_B]}
