"""Redaction on the mesh: a `sync.redaction` event erases the payloads of events of ITS OWN site.

Called by sync.mesh.ingest inside the ingest transaction (under FEED_LOCK), after the batch's accepted
events are inserted:
- each accepted redaction is recorded (`mesh_redactions`; listed ids also in `mesh_redacted_ids`, so an
  event that arrives later, e.g. from a terminal that was offline, is erased on arrival) and erases the
  covered events already held: `payload` becomes `{}` and `redacted_at` is set;
- each accepted ordinary event is checked against the site's earlier redactions and erased if covered.
A prefix redaction with `seen` (sync.redaction) covers the writer's own events fed before it (its chain
order) and what its writer had seen: with `seen.terminals`, each named terminal's events up to the last
one the writer held (valid on every hop, also when they arrive later); without it (an older writer), the
site's events up to the feed position it had read, taken as this mesh's (no later arrival is covered).
One without `seen` (an older terminal) covers by id, as before.
Every statement is limited to the redaction's site: another site's events are never touched, whatever
ids a redaction lists. The redaction event itself stays in the site feed (other terminals erase their
copies when they pull it). Events kept aside on an id conflict (`mesh_conflicts`, sync.mesh.ingest) are
erased by the same rules, and a redaction kept aside still erases what it covers (it was signed by an
enrolled terminal of the site with a role that may erase).
"""

from __future__ import annotations

import json
from typing import Any

from sync import redaction
from sync.events import Event
from sync.mesh.storage import Tx

_CHUNK = 500
TABLES = ("mesh_events", "mesh_conflicts")
_SET = ("UPDATE {table} SET payload = '{{}}', redacted_at = ? WHERE site = ? AND redacted_at IS NULL"
        " AND kind <> ?")


def apply(tx: Tx, accepted: list[Event], now: str, *, aside: list[Event] = ()) -> int:
    """Apply the accepted redactions (and those kept aside), then erase newly stored events covered by
    any redaction: `accepted` ones in the feed, `aside` ones among the conflicts."""
    erased = 0
    redactions = [e for e in [*accepted, *aside] if e.kind == redaction.KIND and not e.redacted]
    for event in redactions:
        erased += _apply_one(tx, event, redaction.parse(event.payload), now)
    for table, events in (("mesh_events", accepted), ("mesh_conflicts", aside)):
        ordinary = [e for e in events if e.kind != redaction.KIND and not e.redacted]
        if ordinary:
            erased += _erase_late_arrivals(tx, ordinary, now, table)
    return erased


def _apply_one(tx: Tx, event: Event, targets: redaction.Targets, now: str) -> int:
    params: list[Any] = [now, event.site, redaction.KIND]
    erased = 0
    if targets.kind_prefix is not None and targets.seen_feed is not None:
        row = tx.one("SELECT seq FROM mesh_events WHERE id = ?", [event.id])
        prefix = [len(targets.kind_prefix), targets.kind_prefix]
        if row is not None:   # in the feed: the writer's own events fed before it, and what it had seen
            own, own_params = "seq < ?", [row[0]]
        else:                 # kept aside (an id conflict): the writer's own events up to its id
            own, own_params = "id <= ?", [event.id]
        if targets.seen_terminals is not None:  # valid on every hop (a feed position is not)
            seen, seen_params = redaction.terminals_clause(targets.seen_terminals)
        else:                                   # an older writer: its feed position, read as ours
            seen, seen_params = "seq <= ?", [targets.seen_feed]
        erased += tx.run(f"{_SET.format(table='mesh_events')} AND substr(kind, 1, ?) = ?"
                         f" AND ({seen} OR (terminal = ? AND {own}))",
                         [*params, *prefix, *seen_params, event.terminal, *own_params])
        # copies kept aside on an id conflict have no feed position: those up to the redaction's id
        erased += tx.run(f"{_SET.format(table='mesh_conflicts')} AND substr(kind, 1, ?) = ? AND id <= ?",
                         [*params, *prefix, event.id])
    elif targets.kind_prefix is not None:
        for table in TABLES:
            erased += tx.run(f"{_SET.format(table=table)} AND substr(kind, 1, ?) = ? AND id <= ?",
                             [*params, len(targets.kind_prefix), targets.kind_prefix, event.id])
    else:
        ids = list(targets.event_ids)
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start:start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            for table in TABLES:
                erased += tx.run(f"{_SET.format(table=table)} AND id IN ({marks})", [*params, *chunk])
            for event_id in chunk:
                tx.run("INSERT INTO mesh_redacted_ids (site, event_id, redaction_id) VALUES (?, ?, ?)"
                       " ON CONFLICT (site, event_id) DO NOTHING", [event.site, event_id, event.id])
    tx.run("INSERT INTO mesh_redactions (redaction_id, site, kind_prefix, reason, applied_at, erased)"
           " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (redaction_id) DO NOTHING",
           [event.id, event.site, targets.kind_prefix, targets.reason, now, erased])
    return erased


