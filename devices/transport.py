"""The one interface every card application talks to, and what all transports share.

A transport sends a command APDU and returns `(data, sw)`. 61xx (more data: GET RESPONSE) and 6Cxx
(wrong Le: resend with the right Le) are resolved inside the transport by `resolve_status_chaining`,
so applications never see them. `describe_command` / `describe_response` give DEBUG trace text with
VERIFY data and all response data redacted (READ BINARY answers carry the My Number and the name).
"""

from __future__ import annotations

import logging
from typing import Callable, Protocol, runtime_checkable

from devices.apdu import INS_VERIFY, CommandApdu, get_response
from devices.errors import CardProtocolError

logger = logging.getLogger(__name__)

MAX_GET_RESPONSE = 64  # bounds the 61xx loop (64 × 256 bytes is far more than any EF here)


@runtime_checkable
class Transport(Protocol):
    name: str

    def transmit(self, apdu: bytes) -> tuple[bytes, int]:
        """Send one command APDU; return the response data and the status word as an int."""
        ...

    def close(self) -> None:
        ...


def resolve_status_chaining(send: Callable[[bytes], tuple[bytes, int]], apdu: bytes) -> tuple[bytes, int]:
    """Send `apdu` through the raw `send` and resolve 6Cxx (resend with Le=xx, once) and 61xx
    (GET RESPONSE until the card stops answering 61xx)."""
    data, sw = send(apdu)
    if sw >> 8 == 0x6C:
        try:
            command = CommandApdu.parse(apdu)
        except ValueError as exc:
            raise CardProtocolError("6Cxx answer to a malformed command", sw) from exc
        data, sw = send(command.with_le((sw & 0xFF) or 256).to_bytes())
    chunks = [data]
    rounds = 0
    while sw >> 8 == 0x61:
        rounds += 1
        if rounds > MAX_GET_RESPONSE:
            raise CardProtocolError("the card never stopped answering 61xx", sw)
        more, sw = send(get_response((sw & 0xFF) or 256).to_bytes())
        chunks.append(more)
    return b"".join(chunks), sw


def describe_command(apdu: bytes) -> str:
    """Hex trace of a command with VERIFY data replaced by its length."""
    if len(apdu) > 5 and apdu[1] == INS_VERIFY:
        return f"{apdu[:5].hex(' ')} <{len(apdu) - 5} bytes redacted>"
    return apdu.hex(" ")


def describe_response(data: bytes, sw: int) -> str:
    """Trace of a response: only its length and status word, never its content."""
    return f"<{len(data)} bytes> {sw:04X}"


def traced(name: str, send: Callable[[bytes], tuple[bytes, int]]) -> Callable[[bytes], tuple[bytes, int]]:
    """Wrap a raw send so that each exchange is logged (redacted) at DEBUG."""
    def wrapper(apdu: bytes) -> tuple[bytes, int]:
        data, sw = send(apdu)
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug("%s > %s < %s", name, describe_command(apdu), describe_response(data, sw))
        return data, sw
    return wrapper
