"""A transport that calls an object with `process(apdu: bytes) -> bytes` directly (the emulator).

Used by unit tests and by the benchmark's baseline; it resolves 61xx/6Cxx like the PC/SC transport.
"""

from __future__ import annotations

from typing import Protocol

from devices.apdu import split_response
from devices.errors import CardProtocolError
from devices.transport import resolve_status_chaining, traced


class ProcessesApdus(Protocol):
    def process(self, apdu: bytes) -> bytes: ...


class InProcessTransport:
    """Transport over an in-process card object."""

    def __init__(self, card: ProcessesApdus, name: str = "in-process") -> None:
        self.card = card
        self.name = name
        self._send = traced(name, self._raw)
        self.closed = False

    @property
    def atr(self) -> bytes:
        """The card object's `atr` attribute, if it has one."""
        return bytes(getattr(self.card, "atr", b""))

    def _raw(self, apdu: bytes) -> tuple[bytes, int]:
        response = self.card.process(bytes(apdu))
        if len(response) < 2:
            raise CardProtocolError("response shorter than a status word")
        return split_response(response)

    def transmit(self, apdu: bytes) -> tuple[bytes, int]:
        if self.closed:
            raise RuntimeError("transport is closed")
        return resolve_status_chaining(self._send, bytes(apdu))

    def close(self) -> None:
        """Close the session; powers the card off (clearing any verified PIN) when it can."""
        if not self.closed:
            self.closed = True
            power_off = getattr(self.card, "power_off", None)
            if callable(power_off):
                power_off()

    def __enter__(self) -> "InProcessTransport":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
