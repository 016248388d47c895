"""The ILS mode's off-line outbox: check-outs, check-ins and blocks made while the library system did
not answer, kept in the terminal's database until the ILS has taken them, in the order they were made.

Table `library_ils_queue` in `kazasu.db`: one row per transaction (`seq` keeps the order), `state`
`pending` or `refused`, the transaction itself (kind, patron barcode, item, when, due date; after a
refusal also the ILS's words) encrypted with the store's at-rest key (AES-GCM, bound to the row's
number). A row the ILS confirmed is deleted at once (SQLite's secure_delete is on, and the desk
empties the WAL after a return): once the ILS confirmed a return, nothing here links the item to the
patron. A refused row stays until staff settle it (`resolve`): never dropped. `library_ils_status`
keeps the ACS's last status (98): its off-line rules decide whether the desk may lend off-line.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sync.crypto import PayloadCipher
from sync.events import utc_now_iso

KIND = "library.ils_queue"
PENDING, REFUSED = "pending", "refused"


@dataclass(frozen=True)
class Queued:
    seq: int
    state: str
    entry: dict[str, Any]     # kind, patron, item, at, due; screen and reason after a refusal


class IlsQueue:
    def __init__(self, store: Any, site: str) -> None:
        self.store = store
        self.site = site
        self._ready = False

    def _cipher(self) -> PayloadCipher:
        return PayloadCipher(self.store.key_info.key)

    def _tables(self) -> None:
        if self._ready:
            return
        with self.store.transaction() as db:
            db.execute("CREATE TABLE IF NOT EXISTS library_ils_queue (seq INTEGER PRIMARY KEY AUTOINCREMENT,"
                       " site TEXT NOT NULL, state TEXT NOT NULL, queued_at TEXT NOT NULL, blob BLOB NOT NULL)")
            db.execute("CREATE TABLE IF NOT EXISTS library_ils_status (site TEXT PRIMARY KEY,"
                       " seen_at TEXT NOT NULL, status TEXT NOT NULL)")
        self._ready = True

    def _seal(self, seq: int, entry: dict[str, Any]) -> bytes:
        return self._cipher().encrypt(f"{self.site}/{seq}", KIND, json.dumps(entry).encode())

    def _open(self, seq: int, blob: bytes) -> dict[str, Any]:
        return json.loads(self._cipher().decrypt(f"{self.site}/{seq}", KIND, blob))

    # -- the outbox --------------------------------------------------------------------------------
    def add(self, entry: dict[str, Any]) -> int:
        self._tables()
        with self.store.transaction() as db:
            seq = db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM library_ils_queue").fetchone()[0]
            db.execute("INSERT INTO library_ils_queue (seq, site, state, queued_at, blob) VALUES (?, ?, ?, ?, ?)",
                       [seq, self.site, PENDING, utc_now_iso(), self._seal(seq, entry)])
        return seq

    def entries(self, state: str | None = None) -> list[Queued]:
        self._tables()
        sql = "SELECT seq, state, blob FROM library_ils_queue WHERE site = ?"
        args: list[Any] = [self.site]
        if state is not None:
            sql += " AND state = ?"
            args.append(state)
        rows = self.store.db.execute(sql + " ORDER BY seq", args).fetchall()
        return [Queued(seq, st, self._open(seq, blob)) for seq, st, blob in rows]

    def pending(self) -> list[Queued]:
        return self.entries(PENDING)

    def refused(self) -> list[Queued]:
        return self.entries(REFUSED)

    def count(self, state: str = PENDING) -> int:
        self._tables()
        return self.store.db.execute("SELECT COUNT(*) FROM library_ils_queue WHERE site = ? AND state = ?",
                                     [self.site, state]).fetchone()[0]

    def done(self, seq: int) -> None:
        """The ILS confirmed it: the row goes."""
        with self.store.transaction() as db:
            db.execute("DELETE FROM library_ils_queue WHERE seq = ? AND site = ?", [seq, self.site])

    def refuse(self, item: Queued, screen: list[str], reason: str) -> None:
        entry = dict(item.entry, screen=list(screen), reason=reason)
        with self.store.transaction() as db:
            db.execute("UPDATE library_ils_queue SET state = ?, blob = ? WHERE seq = ? AND site = ?",
                       [REFUSED, self._seal(item.seq, entry), item.seq, self.site])

    def resolve(self, seq: int) -> bool:
        """Staff settled a refused transaction (with the ILS by hand): the row goes."""
        self._tables()
        with self.store.transaction() as db:
            gone = db.execute("DELETE FROM library_ils_queue WHERE seq = ? AND site = ? AND state = ?",
                              [seq, self.site, REFUSED]).rowcount
        return gone > 0

    # -- the ACS's last status --------------------------------------------------------------------
    def save_status(self, status: dict[str, Any]) -> None:
        self._tables()
        with self.store.transaction() as db:
            db.execute("INSERT INTO library_ils_status (site, seen_at, status) VALUES (?, ?, ?) ON CONFLICT"
                       " (site) DO UPDATE SET seen_at = excluded.seen_at, status = excluded.status",
                       [self.site, utc_now_iso(), json.dumps(status)])

    def last_status(self) -> dict[str, Any] | None:
        self._tables()
        row = self.store.db.execute("SELECT seen_at, status FROM library_ils_status WHERE site = ?",
                                    [self.site]).fetchone()
        return dict(json.loads(row[1]), seen_at=row[0]) if row else None
