"""The audit view: who did what and when on this terminal, read from its signed event hash chain.

Each row is one local event: `time` (UTC), `staff` (the staff id that recorded it), `kind`,
`terminal`, `site`, `seq` (its chain position, empty for an event recorded before enrolment),
`chain` (`ok` — signature and link verified —, `unsigned`, or the break found there: `bad_signature`,
`gap`, `replayed`, `broken_link`, `redacted_v1`), `sent` (pending / acknowledged) and `event_id`. The
whole chain is verified (sync.signing.verify_chain) even when only rows since a date are shown, and
the first break is reported. Never any payload: no name, no number, no answer (payloads are decrypted
only inside the signature check, and nothing of them leaves it).
"""

from __future__ import annotations

import csv
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

from kiosk.errors import KioskError
from sync.signing import TerminalIdentity, verify_chain
from sync.store import EventStore

STORE_FILE = "kazasu.db"
COLUMNS = ("time", "staff", "kind", "terminal", "site", "seq", "chain", "sent", "event_id")
CHUNK = 1000


@dataclass
class AuditRow:
    time: str
    staff: str
    kind: str
    terminal: str
    site: str
    seq: int | None
    chain: str
    sent: str
    event_id: str


class AuditSinceError(KioskError, ValueError):
    code = "audit_since_invalid"

    def __init__(self, text: str) -> None:
        super().__init__(f"--since の日時「{text}」が読めません。2026-04-01 や 2026-04-01T09:00 "
                         "の形で指定してください。",
                         f"--since '{text}' is not a date: give it as 2026-04-01 or 2026-04-01T09:00.")


def parse_since(text: str | None) -> datetime | None:
    """A date or date-time (local time when no offset is given) as an aware UTC datetime."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise AuditSinceError(text) from None
    if moment.tzinfo is None:
        moment = moment.astimezone()  # the kiosk's local time
    return moment.astimezone(timezone.utc)


def _utc(created_at: str) -> datetime:
    return datetime.fromisoformat(created_at.replace("Z", "+00:00"))


def audit(data_dir: Path | str, since: datetime | None = None) -> dict[str, Any]:
    """{"ok", "enrolled", "checked", "breaks": [...], "events": [AuditRow dicts]} (oldest first)."""
    data_dir = Path(data_dir)
    identity = TerminalIdentity.load(data_dir)
    if not (data_dir / STORE_FILE).exists():
        return {"ok": True, "enrolled": identity is not None, "checked": 0, "breaks": [], "events": []}
    store = EventStore(data_dir / STORE_FILE)
    try:
        problems: dict[str, str] = {}
        checked = 0
        breaks: list[dict[str, Any]] = []
        if identity is not None:
            events = list(_chain(store))
            checked = len(events)
            for problem in verify_chain(events, identity.private_key.public_key()):
                problems.setdefault(problem["id"], problem["problem"])
                breaks.append({"seq": problem["seq"], "event_id": problem["id"], "problem": problem["problem"]})
        rows = store.db.execute(
            "SELECT e.id, e.kind, e.site, e.terminal, e.staff, e.created_at, e.chain_seq, o.state"
            " FROM events e LEFT JOIN outbox o ON o.event_id = e.id"
            " ORDER BY e.created_at, e.chain_seq").fetchall()
    finally:
        store.close()
    out = []
    for event_id, kind, site, terminal, staff, created_at, seq, state in rows:
        if since is not None and _utc(created_at) < since:
            continue
        chain = problems.get(event_id) or ("unsigned" if seq is None else "ok" if identity else "not_checked")
        out.append(asdict(AuditRow(time=created_at, staff=staff, kind=kind, terminal=terminal, site=site,
                                   seq=seq, chain=chain, sent=state or "", event_id=event_id)))
    return {"ok": not breaks, "enrolled": identity is not None, "checked": checked, "breaks": breaks,
            "events": out}


def _chain(store) -> Iterator[Any]:
    """The signed events in chain order (Event objects, as sync.signing verifies them)."""
    last = 0
    while True:
        ids = store.db.execute("SELECT id, chain_seq FROM events WHERE chain_seq > ? ORDER BY chain_seq"
                               " LIMIT ?", [last, CHUNK]).fetchall()
        if not ids:
            return
        for event_id, seq in ids:
            last = seq
            yield store.get(event_id)


def write_csv(rows: list[dict[str, Any]], path: Path | str) -> Path:
    """The rows as CSV (UTF-8 with a BOM, so that spreadsheet programs on Windows read it right)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: ("" if row[k] is None else row[k]) for k in COLUMNS})
    return path


def render_table(result: dict[str, Any]) -> str:
    lines = [f"{'TIME':<25} {'STAFF':<12} {'KIND':<34} {'SEQ':>5}  {'CHAIN':<13} SENT"]
    for row in result["events"]:
        seq = "" if row["seq"] is None else str(row["seq"])
        lines.append(f"{row['time']:<25} {row['staff']:<12} {row['kind']:<34} {seq:>5}  {row['chain']:<13} "
                     f"{row['sent']}")
    if not result["enrolled"]:
        lines.append("\nchain: not enrolled — events are unsigned, nothing to verify")
    elif result["breaks"]:
        first = result["breaks"][0]
        lines.append(f"\nchain: BROKEN at seq {first['seq']} ({first['problem']}, event {first['event_id']}); "
                     f"{len(result['breaks'])} problem(s) in {result['checked']} signed event(s)")
    else:
        lines.append(f"\nchain: verified, {result['checked']} signed event(s), no break")
    return "\n".join(lines)
