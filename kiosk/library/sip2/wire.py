"""The SIP2 2.00 wire format: a message is a two-digit command id, fixed-length fields, then
variable fields (a two-letter id, the value, `|`), then the error-detection trailer `AY<n>AZ<xxxx>`
and a carriage return.

- `checksum(data)`: four upper-case hex digits, the two's complement of the 16-bit sum of every byte
  from the command id through `AZ`; a frame checks when that sum plus the checksum is 0 (mod 2^16).
- `sip_date(moment)` / `parse_date(text)`: the 18-character date `YYYYMMDDZZZZHHMMSS`; ZZZZ is four
  blanks for the terminal's local time (what we send) or a zone such as `   Z` (UTC).
- `encode(command, fixed, fields, sequence)` makes a frame; `decode(raw)` splits one into a `Frame`
  (command, the payload after the id, sequence) and raises `Sip2Malformed` for anything that is
  not one (never an IndexError or a UnicodeDecodeError).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kiosk.library.sip2.errors import Sip2Malformed

CR = b"\r"
DELIMITER = "|"
DATE_WIDTH = 18
LOCAL_ZONE = "    "
MAX_VALUE = 255          # the spec's limit on a variable field


class ChecksumMismatch(Sip2Malformed):
    """A frame whose AZ does not check: the client asks the ACS to send it again (97)."""


def checksum(data: bytes) -> str:
    return f"{(-sum(data)) & 0xFFFF:04X}"


def checks(frame: bytes) -> bool:
    """Whether a frame without its CR, ending in `AZxxxx`, checks."""
    digits = frame[-4:]
    try:
        value = int(digits.decode("ascii"), 16)
    except (UnicodeDecodeError, ValueError):
        return False
    return len(digits) == 4 and (sum(frame[:-4]) + value) & 0xFFFF == 0


def sip_date(moment: dt.datetime) -> str:
    """`YYYYMMDD    HHMMSS` in local time (an aware moment is converted to the machine's zone first)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone().replace(tzinfo=None)
    return moment.strftime("%Y%m%d") + LOCAL_ZONE + moment.strftime("%H%M%S")


def parse_date(text: str, field: str = "date") -> dt.datetime:
    """A SIP2 date: 8 digits of date, a 4-character zone (blanks or letters/digits), 6 digits of time.
    The zone is kept as given by the ACS; the moment returned is naive (the ACS's clock)."""
    zone = text[8:12]
    if len(text) != DATE_WIDTH or not (text[:8] + text[12:]).isdigit() or not text.isascii() \
            or not all(c == " " or c.isalnum() for c in zone):
        raise Sip2Malformed(field=field, value=text[:DATE_WIDTH + 2])
    try:
        return dt.datetime.strptime(text[:8] + text[12:], "%Y%m%d%H%M%S")
    except ValueError:
        raise Sip2Malformed(field=field, value=text) from None


def clean(value: str) -> str:
    """A value fit for a variable field: no delimiter, no CR or LF, at most 255 characters."""
    return value.replace(DELIMITER, " ").replace("\r", " ").replace("\n", " ")[:MAX_VALUE]


def encode(command: str, fixed: list[str], fields: list[tuple[str, str]], sequence: int | None,
           encoding: str = "utf-8", *, checksum_only: bool = False) -> bytes:
    """One frame. `fixed` are the fixed-length fields in order (their widths are the caller's);
    `fields` the (id, value) pairs; `sequence` 0–9 adds the AY/AZ trailer (None: none);
    `checksum_only` adds AZ alone (the resend requests 96/97 carry no sequence number)."""
    text = command + "".join(fixed) + "".join(f"{fid}{clean(value)}{DELIMITER}" for fid, value in fields)
    data = text.encode(encoding)
    if checksum_only:
        data += b"AZ"
    elif sequence is not None:
        data += f"AY{sequence % 10}AZ".encode("ascii")
    else:
        return data + CR
    return data + checksum(data).encode("ascii") + CR


@dataclass(frozen=True)
class Frame:
    command: str
    payload: str           # after the command id, before the trailer
    sequence: int | None


def decode(raw: bytes, encoding: str = "utf-8") -> Frame:
    """A frame read up to and with its CR (a trailing LF, which some servers add, is ignored)."""
    body = raw.rstrip(b"\n")
    if not body.endswith(CR):
        raise Sip2Malformed(field="frame", problem="no carriage return at the end")
    body = body[:-1].lstrip(b"\n")
    if CR in body or b"\0" in body:
        raise Sip2Malformed(field="frame", problem="a carriage return or NUL inside the message")
    sequence = None
    if len(body) >= 6 and body[-6:-4] == b"AZ":
        if not checks(body):
            raise ChecksumMismatch(field="AZ")
        body = body[:-6]
        if len(body) >= 3 and body[-3:-1] == b"AY":
            if not body[-1:].isdigit():
                raise Sip2Malformed(field="AY")
            sequence = int(body[-1:])
            body = body[:-3]
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError:
        raise Sip2Malformed(field="frame", problem=f"not {encoding}") from None
    if len(text) < 2 or not text[:2].isdigit():
        raise Sip2Malformed(field="command", value=text[:2])
    return Frame(text[:2], text[2:], sequence)


def split_fixed(payload: str, widths: list[tuple[str, int]]) -> tuple[dict[str, str], str]:
    """The fixed-length fields (name → text) and what follows them."""
    values, at = {}, 0
    for name, width in widths:
        piece = payload[at:at + width]
        if len(piece) != width:
            raise Sip2Malformed(field=name, problem="the message ends inside a fixed-length field")
        values[name] = piece
        at += width
    return values, payload[at:]


def split_fields(rest: str, repeatable: frozenset[str]) -> dict[str, list[str]]:
    """The variable fields: id → values (a non-repeatable id given twice is malformed). A value with
    no `|` after it is accepted only as the last field (some servers leave the last one open)."""
    fields: dict[str, list[str]] = {}
    at = 0
    while at < len(rest):
        fid = rest[at:at + 2]
        if len(fid) < 2 or not (fid.isascii() and fid.isalpha() and fid.isupper()):
            raise Sip2Malformed(field="field id", value=fid)
        end = rest.find(DELIMITER, at + 2)
        if end < 0:
            end = len(rest)
        fields.setdefault(fid, []).append(rest[at + 2:end])
        if fid not in repeatable and len(fields[fid]) > 1:
            raise Sip2Malformed(field=fid, problem="given twice")
        at = end + 1
    return fields
