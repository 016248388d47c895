"""PIN-free identifiers of the card on the reader, for `kazasu card id`.

A My Number card (SELECT of the JPKI AID answers 9000) is identified by a per-service pseudonym of its
user-authentication certificate (`devices.pseudonym`); nothing derived from the ATR or from the RF layer
(the Type B PUPI is random, mynumber-card.md §1.1) is ever used for it. Other cards: FeliCa and Type A
storage cards give their IDm / UID as hex (`devices.tokens`); anything else is UnknownCardError.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from devices.errors import NotMyNumberCardError
from devices.jpki import JpkiApp
from devices.pseudonym import check_service_name, service_pseudonym
from devices.tokens import read_token_id
from devices.transport import Transport

KIND_MY_NUMBER = "mynumber"


@dataclass(frozen=True)
class CardId:
    kind: str
    pseudonym: str

    def to_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "pseudonym": self.pseudonym}


def identify_card(transport: Transport, service: str, service_key: Callable[[], bytes]) -> CardId:
    """The card's kind and id. `service_key()` is called only for a My Number card (it may create
    the key file)."""
    check_service_name(service)
    jpki = JpkiApp(transport)
    try:
        jpki.select()
    except NotMyNumberCardError:
        return _identify_other(transport)
    cert = jpki.read_auth_certificate()
    return CardId(KIND_MY_NUMBER, service_pseudonym(cert, service_key(), service))


def _identify_other(transport: Transport) -> CardId:
    """FeliCa / Type A tokens: the IDm or UID itself, as upper-case hex (no key involved)."""
    atr = bytes(getattr(transport, "atr", b""))
    kind, uid = read_token_id(transport, atr)
    return CardId(kind, uid.hex().upper())
