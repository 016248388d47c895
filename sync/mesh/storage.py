"""The mesh's event table: idempotent inserts by event id and a per-site feed by sequence cursor.

`sync.mesh.backends.open_storage(url)` returns a `MeshStorage`: `sqlite:///path` here
(SqliteMeshStorage), and `postgresql://...` (sync.mesh.postgres.PostgresMeshStorage, psycopg 3).
Both run the same SQL (ON CONFLICT ... DO NOTHING RETURNING, versioned migrations in
`mesh_migrations`); a backend only gives the connection, the placeholder style, the identity column
and two guards:

- migrations run in one write transaction under a lock (SQLite: BEGIN IMMEDIATE; PostgreSQL: a
  transaction-level advisory lock), so mesh processes starting together migrate once;
- the feed guard: `seq` is the feed cursor and a reader that saw cursor N must never later find an event
  with a smaller cursor. SQLite serialises writers (BEGIN IMMEDIATE), so that holds by construction;
  PostgreSQL draws identity values before commit, so two concurrent batches could commit out of order:
  every inserting transaction first takes one transaction-level advisory lock (`pg_advisory_xact_lock`),
  so seq values are drawn and committed in the same order across all mesh processes.

Migration 3 adds `payload_hash`, `sig_version` and `redacted_at` to `mesh_events` and the redaction
tables (sync.mesh.redactions): an erased event is served with an empty payload and `"redacted": true`,
its signed envelope intact (version 2 signs the payload's hash, so the chain still verifies).
"""

from __future__ import annotations

import contextlib
import json
import logging
import sqlite3
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

from sync.events import Event

logger = logging.getLogger(__name__)

