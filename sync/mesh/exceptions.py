"""The mesh's exception list: every event it rejected (or kept aside on an id conflict), for staff.

One row per (terminal, event id) in `mesh_exceptions` (migration 6): `terminal` is the terminal that SENT
the event (the one whose signed request carried it; for a carried bundle or a demo mesh, the event's own
terminal), so nobody can file rows under another terminal's name. A row holds the site, kind, the latest
reason, when it was first and last seen, how many times it was offered (the same event offered again
counts, it is not a new row), and `resolved_at` once that terminal's event was accepted later (for
example after the missing link of its chain arrived).

Bounded per terminal: at most `per_terminal` open rows each; beyond that a terminal's further
rejections of new ids are only counted (`mesh_exception_overflow`: dropped, first and last seen), so a
terminal sending junk fills only its own share. The list is read newest first with its `limit` applied
PER TERMINAL, so one terminal's thousands of rows never push another terminal's rejection out of sight.
Written by sync.mesh.ingest in the ingest transaction (online batches and imported bundles). Reasons
never hold payload data; ids, kinds, sites and terminal ids are not personal.
Served by `GET /v1/exceptions?site=` (operators, for their sites) and `kazasu mesh exceptions`.
"""

from __future__ import annotations

from typing import Any, Iterable

from sync.events import Event
from sync.mesh.storage import MeshStorage, Tx

_CHUNK = 500
COLUMNS = ("event_id", "terminal", "site", "kind", "reason", "first_seen", "last_seen", "times_seen",
           "resolved_at")
OVERFLOW_COLUMNS = ("terminal", "site", "dropped", "first_seen", "last_seen")
DEFAULT_PER_TERMINAL = 1000


def record(tx: Tx, refused: list[tuple[Event, str, str]], accepted: list[Event], now: str, *,
           per_terminal: int = DEFAULT_PER_TERMINAL) -> None:
    """Add or update the refused events `(event, reason, filed under terminal)`; mark earlier
    exceptions of now-accepted events resolved."""
    room: dict[str, int] = {}
    for event, reason, terminal in refused:
        updated = tx.run("UPDATE mesh_exceptions SET reason = ?, last_seen = ?, times_seen = times_seen"
                         " + 1, resolved_at = NULL WHERE terminal = ? AND event_id = ?",
                         [reason[:500], now, terminal, event.id])
        if updated:
            continue
        if terminal not in room:
            (open_rows,) = tx.one("SELECT count(*) FROM mesh_exceptions WHERE terminal = ? AND"
                                  " resolved_at IS NULL", [terminal])
            room[terminal] = per_terminal - int(open_rows)
        if room[terminal] <= 0:
            _count_dropped(tx, terminal, event.site, now)
            continue
        room[terminal] -= 1
        tx.run("INSERT INTO mesh_exceptions (terminal, event_id, site, kind, reason, first_seen,"
               " last_seen) VALUES (?, ?, ?, ?, ?, ?, ?)",
               [terminal, event.id, event.site, event.kind, reason[:500], now, now])
    if not accepted or tx.one("SELECT 1 FROM mesh_exceptions WHERE resolved_at IS NULL LIMIT 1") is None:
        return
    by_terminal: dict[str, list[str]] = {}
    for event in accepted:
        by_terminal.setdefault(event.terminal, []).append(event.id)
    for terminal, ids in by_terminal.items():
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start:start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            tx.run(f"UPDATE mesh_exceptions SET resolved_at = ? WHERE resolved_at IS NULL"
                   f" AND terminal = ? AND event_id IN ({marks})", [now, terminal, *chunk])


def _count_dropped(tx: Tx, terminal: str, site: str, now: str) -> None:
    tx.run("INSERT INTO mesh_exception_overflow (terminal, site, dropped, first_seen, last_seen)"
           " VALUES (?, ?, 1, ?, ?) ON CONFLICT (terminal) DO UPDATE SET"
           " dropped = mesh_exception_overflow.dropped + 1, last_seen = excluded.last_seen",
           [terminal, site, now, now])


def _where(site: str | None, sites: Iterable[str] | None) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if site:
        where.append("site = ?")
        params.append(site)
    if sites is not None:
        allowed = sorted(sites)
        if not allowed:
            where.append("1 = 0")
        else:
            where.append(f"site IN ({','.join('?' * len(allowed))})")
            params.extend(allowed)
    return where, params


def list_exceptions(storage: MeshStorage, site: str | None = None, *, open_only: bool = False,
                    limit: int = 1000, sites: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """The exception list, newest first (last seen), at most `limit` rows PER TERMINAL; optionally of
    one site, of the sites in `sites` (an operator's scope), unresolved only."""
    where, params = _where(site, sites)
    if open_only:
        where.append("resolved_at IS NULL")
    clause = ("WHERE " + " AND ".join(where)) if where else ""
    with storage.reading() as tx:
        rows = tx.all(
            f"SELECT {', '.join(COLUMNS)} FROM (SELECT {', '.join(COLUMNS)}, row_number() OVER"
            f" (PARTITION BY terminal ORDER BY last_seen DESC, event_id) AS nth FROM mesh_exceptions"
            f" {clause}) ranked WHERE nth <= ? ORDER BY last_seen DESC, event_id",
            [*params, int(limit)])
    return [dict(zip(COLUMNS, row)) for row in rows]


def list_overflow(storage: MeshStorage, site: str | None = None, *,
                  sites: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """Per terminal, how many rejections were only counted because its share of rows was full."""
    where, params = _where(site, sites)
    clause = ("WHERE " + " AND ".join(where)) if where else ""
    with storage.reading() as tx:
        rows = tx.all(f"SELECT {', '.join(OVERFLOW_COLUMNS)} FROM mesh_exception_overflow {clause}"
                      " ORDER BY last_seen DESC, terminal", params)
    return [dict(zip(OVERFLOW_COLUMNS, row)) for row in rows]