def _erase_late_arrivals(tx: Tx, events: list[Event], now: str, table: str = "mesh_events") -> int:
    """Erase events (stored in `table`) that arrived after a redaction of their site that covers
    them."""
    sites = sorted({e.site for e in events})
    marks = ",".join("?" * len(sites))
    if tx.one(f"SELECT 1 FROM mesh_redactions WHERE site IN ({marks}) LIMIT 1", sites) is None:
        return 0  # no redaction of these sites yet: the common case costs one indexed probe
    prefixes: dict[str, list[tuple[str, str]]] = {}
    seen_by: dict[str, list[tuple[str, tuple[tuple[str, str], ...]]]] = {}
    for site, prefix, redaction_id, payload in tx.all(
            f"SELECT r.site, r.kind_prefix, r.redaction_id, e.payload FROM mesh_redactions r"
            f" JOIN mesh_events e ON e.id = r.redaction_id WHERE r.site IN ({marks})"
            " AND r.kind_prefix IS NOT NULL", sites):
        seen = _seen(payload)
        if seen is None:
            prefixes.setdefault(site, []).append((prefix, redaction_id))
        elif isinstance(seen.get("terminals"), dict):
            # an event its writer had held may reach this mesh after it (forwarded by another hop)
            seen_by.setdefault(site, []).append((prefix, tuple(seen["terminals"].items())))
        # else: covers what its writer had seen by feed position: an event arriving after it was not
    listed: set[tuple[str, str]] = set()
    ids = [e.id for e in events]
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        id_marks = ",".join("?" * len(chunk))
        listed.update((r[0], r[1]) for r in tx.all(
            f"SELECT site, event_id FROM mesh_redacted_ids WHERE event_id IN ({id_marks})", chunk))
    erased = 0
    for event in events:
        covered = (event.site, event.id) in listed or any(
            event.kind.startswith(prefix) and event.id <= redaction_id
            for prefix, redaction_id in prefixes.get(event.site, ())) or any(
            event.kind.startswith(prefix) and redaction.covers_by_terminals(pairs, event.terminal, event.id)
            for prefix, pairs in seen_by.get(event.site, ()))
        if covered:
            where = " AND id = ?" + (" AND terminal = ?" if table == "mesh_conflicts" else "")
            erased += tx.run(_SET.format(table=table) + where,
                             [now, event.site, redaction.KIND, event.id,
                              *([event.terminal] if table == "mesh_conflicts" else [])])
    return erased


def _seen(payload: Any) -> dict | None:
    """A stored redaction's `seen` (payload as JSON text, or already decoded), or None."""
    if isinstance(payload, str):
        try:
            payload = json.loads(payload)
        except ValueError:
            return None
    seen = payload.get("seen") if isinstance(payload, dict) else None
    return seen if isinstance(seen, dict) else None
