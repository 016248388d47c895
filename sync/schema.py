"""The terminal database's sync schema, as sqlite-utils Migrations (set name `kazasu.sync`).

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

from sync.errors import SyncError
from sync.sqlite_db import Database, Migrations

MIGRATION_SET = "kazasu.sync"
STATE_PENDING = "pending"
STATE_ACKNOWLEDGED = "acknowledged"

migrations = Migrations(MIGRATION_SET)


@migrations(name="0001_events_and_outbox")
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


@migrations(name="0002_remote_events_and_sync_state")
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


@migrations(name="0003_signed_chain")
def add_signed_chain(db: Database) -> None:
    """The signed envelope of events appended after enrolment (see sync.signing): per-terminal chain."""
    for column in ("chain_seq INTEGER", "prev_hash TEXT", "signature TEXT", "chain_hash TEXT"):
        db.execute(f"ALTER TABLE events ADD COLUMN {column}")
    db.execute("CREATE UNIQUE INDEX events_chain_seq ON events (chain_seq) WHERE chain_seq IS NOT NULL")


@migrations(name="0004_payload_hash_and_erasure")
def add_payload_hash_and_erasure(db: Database) -> None:
    """Signing version 2 (payload hash) and erased payloads (redaction, purge after retention)."""
    for column in ("sig_version INTEGER", "payload_hash TEXT", "redacted_at TEXT", "erased_by TEXT"):
        db.execute(f"ALTER TABLE events ADD COLUMN {column}")
    for column in ("payload_hash TEXT", "redacted_at TEXT", "erased_by TEXT"):
        db.execute(f"ALTER TABLE remote_events ADD COLUMN {column}")


@migrations(name="0005_quarantine_positions_lost")
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


def apply(db: Database) -> None:
    """Bring the database up to the newest schema (idempotent).

    All pending migrations run in ONE transaction with their records in `_sqlite_migrations`: when one
    fails (a full disk, a bug), everything is rolled back and the data folder stays exactly as the
    older kazasu left it, which can still open it (sqlite-utils alone commits each migration apart,
    so a failure in the second of two would leave a half-upgraded database)."""
    migrations.ensure_migrations_table(db)
    pending = migrations.pending(db)
    if not pending:
        return
    try:
        with db.atomic():
            for migration in pending:
                migration.fn(db)
                migrations._record_applied(db, migration.name)  # what Migrations.apply records, per step
    except Exception as exc:
        raise SchemaUpgradeError(migration.name, exc) from exc


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
