"""The terminal database's sync schema, as sqlite-utils migrations (set name `kazasu.sync`, recorded in
its `_sqlite_migrations` table). `apply` reads that table with plain SQL and loads sqlite-utils only
when a migration is pending (a new or older data folder), not at every start.

Tables:
- `events`: one row per event; `payload` is the AES-GCM blob (see sync.crypto), everything else clear
  (ids, kinds, site, terminal, staff id and time are needed to route and order without the key).
- `outbox`: one row per event, its delivery state: `pending` → `acknowledged` (the mesh holds it).
  A rejected event stays `pending`, with `rejections` counted and the mesh's reason in `last_error`.
- `events.chain_seq/prev_hash/signature/chain_hash` (0003): the signed envelope of an enrolled terminal's
  events, a hash chain numbered without gaps (unique `chain_seq`).
- `remote_events`: events of the site's other terminals pulled from the mesh feed (payload encrypted
  like `events.payload`), with the feed position they came at; `sync_state`: key/value (feed cursors).
- `events.sig_version/payload_hash`, `events.redacted_at/erased_by` and the same erase columns on
  `remote_events` (0004): signing version 2 signs the payload's SHA-256 (stored beside it), so a payload
  erased by a `sync.redaction` event or by the retention purge (`payload` then an empty blob,
  `redacted_at` set, `erased_by` = `redaction:<id>` or `purge`) leaves a receipt whose chain still verifies.
- 0005: `events.quarantined` / `remote_events.quarantined` (the reason a payload could not be
  decrypted: the row is set aside and reads back as an erased receipt, every other event flows),
  `events.feed_cursor` (the feed position the mesh gave an own event, learnt when pulling: a close-out
  covers what the closing terminal had seen by feed position), and `lost_events` (own events this
  terminal wrote but no longer holds: found missing against the write journal or in the mesh's feed).
New migrations are appended, never edited.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from sync.errors import SyncError

MIGRATION_SET = "kazasu.sync"
MIGRATIONS_TABLE = "_sqlite_migrations"   # sqlite-utils' record of the applied migrations
STATE_PENDING = "pending"
STATE_ACKNOWLEDGED = "acknowledged"

Database = Any   # the migrations are given sqlite-utils' Database (sync.sqlite_db.sqlite_utils_database)


@dataclass(frozen=True)
class Migration:
    name: str
    fn: Callable[[Database], None]


MIGRATIONS: list[Migration] = []   # in the order they are applied


def migration(*, name: str) -> Callable[[Callable[[Database], None]], Callable[[Database], None]]:
    def add(fn: Callable[[Database], None]) -> Callable[[Database], None]:
        MIGRATIONS.append(Migration(name, fn))
        return fn
    return add


@migration(name="0001_events_and_outbox")
def create_events_and_outbox(db: Database) -> None:
    db.execute("""
        CREATE TABLE events (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            site TEXT NOT NULL,
            terminal TEXT NOT NULL,
            staff TEXT NOT NULL,
            created_at TEXT NOT NULL,
            schema_version INTEGER NOT NULL,
            payload BLOB NOT NULL
        )""")
    db.execute("""
        CREATE TABLE outbox (
            event_id TEXT PRIMARY KEY REFERENCES events(id),
            state TEXT NOT NULL CHECK (state IN ('pending', 'acknowledged')),
            rejections INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            updated_at TEXT NOT NULL,
            acknowledged_at TEXT
        )""")
    db.execute("CREATE INDEX outbox_state_event ON outbox (state, event_id)")


@migration(name="0002_remote_events_and_sync_state")
def create_remote_events(db: Database) -> None:
    """Events of the site's other terminals pulled from the mesh feed, and the feed cursor."""
    db.execute("""
        CREATE TABLE remote_events (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            site TEXT NOT NULL,
            terminal TEXT NOT NULL,
            staff TEXT NOT NULL,
            created_at TEXT NOT NULL,
            schema_version INTEGER NOT NULL,
            payload BLOB NOT NULL,
            feed_cursor INTEGER NOT NULL,
            received_at TEXT NOT NULL
        )""")
    db.execute("CREATE INDEX remote_events_site_cursor ON remote_events (site, feed_cursor)")
    db.execute("CREATE TABLE sync_state (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


@migration(name="0003_signed_chain")
def add_signed_chain(db: Database) -> None:
    """The signed envelope of events appended after enrolment (see sync.signing): per-terminal chain."""
    for column in ("chain_seq INTEGER", "prev_hash TEXT", "signature TEXT", "chain_hash TEXT"):
        db.execute(f"ALTER TABLE events ADD COLUMN {column}")
    db.execute("CREATE UNIQUE INDEX events_chain_seq ON events (chain_seq) WHERE chain_seq IS NOT NULL")


@migration(name="0004_payload_hash_and_erasure")
def add_payload_hash_and_erasure(db: Database) -> None:
    """Signing version 2 (payload hash) and erased payloads (redaction, purge after retention)."""
    for column in ("sig_version INTEGER", "payload_hash TEXT", "redacted_at TEXT", "erased_by TEXT"):
        db.execute(f"ALTER TABLE events ADD COLUMN {column}")
    for column in ("payload_hash TEXT", "redacted_at TEXT", "erased_by TEXT"):
        db.execute(f"ALTER TABLE remote_events ADD COLUMN {column}")


@migration(name="0005_quarantine_positions_lost")
def add_quarantine_positions_lost(db: Database) -> None:
    """Quarantined payloads, feed positions of own events, and own events found lost."""
    db.execute("ALTER TABLE events ADD COLUMN quarantined TEXT")
    db.execute("ALTER TABLE events ADD COLUMN feed_cursor INTEGER")
    db.execute("ALTER TABLE remote_events ADD COLUMN quarantined TEXT")
    for table in ("events", "remote_events"):  # counted every pass: only the rare set-aside rows
        db.execute(f"CREATE INDEX {table}_quarantined ON {table} (id) WHERE quarantined IS NOT NULL")
    db.execute("""
        CREATE TABLE lost_events (
            id TEXT PRIMARY KEY,
            kind TEXT,
            chain_seq INTEGER,
            source TEXT NOT NULL,
            detected_at TEXT NOT NULL,
            restored_at TEXT
        )""")


def applied(conn) -> set[str]:
    """The names of this set's migrations the database records as applied (a sqlite3 connection)."""
    if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                    [MIGRATIONS_TABLE]).fetchone() is None:
        return set()
    return {row[0] for row in conn.execute(f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ?",
                                           [MIGRATION_SET])}