ACCEPTED = "accepted"
DUPLICATE = "duplicate"
MIGRATION_LOCK = 0x6B617A61  # advisory lock keys ("kaza", "feed")
FEED_LOCK = 0x66656564
FEED_ROW_OVERHEAD = 512  # bytes counted per feed event beside its payload (ids, envelope, JSON)

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
    (2, [  # terminal identity: enrolment codes, enrolled terminals with their chain head, signatures
        """CREATE TABLE mesh_terminals (
            terminal_id TEXT PRIMARY KEY,
            site TEXT NOT NULL,
            public_key TEXT NOT NULL,
            enrolled_at TEXT NOT NULL,
            revoked_at TEXT,
            last_seq BIGINT NOT NULL DEFAULT 0,
            last_hash TEXT NOT NULL
        )""",
        """CREATE TABLE mesh_enrolment_codes (
            code_hash TEXT PRIMARY KEY,
            site TEXT NOT NULL,
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            used_at TEXT,
            terminal_id TEXT
        )""",
        "ALTER TABLE mesh_events ADD COLUMN chain_seq BIGINT",
        "ALTER TABLE mesh_events ADD COLUMN prev_hash TEXT",
        "ALTER TABLE mesh_events ADD COLUMN signature TEXT",
    ]),
    (3, [  # signing version 2 (payload hash beside the event) and redaction (erased payloads)
        "ALTER TABLE mesh_events ADD COLUMN payload_hash TEXT",
        "ALTER TABLE mesh_events ADD COLUMN sig_version INTEGER",
        "ALTER TABLE mesh_events ADD COLUMN redacted_at TEXT",
        """CREATE TABLE mesh_redactions (
            redaction_id TEXT PRIMARY KEY,
            site TEXT NOT NULL,
            kind_prefix TEXT,
            reason TEXT NOT NULL,
            applied_at TEXT NOT NULL,
            erased BIGINT NOT NULL DEFAULT 0
        )""",
        "CREATE INDEX mesh_redactions_site ON mesh_redactions (site)",
        """CREATE TABLE mesh_redacted_ids (
            site TEXT NOT NULL,
            event_id TEXT NOT NULL,
            redaction_id TEXT NOT NULL,
            PRIMARY KEY (site, event_id)
        )""",
    ]),
    (4, [  # the exception list: every rejected event, for staff to review (sync.mesh.exceptions)
        """CREATE TABLE mesh_exceptions (
            event_id TEXT PRIMARY KEY,
            terminal TEXT NOT NULL,
            site TEXT NOT NULL,
            kind TEXT NOT NULL,
            reason TEXT NOT NULL,
            first_seen TEXT NOT NULL,
            last_seen TEXT NOT NULL,
            times_seen BIGINT NOT NULL DEFAULT 1,
            resolved_at TEXT
        )""",
        "CREATE INDEX mesh_exceptions_site ON mesh_exceptions (site, last_seen)",
    ]),
    (5, [  # per-site service keys for card pseudonyms, handed to the site's terminals at enrolment
        """CREATE TABLE mesh_service_keys (
            site TEXT NOT NULL,
            service TEXT NOT NULL,
            key_b64 TEXT NOT NULL,
            created_at TEXT NOT NULL,
            PRIMARY KEY (site, service)
        )""",
    ]),
    (6, [  # the mesh as a trust boundary (docs/sync.md "Threat model"): operator credentials, the
           # nonces of signed requests, events kept aside on an id conflict, exceptions per terminal
        """CREATE TABLE mesh_operators (
            operator_id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            sites TEXT,
            token_hash TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            revoked_at TEXT
        )""",
        """CREATE TABLE mesh_request_nonces (
            terminal_id TEXT NOT NULL,
            nonce TEXT NOT NULL,
            seen_at BIGINT NOT NULL,
            PRIMARY KEY (terminal_id, nonce)
        )""",
        "CREATE INDEX mesh_request_nonces_seen ON mesh_request_nonces (seen_at)",
        """CREATE TABLE mesh_conflicts (
            id TEXT NOT NULL,
            terminal TEXT NOT NULL,
            site TEXT NOT NULL,
            kind TEXT NOT NULL,
            staff TEXT NOT NULL,
            created_at TEXT NOT NULL,
            schema_version INTEGER NOT NULL,
            payload TEXT NOT NULL,
            received_at TEXT NOT NULL,
            chain_seq BIGINT,
            prev_hash TEXT,
            signature TEXT,
            sig_version INTEGER,
            payload_hash TEXT,
            redacted_at TEXT,
            held_by TEXT NOT NULL,
            PRIMARY KEY (id, terminal)
        )""",
        "CREATE INDEX mesh_conflicts_site ON mesh_conflicts (site)",
        """CREATE TABLE mesh_exceptions_v6 (
            terminal TEXT NOT NULL,
            event_id TEXT NOT NULL,
            site TEXT NOT NULL,
            kind TEXT NOT NULL,
            reason TEXT NOT NULL,
            first_seen TEXT NOT NULL,
            last_seen TEXT NOT NULL,
            times_seen BIGINT NOT NULL DEFAULT 1,
            resolved_at TEXT,
            PRIMARY KEY (terminal, event_id)
        )""",
        "INSERT INTO mesh_exceptions_v6 (terminal, event_id, site, kind, reason, first_seen, last_seen,"
        " times_seen, resolved_at) SELECT terminal, event_id, site, kind, reason, first_seen, last_seen,"
        " times_seen, resolved_at FROM mesh_exceptions",
        "DROP TABLE mesh_exceptions",
        "ALTER TABLE mesh_exceptions_v6 RENAME TO mesh_exceptions",
        "CREATE INDEX mesh_exceptions_site ON mesh_exceptions (site, last_seen)",
        "CREATE INDEX mesh_exceptions_open ON mesh_exceptions (terminal, resolved_at)",
        """CREATE TABLE mesh_exception_overflow (
            terminal TEXT PRIMARY KEY,
            site TEXT NOT NULL,
            dropped BIGINT NOT NULL DEFAULT 0,
            first_seen TEXT NOT NULL,
            last_seen TEXT NOT NULL
        )""",
    ]),
    (7, [  # shelter nodes (sync.node) and what the municipality publishes (sync.mesh.publishing)
        "ALTER TABLE mesh_enrolment_codes ADD COLUMN role TEXT",
        "ALTER TABLE mesh_terminals ADD COLUMN role TEXT",
        """CREATE TABLE mesh_publisher (
            key_id TEXT PRIMARY KEY,
            public_key TEXT NOT NULL,
            created_at TEXT NOT NULL
        )""",
        """CREATE TABLE mesh_publications (
            seq {seq},
            id TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            name TEXT NOT NULL,
            version BIGINT NOT NULL,
            site TEXT,
            document TEXT NOT NULL,
            received_at TEXT NOT NULL
        )""",
        """CREATE TABLE node_state (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        )""",
        """CREATE TABLE node_pulled (
            event_id TEXT PRIMARY KEY
        )""",
        """CREATE TABLE node_retry (
            seq BIGINT PRIMARY KEY,
            event_id TEXT NOT NULL,
            attempts BIGINT NOT NULL DEFAULT 1,
            reason TEXT NOT NULL,
            refused BIGINT NOT NULL DEFAULT 0
        )""",
    ]),
    (8, [  # the name a site's pre-registration page shows (sync.mesh.site_names), and the site's
           # pre-registration keys retired by a rotation (sync.mesh.prereg_keys: still accepted a while)
        """CREATE TABLE mesh_site_names (
            site TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        """CREATE TABLE mesh_retired_service_keys (
            site TEXT NOT NULL,
            service TEXT NOT NULL,
            key_b64 TEXT NOT NULL,
            created_at TEXT NOT NULL,
            retired_at TEXT NOT NULL,
            PRIMARY KEY (site, service, key_b64)
        )""",
    ]),
]
INSERT_COLUMNS = ("id, kind, site, terminal, staff, created_at, schema_version, payload, received_at,"
                  " chain_seq, prev_hash, signature, sig_version, payload_hash, redacted_at")
INSERT_EVENT = (f"INSERT INTO mesh_events ({INSERT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                " ?, ?, ?) ON CONFLICT (id) DO NOTHING")
EVENT_COLUMNS = ("id, kind, site, terminal, staff, created_at, schema_version, payload, chain_seq,"
                 " prev_hash, signature, sig_version, payload_hash, redacted_at")


@dataclass(frozen=True)
class FeedPage:
    events: list[dict[str, Any]]
    next_cursor: int
    has_more: bool
    cursors: list[int]  # the feed position of each event, same order


class Tx:
    """Statements inside one storage transaction (or one read), with `?` placeholders on all backends."""

    def __init__(self, storage: "MeshStorage", cur: Any) -> None:
        self._storage, self.cur = storage, cur

    def run(self, sql: str, params: Any = ()) -> int:
        self.cur.execute(self._storage.sql(sql), list(params))
        return self.cur.rowcount

    def one(self, sql: str, params: Any = ()) -> tuple | None:
        self.cur.execute(self._storage.sql(sql), list(params))
        return self.cur.fetchone()

    def all(self, sql: str, params: Any = ()) -> list[tuple]:
        self.cur.execute(self._storage.sql(sql), list(params))
        return self.cur.fetchall()

    def insert_returning(self, sql: str, rows: list[list[Any]]) -> list[tuple | None]:
        """Run an INSERT ... RETURNING once per row; the returned row (or None) for each."""
        return self._storage.insert_returning(self.cur, self._storage.sql(sql), rows)

    def insert_many(self, sql: str, rows: list[list[Any]]) -> int:
        """Run a one-row INSERT (`VALUES (?, ...)` at its end of values) for all rows at once; the
        number of rows inserted."""
        return self._storage.insert_many(self.cur, sql, rows)


class MeshStorage:
    """SQL shared by every backend; subclasses give the connection and dialect details."""

    placeholder = "?"
    seq_type = "INTEGER PRIMARY KEY AUTOINCREMENT"
    begin_write = "BEGIN IMMEDIATE"
    backend = "base"
    payload_bytes_sql = "length(CAST(payload AS BLOB))"  # bytes of the stored payload text

    def __init__(self, conn: Any) -> None:
        self._conn = conn
        self._lock = threading.RLock()  # one connection, one statement at a time
        self._migrate()

    # -- backend hooks -------------------------------------------------------------------------
    def sql(self, sql: str) -> str:
        return sql.replace("?", self.placeholder)

    def _cursor(self) -> Any:
        return self._conn.cursor()

    def _take_lock(self, tx: Tx, key: int) -> None:
        """A lock held until the transaction ends (SQLite's BEGIN IMMEDIATE already is one)."""

    def _guard(self) -> contextlib.AbstractContextManager[Any]:
        """Wraps every storage call: a backend turns connection loss into StorageUnavailableError."""
        return contextlib.nullcontext()

    def scrub_erased(self) -> None:
        """After payloads were erased: remove their old copies from the database's own files where the
        backend can (SQLite: checkpoint the WAL; PostgreSQL leaves the dead row versions to autovacuum,
        see docs/sync.md "Redaction")."""

    def insert_returning(self, cur: Any, sql: str, rows: list[list[Any]]) -> list[tuple | None]:
        out = []
        for row in rows:
            cur.execute(sql, row)
            out.append(cur.fetchone())
        return out

    def insert_many(self, cur: Any, sql: str, rows: list[list[Any]]) -> int:
        cur.executemany(self.sql(sql), rows)
        return cur.rowcount

    # -- transactions --------------------------------------------------------------------------
    @contextlib.contextmanager
    def transaction(self, *, lock: int | None = None) -> Iterator[Tx]:
        """One write transaction; `lock` (an advisory key) is taken first, before any statement."""
        with self._lock, self._guard():
            cur = self._cursor()
            cur.execute(self.begin_write)
            try:
                tx = Tx(self, cur)
                if lock is not None:
                    self._take_lock(tx, lock)
                yield tx
                cur.execute("COMMIT")
            except BaseException:
                with contextlib.suppress(Exception):
                    cur.execute("ROLLBACK")
                raise

    @contextlib.contextmanager
    def reading(self) -> Iterator[Tx]:
        """Statements outside a transaction (each sees everything committed before it starts)."""
        with self._lock, self._guard():
            yield Tx(self, self._cursor())

    def _migrate(self) -> None:
        with self.transaction(lock=MIGRATION_LOCK) as tx:
            tx.run("CREATE TABLE IF NOT EXISTS mesh_migrations (version INTEGER PRIMARY KEY,"
                   " applied_at TEXT NOT NULL)")
            current = tx.one("SELECT coalesce(max(version), 0) FROM mesh_migrations")[0]
            for version, statements in MIGRATIONS:
                if version <= current:
                    continue
                for statement in statements:
                    tx.run(statement.format(seq=self.seq_type))
                tx.run("INSERT INTO mesh_migrations (version, applied_at) VALUES (?, ?)",
                       [version, _now()])
                logger.info("mesh schema migrated to version %d (%s)", version, self.backend)

    def schema_version(self) -> int:
        with self.reading() as tx:
            return tx.one("SELECT coalesce(max(version), 0) FROM mesh_migrations")[0]

    # -- events --------------------------------------------------------------------------------
    def insert_events(self, events: list[Event]) -> list[str]:
        """Store each event unless its id is already held; `accepted` or `duplicate` per event.
        No identity checks: the API goes through sync.mesh.ingest, which calls `insert_rows`."""
        if not events:
            return []
        with self.transaction(lock=FEED_LOCK) as tx:
            return self.insert_rows(tx, events)

    @staticmethod
    def insert_rows(tx: Tx, events: list[Event]) -> list[str]:
        """Insert inside a transaction that holds FEED_LOCK; `accepted` or `duplicate` per event
        (one statement per event: each says whether its id was already held)."""
        returned = tx.insert_returning(INSERT_EVENT + " RETURNING seq", event_rows(events, _now()))
        return [ACCEPTED if row is not None else DUPLICATE for row in returned]

    @staticmethod
    def insert_new_rows(tx: Tx, events: list[Event]) -> list[str]:
        """Insert events the caller found new (ids not held, under FEED_LOCK: sync.mesh.ingest) in one
        batched statement (SQLite: executemany; PostgreSQL: multi-row INSERTs); `accepted` or
        `duplicate` per event. Should the database hold one of them after all (the count of inserted
        rows says so), the batch is rolled back to its savepoint and inserted event by event
        (`insert_rows`), which tells which."""
        if not events:
            return []
        tx.run("SAVEPOINT new_rows")
        inserted = tx.insert_many(INSERT_EVENT, event_rows(events, _now()))
        if inserted == len(events):
            tx.run("RELEASE SAVEPOINT new_rows")
            return [ACCEPTED] * len(events)
        logger.warning("a batch insert met %d id(s) already held; inserting one by one",
                       len(events) - inserted)
        tx.run("ROLLBACK TO SAVEPOINT new_rows")
        tx.run("RELEASE SAVEPOINT new_rows")
        return MeshStorage.insert_rows(tx, events)

    def feed(self, site: str, after: int = 0, limit: int = 100,
             max_bytes: int | None = None) -> FeedPage:
        """The site's events with cursor > `after`, oldest first, at most `limit` and, with
        `max_bytes`, no more than that many bytes of payload (plus FEED_ROW_OVERHEAD per event) —
        always at least one event. The sizes are read first (no payloads), then only the rows that fit:
        a page never loads more than it serves."""
        with self.reading() as tx:
            if max_bytes is None:
                rows = tx.all(
                    f"SELECT seq, {EVENT_COLUMNS}"
                    " FROM mesh_events WHERE site = ? AND seq > ? ORDER BY seq LIMIT ?",
                    [site, after, limit + 1])
                has_more = len(rows) > limit
                rows = rows[:limit]
            else:
                sizes = tx.all(f"SELECT seq, {self.payload_bytes_sql} FROM mesh_events"
                               " WHERE site = ? AND seq > ? ORDER BY seq LIMIT ?",
                               [site, after, limit + 1])
                taken, total = 0, 0
                for _seq, size in sizes[:limit]:
                    total += int(size or 0) + FEED_ROW_OVERHEAD
                    if taken and total > max_bytes:
                        break
                    taken += 1
                has_more = len(sizes) > taken
                rows = tx.all(
                    f"SELECT seq, {EVENT_COLUMNS} FROM mesh_events WHERE site = ? AND seq > ?"
                    " AND seq <= ? ORDER BY seq", [site, after, sizes[taken - 1][0]]) if taken else []
        events = [event_dict(r[1:]) for r in rows]
        return FeedPage(events=events, next_cursor=rows[-1][0] if rows else after, has_more=has_more,
                        cursors=[r[0] for r in rows])

    def site_heads(self, sites: list[str]) -> dict[str, int]:
        """The newest feed cursor of each site (0 for a site without events): what a live stream
        (sync.mesh.streams) tells terminals. One indexed max per site (`mesh_events_site_seq`)."""
        if not sites:
            return {}
        with self.reading() as tx:
            return {site: int(tx.one("SELECT coalesce(max(seq), 0) FROM mesh_events WHERE site = ?",
                                     [site])[0]) for site in sites}

    def terminal_events(self, terminal: str) -> list[Event]:
        """One terminal's signed events as stored (erased ones with an empty payload), in chain order."""
        with self.reading() as tx:
            rows = tx.all(f"SELECT {EVENT_COLUMNS} FROM mesh_events WHERE terminal = ?"
                          " AND chain_seq IS NOT NULL ORDER BY chain_seq", [terminal])
        return [Event.from_dict(event_dict(r)) for r in rows]

    def stats(self, sites: frozenset[str] | set[str] | None = None) -> dict[str, Any]:
        """Distinct events held, per site, and the newest cursor; with `sites`, of those sites only
        (an operator scoped to some sites)."""
        where, params = "", []
        if sites is not None:
            if not sites:
                return {"events": 0, "sites": {}, "terminals": 0, "last_cursor": 0}
            where = f" WHERE site IN ({','.join('?' * len(sites))})"
            params = sorted(sites)
        with self.reading() as tx:
            counts = {site: count for site, count in tx.all(
                f"SELECT site, count(*) FROM mesh_events{where} GROUP BY site ORDER BY site", params)}
            total, terminals, last = tx.one("SELECT count(*), count(DISTINCT terminal),"
                                            f" coalesce(max(seq), 0) FROM mesh_events{where}", params)
        return {"events": total, "sites": counts, "terminals": terminals, "last_cursor": last}

    def ping(self) -> bool:
        try:
            with self.reading() as tx:
                return tx.one("SELECT 1")[0] == 1
        except Exception:  # noqa: BLE001 - health answers "error", it does not fail
            return False

    def close(self) -> None:
        with self._lock:
            self._conn.close()


def event_rows(events: list[Event], received: str) -> list[list[Any]]:
    """The INSERT_EVENT parameters of each event (its payload's canonical bytes made once per event)."""
    return [[e.id, e.kind, e.site, e.terminal, e.staff, e.created_at, e.schema_version,
             e.payload_bytes().decode("utf-8"), received,
             *((e.auth["seq"], e.auth["prev_hash"], e.auth["signature"], e.auth.get("v", 1))
               if e.auth else (None, None, None, None)),
             e.payload_hash(), received if e.redacted else None] for e in events]


def event_dict(row: tuple) -> dict[str, Any]:
    """The wire form of a stored event row (EVENT_COLUMNS): an erased payload is served as {}."""
    (event_id, kind, site, terminal, staff, created_at, version, payload, seq, prev, sig, sig_version,
     digest, redacted_at) = row
    out: dict[str, Any] = {"id": event_id, "kind": kind, "site": site, "terminal": terminal,
                           "staff": staff, "created_at": created_at, "schema_version": version,
                           "payload": {} if redacted_at is not None else json.loads(payload)}
    if seq is not None:
        auth: dict[str, Any] = {"seq": seq, "prev_hash": prev, "signature": sig}
        if (sig_version or 1) >= 2:
            auth = {"v": sig_version, **auth, "payload_hash": digest}
        out["auth"] = auth
    if redacted_at is not None:
        out["redacted"] = True
    return out


class SqliteMeshStorage(MeshStorage):
    """The mesh on one SQLite file: WAL, durable commits (an acknowledgement means it is on disk)."""

    backend = "sqlite"

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # wait for a lock from the first statement on: switching to WAL takes one too, and a mesh
        # process opening the database while another migrates must wait, not fail
        conn = sqlite3.connect(str(self.path), isolation_level=None, check_same_thread=False,
                               timeout=10.0)
        _switch_to_wal(conn)
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA secure_delete=ON")  # an erased payload's bytes are zeroed, not left free
        super().__init__(conn)

    def scrub_erased(self) -> None:
        """Copy the pages with erased payloads into the database file and empty the WAL, where the
        old page images still held them (TRUNCATE waits for readers up to the lock timeout; a busy
        mesh that cannot get there leaves it to the next redaction or to SQLite's own checkpoint)."""
        with self._lock, self._guard():
            busy, _, _ = self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if busy:
            logger.info("WAL checkpoint after a redaction was blocked by a reader; left for later")


def _switch_to_wal(conn: sqlite3.Connection, patience_s: float = 10.0) -> None:
    """PRAGMA journal_mode=WAL, again while another opener holds the database. Two connections
    switching a new file at once both hold a shared lock and want an exclusive one: SQLite answers one
    of them "database is locked" at once, without its busy timeout (it would be a deadlock)."""
    deadline = time.monotonic() + patience_s
    while True:
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
