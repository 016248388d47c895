"""The mesh's exception list: every event it rejected, for staff to review.

One row per event id in `mesh_exceptions` (migration 4): terminal, site, kind, the latest reason, when
it was first and last seen, how many times it was offered, and `resolved_at` once the same event was
accepted later (for example after the missing link of its chain arrived). Written by sync.mesh.ingest
in the ingest transaction, so online batches and imported bundles are both recorded. Reasons never
hold payload data; ids, kinds, sites and terminal ids are not personal.
Served by `GET /v1/exceptions?site=` and `kazasu mesh exceptions`.
"""

from __future__ import annotations

from typing import Any

from sync.events import Event
from sync.mesh.storage import MeshStorage, Tx

_CHUNK = 500
COLUMNS = ("event_id", "terminal", "site", "kind", "reason", "first_seen", "last_seen", "times_seen",
           "resolved_at")


def record(tx: Tx, rejected: list[tuple[Event, str]], accepted: list[Event], now: str) -> None:
    """Add or update the rejected events; mark earlier exceptions of now-accepted events resolved."""
    for event, reason in rejected:
        tx.run("INSERT INTO mesh_exceptions (event_id, terminal, site, kind, reason, first_seen,"
               " last_seen) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO UPDATE SET"
               " reason = excluded.reason, last_seen = excluded.last_seen,"
               " times_seen = mesh_exceptions.times_seen + 1, resolved_at = NULL",
               [event.id, event.terminal, event.site, event.kind, reason[:500], now, now])
    if not accepted or tx.one("SELECT 1 FROM mesh_exceptions WHERE resolved_at IS NULL LIMIT 1") is None:
        return
    ids = [e.id for e in accepted]
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        tx.run(f"UPDATE mesh_exceptions SET resolved_at = ? WHERE resolved_at IS NULL"
               f" AND event_id IN ({marks})", [now, *chunk])


def list_exceptions(storage: MeshStorage, site: str | None = None, *, open_only: bool = False,
                    limit: int = 1000) -> list[dict[str, Any]]:
    """The exception list, newest first (last seen), optionally of one site / unresolved only."""
    where, params = [], []
    if site:
        where.append("site = ?")
        params.append(site)
    if open_only:
        where.append("resolved_at IS NULL")
    clause = ("WHERE " + " AND ".join(where)) if where else ""
    with storage.reading() as tx:
        rows = tx.all(f"SELECT {', '.join(COLUMNS)} FROM mesh_exceptions {clause}"
                      " ORDER BY last_seen DESC, event_id LIMIT ?", [*params, int(limit)])
    return [dict(zip(COLUMNS, row)) for row in rows]
