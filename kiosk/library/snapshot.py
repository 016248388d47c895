"""The library fold kept in the terminal's database, so that it outlives the store's retention purge
and a restart needs no replay of the whole history.

The terminal store erases event payloads some days after the mesh acknowledged them
(`EventStore.purge`, `retention_days`); a patron registered two months ago would otherwise vanish from
an offline desk. So the fold itself is saved, encrypted with the store's at-rest key (AES-GCM, the
site as associated data), in two tables of `kazasu.db`:

- `library_snapshot` — one row per site: the register (patrons, cards, blocks, reissues, counts,
  which items are back, orphans) and how far the fold has read (local rowid, feed position).
- `library_snapshot_loans` — one row per item on loan: the loan and any conflict on it. A return
  deletes the item's row at once (`forget_loan`), so a returned loan's patron–item link does not
  stay in the snapshot either.

The desk now keeps the state as tables updated per event (kiosk.library.tables); a database of the
earlier version is migrated from its snapshot once (`load`), which is then deleted (`drop`). `save`
writes one in that format (the migration's tests make the database of an earlier version with it).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sync.crypto import PayloadCipher
from sync.events import canonical_json, utc_now_iso

KIND = "library.snapshot"
SCHEMA = 1


def _cipher(store: Any) -> PayloadCipher:
    return PayloadCipher(store.key_info.key)


def ensure_tables(store: Any) -> None:
    store.db.execute("CREATE TABLE IF NOT EXISTS library_snapshot (site TEXT PRIMARY KEY,"
                     " saved_at TEXT NOT NULL, blob BLOB NOT NULL)")
    store.db.execute("CREATE TABLE IF NOT EXISTS library_snapshot_loans (site TEXT NOT NULL,"
                     " item TEXT NOT NULL, blob BLOB NOT NULL, PRIMARY KEY (site, item))")


def _register(state: Any) -> dict[str, Any]:
    return {"schema": SCHEMA, "patrons": state.patrons,
            "cards": [[k, t, n, state.link_ids.get((k, t), "")] for (k, t), n in state.cards.items()],
            "blocks": state.blocks, "block_ids": state.block_ids,
            "duplicate_numbers": sorted(state.duplicate_numbers), "counts": state.counts,
            "orphans": state.orphans, "returned": state.returned, "last_id": state.last_id}


def _loan(state: Any, item: str) -> dict[str, Any] | None:
    loan = state.loans.get(item)
    if loan is None:
        return None
    return {"patron": loan.patron, "item_type": loan.item_type, "due": loan.due.isoformat(),
            "event_id": loan.event_id, "terminal": loan.terminal,
            "conflict": state.conflicts.get(item, [])}


def save(store: Any, site: str, state: Any, rowid: int, feed: int, items: set[str] | None) -> None:
    """Write the register and the loan rows of `items` (None: all loans, rewriting the table)."""
    cipher = _cipher(store)
    body = dict(_register(state), rowid=rowid, feed=feed)
    with store.transaction() as db:
        ensure_tables(store)
        db.execute("INSERT INTO library_snapshot (site, saved_at, blob) VALUES (?, ?, ?) ON CONFLICT"
                   " (site) DO UPDATE SET saved_at = excluded.saved_at, blob = excluded.blob",
                   [site, utc_now_iso(), cipher.encrypt(site, KIND, canonical_json(body))])
        if items is None:
            db.execute("DELETE FROM library_snapshot_loans WHERE site = ?", [site])
            items = set(state.loans)
        for item in sorted(items):
            loan = _loan(state, item)
            if loan is None:
                db.execute("DELETE FROM library_snapshot_loans WHERE site = ? AND item = ?",
                           [site, item])
            else:
                db.execute("INSERT INTO library_snapshot_loans (site, item, blob) VALUES (?, ?, ?)"
                           " ON CONFLICT (site, item) DO UPDATE SET blob = excluded.blob",
                           [site, item, cipher.encrypt(f"{site}\n{item}", KIND,
                                                       canonical_json(loan))])


def drop(store: Any, site: str) -> None:
    """The migration done: the snapshot goes (its loan rows would keep links of loans returned since)."""
    ensure_tables(store)
    store.db.execute("DELETE FROM library_snapshot_loans WHERE site = ?", [site])
    store.db.execute("DELETE FROM library_snapshot WHERE site = ?", [site])


def load(store: Any, site: str, new_state: Any, loan_type: Any) -> tuple[Any, int, int] | None:
    """(state, rowid, feed) from the saved snapshot, or None (none saved, or not of this database)."""
    ensure_tables(store)
    row = store.db.execute("SELECT blob FROM library_snapshot WHERE site = ?", [site]).fetchone()
    if row is None:
        return None
    cipher = _cipher(store)
    body = json.loads(cipher.decrypt(site, KIND, row[0]))
    (top,) = store.db.execute("SELECT coalesce(max(rowid), 0) FROM events").fetchone()
    if body.get("schema") != SCHEMA or body["rowid"] > top or body["feed"] > store.feed_cursor(site):
        return None     # another database (restored, replaced): fold again
    state = new_state()
    state.patrons, state.blocks, state.block_ids = body["patrons"], body["blocks"], body["block_ids"]
    for kind, token, number, link_id in body["cards"]:
        state.cards[(kind, token)] = number
        if link_id:
            state.link_ids[(kind, token)] = link_id
    state.duplicate_numbers = set(body["duplicate_numbers"])
    state.counts, state.orphans, state.returned = body["counts"], body["orphans"], body["returned"]
    state.last_id = body["last_id"]
    for item, blob in store.db.execute("SELECT item, blob FROM library_snapshot_loans WHERE site = ?",
                                       [site]).fetchall():
        loan = json.loads(cipher.decrypt(f"{site}\n{item}", KIND, blob))
        state._lend(loan_type(item, loan["patron"], loan["item_type"],
                              dt.date.fromisoformat(loan["due"]), loan["event_id"], loan["terminal"]))
        if loan["conflict"]:
            state.conflicts[item] = loan["conflict"]
    return state, int(body["rowid"]), int(body["feed"])
