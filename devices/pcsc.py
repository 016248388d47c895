"""PC/SC transport on pyscard (pcscd on Linux): reader listing, exclusive sessions, typed errors.

Uses pyscard's thin `smartcard.scard` layer so that every PC/SC return code maps to one typed error.
A session connects with SCARD_SHARE_EXCLUSIVE and T=1|T=0 and ends with SCARD_UNPOWER_CARD, so a
verified PIN never outlives it.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from smartcard import scard

from devices.errors import (
    CardError,
    CardProtocolError,
    CardRemovedError,
    NoCardError,
    NoReaderError,
    PcscUnavailableError,
    ReaderBusyError,
)
from devices.transport import resolve_status_chaining, traced

logger = logging.getLogger(__name__)

# PC/SC return codes (winscard / pcsclite), as unsigned 32-bit values.
SCARD_S_SUCCESS = 0x00000000
SCARD_E_NO_SMARTCARD = 0x8010000C
SCARD_E_SHARING_VIOLATION = 0x8010000B
SCARD_E_UNKNOWN_READER = 0x80100009
SCARD_E_TIMEOUT = 0x8010000A
SCARD_E_NOT_TRANSACTED = 0x80100016
SCARD_E_READER_UNAVAILABLE = 0x80100017
SCARD_E_NO_SERVICE = 0x8010001D
SCARD_E_SERVICE_STOPPED = 0x8010001E
SCARD_E_NO_READERS_AVAILABLE = 0x8010002E
SCARD_W_UNRESPONSIVE_CARD = 0x80100066
SCARD_W_UNPOWERED_CARD = 0x80100067
SCARD_W_RESET_CARD = 0x80100068
SCARD_W_REMOVED_CARD = 0x80100069

STATUS_PRESENT = 0x0004  # SCardStatus state bit (pcsc-lite SCARD_PRESENT; pyscard does not export it)
REMOVAL_WAIT_S = 1.0  # how long an empty answer waits for pcscd to report a removal

_REMOVED = {SCARD_E_NOT_TRANSACTED, SCARD_W_REMOVED_CARD, SCARD_E_READER_UNAVAILABLE,
            SCARD_W_RESET_CARD, SCARD_W_UNPOWERED_CARD}
_NO_SERVICE = {SCARD_E_NO_SERVICE, SCARD_E_SERVICE_STOPPED}


@dataclass(frozen=True)
class ReaderInfo:
    name: str
    card_present: bool


def _u32(rc: int) -> int:
    return rc & 0xFFFFFFFF


def error_for(rc: int, during: str) -> CardError:
    """The typed error for a failing PC/SC return code."""
    rc = _u32(rc)
    if rc in _NO_SERVICE:
        return PcscUnavailableError()
    if rc in (SCARD_E_NO_READERS_AVAILABLE, SCARD_E_UNKNOWN_READER):
        return NoReaderError()
    if rc in (SCARD_E_NO_SMARTCARD, SCARD_W_UNRESPONSIVE_CARD):
        return NoCardError()
    if rc == SCARD_E_SHARING_VIOLATION:
        return ReaderBusyError()
    if rc in _REMOVED:
        return CardRemovedError()
    return CardProtocolError(f"PC/SC {during} failed with 0x{rc:08X}")


def _check(rc: int, during: str) -> None:
    if _u32(rc) != SCARD_S_SUCCESS:
        raise error_for(rc, during)


def _establish() -> int:
    rc, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    _check(rc, "establishing a context")
    return context


def _reader_states(context: int) -> list[ReaderInfo]:
    rc, names = scard.SCardListReaders(context, [])
    if _u32(rc) == SCARD_E_NO_READERS_AVAILABLE or (_u32(rc) == SCARD_S_SUCCESS and not names):
        return []
    _check(rc, "listing readers")
    rc, states = scard.SCardGetStatusChange(context, 0, [(name, scard.SCARD_STATE_UNAWARE) for name in names])
    if _u32(rc) not in (SCARD_S_SUCCESS, SCARD_E_TIMEOUT):
        _check(rc, "reading reader states")
    return [ReaderInfo(name, bool(event & scard.SCARD_STATE_PRESENT)) for name, event, _atr in states]


def list_readers() -> list[ReaderInfo]:
    """All PC/SC readers and whether a card is present on each (no card is connected to)."""
    context = _establish()
    try:
        return _reader_states(context)
    finally:
        scard.SCardReleaseContext(context)


def wait_for_presence(reader: str, present: bool, timeout: float) -> bool:
    """Poll pcscd until `reader` reports a card (present=True) or none (present=False); False when
    that did not happen within `timeout` seconds or pcscd cannot be reached."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            if any(r.name == reader and r.card_present == present for r in list_readers()):
                return True
        except PcscUnavailableError:
            return False
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)


