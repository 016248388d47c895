"""The mesh's event table: idempotent inserts by event id and a per-site feed by sequence cursor.

`open_storage("sqlite:///path")` returns a `MeshStorage`. The SQL is written to run unchanged on
PostgreSQL (ON CONFLICT ... DO NOTHING RETURNING, a versioned migration table); only the connection,
the placeholder style and the identity column differ, so a psycopg backend is a small subclass later.
`seq` is the feed cursor: it only ever grows (AUTOINCREMENT never reuses a value), and SQLite serialises
writers, so a reader that saw cursor N never misses a later event with a smaller cursor.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sync.errors import StorageUrlError
from sync.events import Event, canonical_json

logger = logging.getLogger(__name__)

ACCEPTED = "accepted"
DUPLICATE = "duplicate"

# (version, statements); append new versions, never edit old ones. {seq} is the identity column type.
MIGRATIONS: list[tuple[int, list[str]]] = [
    (1, [
        """CREATE TABLE mesh_events (
            seq {seq},
            id TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            site TEXT NOT NULL,
            terminal TEXT NOT NULL,
            staff TEXT NOT NULL,
            created_at TEXT NOT NULL,
            schema_version INTEGER NOT NULL,
            payload TEXT NOT NULL,
            received_at TEXT NOT NULL
        )""",
        "CREATE INDEX mesh_events_site_seq ON mesh_events (site, seq)",
    ]),
]


@dataclass(frozen=True)
class FeedPage:
    events: list[dict[str, Any]]
    next_cursor: int
    has_more: bool
    cursors: list[int]  # the feed position of each event, same order


class MeshStorage:
    """SQL shared by every backend; subclasses give the connection and dialect details."""

    placeholder = "?"
    seq_type = "INTEGER PRIMARY KEY AUTOINCREMENT"

    def __init__(self, conn: Any) -> None:
        self._conn = conn
        self._lock = threading.Lock()  # one connection, one statement at a time
        with self._lock:
            self._migrate()

    def _sql(self, sql: str) -> str:
        return sql.replace("?", self.placeholder)

    def _migrate(self) -> None:
        cur = self._conn.cursor()
        cur.execute("CREATE TABLE IF NOT EXISTS mesh_migrations (version INTEGER PRIMARY KEY,"
                    " applied_at TEXT NOT NULL)")
        cur.execute("SELECT coalesce(max(version), 0) FROM mesh_migrations")
        current = cur.fetchone()[0]
        for version, statements in MIGRATIONS:
            if version <= current:
                continue
            cur.execute("BEGIN")
            for statement in statements:
                cur.execute(statement.format(seq=self.seq_type))
            cur.execute(self._sql("INSERT INTO mesh_migrations (version, applied_at) VALUES (?, ?)"),
                        [version, _now()])
            cur.execute("COMMIT")

    def insert_events(self, events: list[Event]) -> list[str]:
        """Store each event unless its id is already held; `accepted` or `duplicate` per event."""
        sql = self._sql(
            "INSERT INTO mesh_events (id, kind, site, terminal, staff, created_at, schema_version,"
            " payload, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (id) DO NOTHING RETURNING seq")
        received = _now()
        statuses: list[str] = []
        with self._lock:
            cur = self._conn.cursor()
            cur.execute("BEGIN")
            try:
                for e in events:
                    cur.execute(sql, [e.id, e.kind, e.site, e.terminal, e.staff, e.created_at,
                                      e.schema_version, canonical_json(e.payload).decode("utf-8"),
                                      received])
                    statuses.append(ACCEPTED if cur.fetchone() is not None else DUPLICATE)
                cur.execute("COMMIT")
            except BaseException:
                cur.execute("ROLLBACK")
                raise
        return statuses

    def feed(self, site: str, after: int = 0, limit: int = 100) -> FeedPage:
        """The site's events with cursor > `after`, oldest first, at most `limit`."""
        with self._lock:
            cur = self._conn.cursor()
            cur.execute(self._sql(
                "SELECT seq, id, kind, site, terminal, staff, created_at, schema_version, payload"
                " FROM mesh_events WHERE site = ? AND seq > ? ORDER BY seq LIMIT ?"),
                [site, after, limit + 1])
            rows = cur.fetchall()
        has_more = len(rows) > limit
        rows = rows[:limit]
        events = [{"id": r[1], "kind": r[2], "site": r[3], "terminal": r[4], "staff": r[5],
                   "created_at": r[6], "schema_version": r[7], "payload": json.loads(r[8])}
                  for r in rows]
        return FeedPage(events=events, next_cursor=rows[-1][0] if rows else after, has_more=has_more,
                        cursors=[r[0] for r in rows])

    def stats(self) -> dict[str, Any]:
        """Distinct events held, per site, and the newest cursor."""
        with self._lock:
            cur = self._conn.cursor()
            cur.execute("SELECT site, count(*) FROM mesh_events GROUP BY site ORDER BY site")
            sites = {site: count for site, count in cur.fetchall()}
            cur.execute("SELECT count(*), count(DISTINCT terminal), coalesce(max(seq), 0)"
                        " FROM mesh_events")
            total, terminals, last = cur.fetchone()
        return {"events": total, "sites": sites, "terminals": terminals, "last_cursor": last}

    def ping(self) -> bool:
        with self._lock:
            cur = self._conn.cursor()
            cur.execute("SELECT 1")
            return cur.fetchone()[0] == 1

    def close(self) -> None:
        with self._lock:
            self._conn.close()


class SqliteMeshStorage(MeshStorage):
    """The mesh on one SQLite file: WAL, durable commits (an acknowledgement means it is on disk)."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(self.path), isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA busy_timeout=10000")
        super().__init__(conn)


def open_storage(db_url: str) -> MeshStorage:
    """`sqlite:///relative.db` or `sqlite:////absolute/path.db` → SqliteMeshStorage (PG later)."""
    prefix = "sqlite:///"
    if not db_url.startswith(prefix) or len(db_url) == len(prefix):
        raise StorageUrlError(db_url)
    return SqliteMeshStorage(db_url[len(prefix):])


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
