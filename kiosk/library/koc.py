"""Koha offline circulation files (.koc) from this terminal's check-outs and returns.

Format, as Koha reads it (offline_circ/process_koc.pl: `parse_header_line`, `parse_command_line`,
`arguments_for_command`): a first line of tab-separated `key=value` pairs with `Version=1.0`; then one
tab-separated line per operation: a timestamp `YYYY-MM-DD HH:MM:SS NNN` (date, time and a number,
split on whitespace), the command, and the command's arguments — `issue` cardnumber barcode,
`return` barcode (no cardnumber). Lines end with LF; Koha strips CR.

Privacy (図書館の自由に関する宣言): a returned loan's check-out event is redacted on return, so its
`issue` line can no longer be written; by default its return is left out too (a return names the
check-out events it closes in `closes`), so the file holds the loans still open (which Koha must
record) and the returns of loans lent before this export. `full=True` also writes the returns of
loans lent and back within the export (Koha counts returns); the issue lines stay gone.

Only this terminal's own events are written (each terminal exports its own, so nothing is uploaded
twice); times are the library's local time (Asia/Tokyo by default).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any, Iterable
from zoneinfo import ZoneInfo

from kiosk import __version__
from kiosk.library import state as st

VERSION = "1.0"
GENERATOR = "kazasu"


def koc_lines(events: Iterable[Any], terminal: str, tz: str = "Asia/Tokyo",
              full: bool = False) -> list[str]:
    zone = ZoneInfo(tz)
    lines: list[str | None] = [f"Version={VERSION}\tGenerator={GENERATOR}\tGeneratorVersion={__version__}"]
    issued: dict[str, int | None] = {}   # check-out event id in this export → its line (None: erased)
    by_item: dict[str, str] = {}         # item → its open check-out's event id (events without ids)
    for event in events:
        if event.terminal != terminal or event.kind not in (st.CHECKED_OUT, st.CHECKED_IN):
            continue
        p = event.payload
        if event.kind == st.CHECKED_OUT:
            if getattr(event, "redacted", False):
                issued[event.id] = None           # returned since: its link is erased, no line
            else:
                issued[event.id] = len(lines)
                by_item[p["item"]] = event.id
                lines.append(f"{_stamp(event, zone)}\tissue\t{p['patron_number']}\t{p['item']}")
            continue
        if getattr(event, "redacted", False):
            continue
        closes = p.get("closes")
        if closes is None:                         # a return written before returns named their loans
            closes = [by_item[p["item"]]] if p["item"] in by_item else []
        by_item.pop(p["item"], None)
        here = [event_id for event_id in closes if event_id in issued]
        if here and not full:
            for event_id in here:                 # lent and back within this export: drop both
                if issued[event_id] is not None:
                    lines[issued[event_id]] = None
            continue
        lines.append(f"{_stamp(event, zone)}\treturn\t{p['item']}")
    return [line for line in lines if line is not None]


def _stamp(event: Any, zone: ZoneInfo) -> str:
    when = dt.datetime.fromisoformat(event.created_at.replace("Z", "+00:00")).astimezone(zone)
    return when.strftime("%Y-%m-%d %H:%M:%S ") + f"{when.microsecond // 1000:03d}"


def write_koc(events: Iterable[Any], terminal: str, out: Path, tz: str = "Asia/Tokyo",
              full: bool = False) -> int:
    """Write the file (mode 0600: patron numbers next to items); returns the operation count."""
    lines = koc_lines(events, terminal, tz, full)
    out = Path(out)
    tmp = out.with_name(out.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
        handle.write("\n".join(lines) + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, out)
    return len(lines) - 1