class PcscTransport:
    """An exclusive PC/SC session with one card. Open with `PcscTransport.open()`."""

    def __init__(self, context: int, card: int, protocol: int, reader: str) -> None:
        self._context = context
        self._card = card
        self._protocol = protocol
        self.reader = reader
        self.name = f"pcsc:{reader}"
        self._send = traced(self.name, self._raw)
        self._closed = False

    @classmethod
    def open(cls, reader: str | None = None, exclusive: bool = True) -> "PcscTransport":
        """Connect to the card on `reader`, or on the first reader with a card when None."""
        context = _establish()
        try:
            states = _reader_states(context)
            if not states:
                raise NoReaderError()
            if reader is None:
                with_card = [s for s in states if s.card_present]
                if not with_card:
                    raise NoCardError()
                reader = with_card[0].name
            elif reader not in {s.name for s in states}:
                raise NoReaderError()
            share = scard.SCARD_SHARE_EXCLUSIVE if exclusive else scard.SCARD_SHARE_SHARED
            rc, card, protocol = scard.SCardConnect(
                context, reader, share, scard.SCARD_PROTOCOL_T1 | scard.SCARD_PROTOCOL_T0)
            _check(rc, "connecting")
        except BaseException:
            scard.SCardReleaseContext(context)
            raise
        logger.info("connected to the card on %s (protocol %s)", reader, protocol)
        return cls(context, card, protocol, reader)

    @property
    def atr(self) -> bytes:
        """The ATR pcscd reports for the connected card (b"" when it cannot be read)."""
        rc, _reader, _state, _protocol, atr = scard.SCardStatus(self._card)
        return bytes(atr) if _u32(rc) == SCARD_S_SUCCESS else b""

    def _raw(self, apdu: bytes) -> tuple[bytes, int]:
        rc, response = scard.SCardTransmit(self._card, self._protocol, list(apdu))
        _check(rc, "transmit")
        if len(response) < 2:
            if self._card_gone():
                raise CardRemovedError()
            raise CardProtocolError("response shorter than a status word")
        return bytes(response[:-2]), (response[-2] << 8) | response[-1]

    def _card_gone(self, wait_s: float = REMOVAL_WAIT_S) -> bool:
        """After an empty answer: did the card leave? (vpcd answers nothing when the card is pulled
        mid-command, and pcscd notices the removal only at its next poll, within ~0.4 s.)"""
        deadline = time.monotonic() + wait_s
        while True:
            rc, _reader, state, _protocol, _atr = scard.SCardStatus(self._card)
            if _u32(rc) != SCARD_S_SUCCESS or not state & STATUS_PRESENT:
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.05)

    def transmit(self, apdu: bytes) -> tuple[bytes, int]:
        if self._closed:
            raise CardProtocolError("the card session is already closed")
        return resolve_status_chaining(self._send, bytes(apdu))

    def close(self) -> None:
        """Disconnect and unpower the card (a verified PIN does not survive); safe to call twice."""
        if self._closed:
            return
        self._closed = True
        try:
            rc = scard.SCardDisconnect(self._card, scard.SCARD_UNPOWER_CARD)
            if _u32(rc) != SCARD_S_SUCCESS:
                logger.info("disconnect returned 0x%08X (card probably gone)", _u32(rc))
        finally:
            scard.SCardReleaseContext(self._context)

    def __enter__(self) -> "PcscTransport":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