def apply(db) -> None:
    """Bring the database (sync.sqlite_db.Database) up to the newest schema (idempotent).

    All pending migrations run in ONE transaction with their records in `_sqlite_migrations`: when one
    fails (a full disk, a bug), everything is rolled back and the data folder stays exactly as the
    older kazasu left it, which can still open it (sqlite-utils alone commits each migration apart,
    so a failure in the second of two would leave a half-upgraded database)."""
    done = applied(db.conn)
    if all(step.name in done for step in MIGRATIONS):
        return   # the usual start: nothing to upgrade, sqlite-utils is not loaded
    # lazy: sqlite-utils (about 50 ms) loads only when the schema is upgraded
    from sync.sqlite_db import sqlite_utils_database, sqlite_utils_migrations

    upgrade = sqlite_utils_database(db)
    record = sqlite_utils_migrations()(MIGRATION_SET)
    record.ensure_migrations_table(upgrade)
    done = applied(db.conn)
    pending = [step for step in MIGRATIONS if step.name not in done]
    if not pending:
        return
    step = pending[0]
    try:
        with upgrade.atomic():
            for step in pending:
                step.fn(upgrade)
                record._record_applied(upgrade, step.name)  # what Migrations.apply records, per step
    except Exception as exc:
        raise SchemaUpgradeError(step.name, exc) from exc


class SchemaUpgradeError(SyncError, RuntimeError):
    """An upgrade of the data folder's database failed; nothing of it was kept."""

    code = "schema_upgrade_failed"

    def __init__(self, migration: str, cause: BaseException) -> None:
        self.migration = migration
        super().__init__(
            f"Upgrading the data ({migration}) failed and was rolled back: the data is as it was "
            "before, nothing is lost. Check the free disk space and start again; if it fails "
            "again, go back to the previous kazasu version and tell the administrator.",
            message_ja=f"データの更新（{migration}）に失敗したため、元に戻しました。データは更新前のまま"
            "失われていません。空き容量を確認してもう一度起動し、直らなければ前の版の kazasu に戻して"
            "管理者に連絡してください。")
        self.args = (f"schema migration {migration} failed ({type(cause).__name__}); rolled back",)

    def details(self) -> dict:
        return {"migration": self.migration}
