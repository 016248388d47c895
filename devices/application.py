"""What every card application session shares: the transport, SELECT of the application by its AID
(on first use) and SELECT of an EF inside it.

A SELECT answered with "not found" (or a CLA/INS/P1-P2 the card does not know) means the card does
not carry this application: not a My Number card. Each session class names its AID and a label for
error messages.
"""

from __future__ import annotations

from devices import apdu as A
from devices.apdu import StatusWord as SW
from devices.errors import CardProtocolError, NotMyNumberCardError
from devices.transport import Transport

NOT_THERE = (SW.FILE_NOT_FOUND, SW.WRONG_P1P2, SW.INS_NOT_SUPPORTED, SW.CLA_NOT_SUPPORTED)


class CardApplication:
    """Base of the application sessions (input-support AP, JPKI AP) over any Transport."""

    AID: bytes = b""
    LABEL = "application"

    def __init__(self, transport: Transport) -> None:
        self.transport = transport
        self._selected = False

    def _send(self, command: A.CommandApdu) -> tuple[bytes, int]:
        return self.transport.transmit(command.to_bytes())

    def select(self) -> None:
        """SELECT the application by AID; 6A82 and the like mean this is not a My Number card."""
        _, sw = self._send(A.select_aid(self.AID))
        if sw in NOT_THERE:
            raise NotMyNumberCardError()
        if sw != SW.OK:
            raise CardProtocolError(f"SELECT of the {self.LABEL} failed", sw)
        self._selected = True

    def _select_ef(self, ef_id: int) -> None:
        if not self._selected:
            self.select()
        _, sw = self._send(A.select_ef(ef_id))
        if sw != SW.OK:
            raise CardProtocolError(f"SELECT of {self.LABEL} EF {ef_id:04X} failed", sw)
