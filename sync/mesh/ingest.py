"""Judging and storing a batch of events: identity, signature and chain checks, then idempotent insert.

The rule (decided for kazasu, see docs/sync.md "Terminal identity"):
- an event already held (same id) is a `duplicate`, whatever else it carries;
- an event from an ENROLLED terminal must be signed (`auth`), by that terminal's key, for the site
  the terminal was enrolled for, at the next position of its chain (seq = last + 1, prev_hash = the
  chain hash of the last accepted event); a revoked terminal's events are all rejected;
- a signed event from a terminal the mesh does not know is rejected;
- an unsigned event from an unknown (unenrolled) terminal is accepted only when the mesh runs with
  `allow_unsigned` (the demo and the spine path); otherwise it is rejected.
Everything happens in one transaction under FEED_LOCK, so the chain heads in `mesh_terminals` stay
consistent across every mesh process. Reasons never contain payload data.
A `sync.redaction` event must carry a well-formed payload (sync.redaction); once accepted it erases the
covered events of its own site in the same transaction (sync.mesh.redactions). Every rejection is kept
in the exception list (sync.mesh.exceptions) in the same transaction. After a batch that erased
payloads, the storage scrubs the old copies out of its own files (MeshStorage.scrub_erased).
"""

from __future__ import annotations

from typing import Any

from sync import redaction
from sync.errors import EventValidationError
from sync.events import Event, utc_now_iso
from sync.mesh import exceptions, redactions
from sync.mesh.registry import TerminalRecord, get_terminal
from sync.mesh.storage import ACCEPTED, DUPLICATE, FEED_LOCK, MeshStorage, Tx
from sync.signing import entry_hash, public_key_from_b64, verify_signature

REJECTED = "rejected"
_CHUNK = 500


def ingest(storage: MeshStorage, events: list[Event], *, allow_unsigned: bool
           ) -> list[tuple[str, str | None]]:
    """(status, reason) per event, same order."""
    if not events:
        return []
    erased = 0
    with storage.transaction(lock=FEED_LOCK) as tx:
        held = _held_ids(tx, [e.id for e in events])
        terminals: dict[str, TerminalRecord | None] = {}
        changed: set[str] = set()
        results: list[tuple[str, str | None]] = []
        accepted: list[Event] = []
        rejected: list[tuple[Event, str]] = []
        for event in events:
            if event.id in held:
                results.append((DUPLICATE, None))
                continue
            if event.terminal not in terminals:
                terminals[event.terminal] = get_terminal(tx, event.terminal)
            record = terminals[event.terminal]
            reason = judge(event, record, allow_unsigned)
            if reason is not None:
                results.append((REJECTED, reason))
                rejected.append((event, reason))
                continue
            if record is not None and event.auth is not None:
                record.last_seq = event.auth["seq"]
                record.last_hash = entry_hash(event) or ""
                changed.add(record.terminal_id)
            held.add(event.id)
            accepted.append(event)
            results.append((ACCEPTED, None))
        storage.insert_rows(tx, accepted)
        now = utc_now_iso()
        erased = redactions.apply(tx, accepted, now)
        exceptions.record(tx, rejected, accepted, now)
        for terminal_id in changed:
            record = terminals[terminal_id]
            assert record is not None
            tx.run("UPDATE mesh_terminals SET last_seq = ?, last_hash = ? WHERE terminal_id = ?",
                   [record.last_seq, record.last_hash, terminal_id])
    if erased:
        storage.scrub_erased()
    return results


def judge(event: Event, record: TerminalRecord | None, allow_unsigned: bool) -> str | None:
    """None when the event may be stored, else the reason it is rejected."""
    if event.kind == redaction.KIND and not event.redacted:
        try:
            redaction.parse(event.payload)
        except EventValidationError as exc:
            return f"invalid redaction: {exc.reason}"
    if record is None:
        if event.auth is not None:
            return "terminal is not enrolled on this mesh"
        if not allow_unsigned:
            return "unsigned event: this mesh accepts only signed events of enrolled terminals"
        return None
    if record.revoked_at is not None:
        return "terminal has been revoked"
    if event.auth is None:
        return "unsigned event from an enrolled terminal"
    if event.site != record.site:
        return "site does not match the terminal's enrolment"
    if not verify_signature(public_key_from_b64(record.public_key), event):
        return "bad signature: the event was altered or not signed by this terminal"
    seq = event.auth["seq"]
    if seq <= record.last_seq:
        return f"chain position {seq} is already taken (replayed or forked chain)"
    if seq != record.last_seq + 1:
        return f"chain gap: expected position {record.last_seq + 1}, got {seq}"
    if event.auth["prev_hash"] != record.last_hash:
        return "chain broken: prev_hash is not the hash of the terminal's previous event"
    return None


def _held_ids(tx: Tx, ids: list[str]) -> set[str]:
    held: set[str] = set()
    unique = list(dict.fromkeys(ids))
    for start in range(0, len(unique), _CHUNK):
        chunk = unique[start:start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        held.update(row[0] for row in tx.all(f"SELECT id FROM mesh_events WHERE id IN ({marks})",
                                             chunk))
    return held


def summary(results: list[tuple[str, str | None]]) -> dict[str, Any]:
    return {s: sum(1 for status, _ in results if status == s) for s in (ACCEPTED, DUPLICATE, REJECTED)}
