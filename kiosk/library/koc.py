"""Koha offline circulation files (.koc) from this terminal's check-outs and returns.

Format, as Koha reads it (offline_circ/process_koc.pl: `parse_header_line`, `parse_command_line`,
`arguments_for_command`): a first line of tab-separated `key=value` pairs with `Version=1.0`; then one
tab-separated line per operation: a timestamp `YYYY-MM-DD HH:MM:SS NNN` (date, time and a number,
split on whitespace), the command, and the command's arguments — `issue` cardnumber barcode,
`return` barcode (no cardnumber). Lines end with LF; Koha strips CR.

Privacy (図書館の自由に関する宣言): by default a check-out that was returned within the same export is
left out together with its return, so the file links a patron to an item only for loans still open
(which Koha must record) — Koha never learns who read what was already back. `full=True` writes every
operation, for a library that wants Koha's statistics to count the offline loans.

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
    open_issue: dict[str, int] = {}   # item → index of its issue line in this export
    for event in events:
        if event.terminal != terminal or event.kind not in (st.CHECKED_OUT, st.CHECKED_IN):
            continue
        when = dt.datetime.fromisoformat(event.created_at.replace("Z", "+00:00")).astimezone(zone)
        stamp = when.strftime("%Y-%m-%d %H:%M:%S ") + f"{when.microsecond // 1000:03d}"
        p = event.payload
        if event.kind == st.CHECKED_OUT:
            open_issue[p["item"]] = len(lines)
            lines.append(f"{stamp}\tissue\t{p['patron_number']}\t{p['item']}")
        elif not full and p["item"] in open_issue:
            lines[open_issue.pop(p["item"])] = None   # lent and back within this export: drop both
        else:
            open_issue.pop(p["item"], None)
            lines.append(f"{stamp}\treturn\t{p['item']}")
    return [line for line in lines if line is not None]


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
