"""EventStore: the terminal's events and outbox in one SQLite file (sync.sqlite_db, sync.schema).

Every write is a durable commit (WAL, `synchronous=FULL`): when `append` returns, the event survives a
power cut. `append` writes the event, its outbox row and the caller's local state change (`effect(db)`)
in ONE transaction; if the effect raises, nothing is written. Payloads are encrypted at rest
(sync.crypto) with the data folder's key (sync.keys), and so are the payloads of the site's other
terminals pulled from the mesh feed (`remote_events`, with the stored feed cursor). Each thread gets its
own connection, so the sync thread and the UI thread never share one.

`redact(...)` appends one `sync.redaction` event and erases the payloads it names (own events and pulled
copies) in the same transaction; pulled redaction events of other terminals are applied the same way.
An erased event keeps its receipt (id, kind, site, times, delivery state, signature and payload hash)
and reads back with `payload == {}` and `redacted == True`. `purge()` erases the same way the payloads of
events the mesh acknowledged (and pulled copies received) longer than the retention ago. Files named by
an erased event's id in the data folder's `print/` (its printed forms) are removed with it.

Nothing is lost without a word: the key is checked at open against a check value stored in the database
(`key_invalid` before anything is written with a wrong key); a payload that does not decrypt is
quarantined with its reason (it reads back, and is sent, as an erased receipt, so every other event
flows); every own write is also noted in a journal outside the database (sync.journal), and at open
the events it names that the database lost are recorded in `lost_events`, as are own events the mesh's
feed holds that the database does not. A full disk and a damaged file are `disk_full` and
`database_corrupt`, not an internal error.

Listeners (`listen(callback)`) are told of every change the store made, as a `StoreChange` (own
events appended, or events of other terminals pulled, with their ids and kinds, and how many payloads
a pulled redaction erased) — only AFTER its transaction committed, on the thread that wrote it, and
never for a write that rolled back. The kiosk's open desks update from them (kiosk.shell.sync_service).
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import functools
import json
import logging
import sqlite3
import threading
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Callable, Iterator

from sync import redaction, schema
from sync.crypto import PayloadCipher
from sync.errors import (
    DecryptionError,
    EventValidationError,
    KeyInvalidError,
    TerminalRevokedHereError,
    storage_error,
)
from sync.events import Event, canonical_json, new_uuid7, payload_hash, utc_now_iso
from sync.journal import WriteJournal
from sync.keys import LoadedKey, load_key
from sync.signing import GENESIS_HASH, TerminalIdentity
from sync.sqlite_db import Database

logger = logging.getLogger(__name__)

Effect = Callable[[Database], Any]
_SQL_CHUNK = 500
_COLUMNS = ("id, kind, site, terminal, staff, created_at, schema_version, payload, chain_seq, prev_hash,"
            " signature, sig_version, payload_hash, redacted_at, quarantined")
_ERASED = b""  # the payload column of an erased event
DEFAULT_RETENTION_DAYS = 30
PURGE_EVERY = 600.0  # seconds between purges run by purge_if_due (the background sync's step)
AUTO = object()  # EventStore(identity=AUTO): the data folder's enrolled identity, if there is one
ATTACHMENTS = "print"  # <data-dir>/print/<event-id>.pdf: an event's printed form, erased with its payload
KEY_CHECK = "key_check"  # sync_state: the at-rest key's check value (a fixed text encrypted with it)
KEY_CHECK_TEXT = b"kazasu at-rest key check v1"
KEY_SAMPLES = 8  # a database without a check value: this many payloads tried before it is trusted
LOST_REASONS = {
    "journal": "lost: written by this terminal (write journal) but missing from its database",
    "mesh": "lost: the mesh holds it (its feed), this terminal's database does not"}
JOURNAL_CHECKED = "journal_checked"  # sync_state: the write journal's offset checked so far
QUARANTINE_REASON = ("decryption_failed: the payload does not decrypt with this terminal's key (the"
                     " record was damaged or altered); set aside, sent as a receipt without it")


@dataclasses.dataclass(frozen=True)
class StoreChange:
    """What a committed write changed: `source` "own" (appended here) or "pulled" (the site's feed)."""

    source: str
    ids: tuple[str, ...]
    kinds: frozenset[str]
    erased: int = 0  # payloads erased by pulled redactions

    def touches(self, prefix: str) -> bool:
        """Whether an event of a kind starting with `prefix` (or any erasure) is in the change."""
        return self.erased > 0 or any(kind.startswith(prefix) for kind in self.kinds)


def _typed_storage_errors(method):
    """Turn a full disk or a damaged database file into `disk_full` / `database_corrupt`."""
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except (sqlite3.DatabaseError, OSError) as exc:
            typed = storage_error(exc, str(self.path))
            if typed is None:
                raise
            logger.error("store %s: %s (%s)", method.__name__, typed.code, type(exc).__name__)
            raise typed from exc
    return wrapper


class EventStore:
    """Events + outbox. `EventStore(data_dir / "kazasu.db")`; the key file sits beside the database."""

    def __init__(self, path: Path | str, *, key: bytes | None = None, identity: Any = AUTO) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._open(key, identity)

    @_typed_storage_errors
    def _open(self, key: bytes | None, identity: Any) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if key is None:
            self.key_info = load_key(self.path.parent, has_data=_holds_events(self.path))
        else:
            self.key_info = LoadedKey(key, "given")
        self._cipher = PayloadCipher(self.key_info.key)
        self.identity: TerminalIdentity | None = (
            TerminalIdentity.load(self.path.parent) if identity is AUTO else identity)
        self._chain_lock = threading.RLock()  # one chain position per signed append
        # the role redactions are made for (sync.redaction): the kiosk shell sets the signed-in staff
        # member's role (None while nobody is); the command line is run by whoever administers the
        # terminal (it can read the terminal's key anyway) and acts as admin
        self.staff_role: str | None = "admin"
        self._last_purge: float | None = None
        self._listeners: list[Callable[[StoreChange], None]] = []
        self.journal = WriteJournal(self.path.with_name(self.path.stem + ".writes"))
        schema.apply(self.db)
        self._check_key()
        self.check_journal()

    # -- listeners -----------------------------------------------------------------------------
    def listen(self, callback: Callable[[StoreChange], None]) -> Callable[[], None]:
        """Call `callback(change)` after every committed change; returns the way to stop."""
        self._listeners.append(callback)

        def stop() -> None:
            with contextlib.suppress(ValueError):
                self._listeners.remove(callback)
        return stop

    def _tell_later(self, change: StoreChange) -> None:
        """Hold `change` until this thread's transaction has committed, then tell the listeners."""
        if not change.ids and not change.erased:
            return
        waiting = getattr(self._local, "untold", None)
        if waiting is None:
            waiting = self._local.untold = []
        waiting.append(change)
        self._tell()

    def _tell(self) -> None:
        waiting = getattr(self._local, "untold", None)
        if not waiting or self.db.conn.in_transaction:
            return
        self._local.untold = []
        for change in waiting:
            for callback in list(self._listeners):
                try:
                    callback(change)
                except Exception:  # noqa: BLE001 - a broken listener must not fail a write
                    logger.exception("store listener failed")

    # -- connections ---------------------------------------------------------------------------
    @property
    def db(self) -> Database:
        """This thread's connection (opened on first use with the durability settings)."""
        db = getattr(self._local, "db", None)
        if db is None:
            db = Database(self.path)
            db.execute("PRAGMA busy_timeout=5000")  # first: switching to WAL takes a lock too
            db.enable_wal()
            db.execute("PRAGMA synchronous=FULL")
            db.execute("PRAGMA foreign_keys=ON")
            db.execute("PRAGMA secure_delete=ON")  # an erased payload's bytes are zeroed, not left free
            self._local.db = db
        return db

    def scrub_erased(self, wait_ms: int | None = None) -> bool:
        """After payloads were erased (redact, a pulled redaction): copy the WAL into the database and
        empty it, so their old page images leave the files too. `wait_ms` bounds the wait for another
        connection (the sync thread) to let go; when it does not, nothing happens and False comes back
        (the next scrub, or SQLite's own checkpoint, catches up). Call it outside a transaction."""
        db = self.db
        (before,) = db.execute("PRAGMA busy_timeout").fetchone()
        if wait_ms is not None:
            db.execute(f"PRAGMA busy_timeout = {int(wait_ms)}")
        try:
            busy, _, _ = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        except sqlite3.OperationalError:  # locked
            return False
        finally:
            db.execute(f"PRAGMA busy_timeout = {int(before)}")
        return not busy

    def close(self) -> None:
        """Close this thread's connection (other threads close their own)."""
        db = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Database]:
        """One transaction around several appends (bulk import, seeding): one durable commit."""
        try:
            with self.db.atomic() as db:
                yield db
        except BaseException as exc:
            if not self.db.conn.in_transaction:
                self._local.untold = []  # rolled back: pulled changes held for the commit never were
            if not isinstance(exc, (sqlite3.DatabaseError, OSError)):
                raise
            typed = storage_error(exc, str(self.path))
            if typed is None:
                raise
            raise typed from exc
        finally:
            if not self.db.conn.in_transaction:
                self._journal_flush()  # own appends: only those the database holds are told
                self._tell()

    # -- writing -------------------------------------------------------------------------------
    def append(self, kind: str, payload: dict[str, Any], *, site: str, terminal: str, staff: str,
               effect: Effect | None = None) -> Event:
        """Write a new event, its outbox row and `effect(db)` atomically; return the event.

        On an enrolled terminal (an identity) the event is signed and takes the next chain position.
        """
        if self.identity is not None and terminal != self.identity.terminal_id:
            raise EventValidationError("terminal does not match this terminal's enrolled identity")
        if self.identity is not None and self.revoked_at() is not None:
            raise TerminalRevokedHereError(self.identity.terminal_id)
        try:
            event = self._append(kind, payload, site=site, terminal=terminal, staff=staff, effect=effect)
        except (sqlite3.DatabaseError, OSError) as exc:
            typed = storage_error(exc, str(self.path))
            if typed is None:
                raise
            logger.error("append %s failed: %s", kind, typed.code)
            raise typed from exc
        logger.debug("appended event %s (%s)", event.id, event.kind)
        return event

    def _append(self, kind: str, payload: dict[str, Any], *, site: str, terminal: str, staff: str,
                effect: Effect | None) -> Event:
        now = utc_now_iso()
        db = self.db
        with self._chain_lock, db.atomic():
            # the write lock first (waiting like any write): a read first would make this a read
            # transaction that cannot become a write one once another process has committed
            db.execute("UPDATE events SET id = id WHERE 0")
            event = Event.create(kind, payload, site=site, terminal=terminal, staff=staff)
            last_id = db.execute("SELECT max(id) FROM events").fetchone()[0]
            if last_id is not None and event.id <= last_id:  # this terminal's clock went back
                event = Event(**{**event.body(), "id": _id_after(last_id)})
            chain: list[Any] = [None, None, None, None, None]
            if self.identity is not None:
                event, chain = self._sign(db, event)
            blob = self._cipher.encrypt(event.id, event.kind, canonical_json(event.payload))
            db.execute(
                "INSERT INTO events (id, kind, site, terminal, staff, created_at, schema_version,"
                " payload, chain_seq, prev_hash, signature, chain_hash, sig_version, payload_hash)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [event.id, event.kind, event.site, event.terminal, event.staff, event.created_at,
                 event.schema_version, blob, *chain, payload_hash(event.payload)])
            db.execute("INSERT INTO outbox (event_id, state, updated_at) VALUES (?, ?, ?)",
                       [event.id, schema.STATE_PENDING, now])
            if effect is not None:
                effect(db)
        self._journal_later({"id": event.id, "kind": event.kind, "seq": chain[0]})
        return event

    # -- the write journal (sync.journal) ----------------------------------------------------------
    def _journal_later(self, entry: dict[str, Any]) -> None:
        """Note an appended event for the journal; written once its transaction has committed."""
        waiting = getattr(self._local, "unjournaled", None)
        if waiting is None:
            waiting = self._local.unjournaled = []
        waiting.append(entry)
        if not self.db.conn.in_transaction:
            self._journal_flush()

    def _journal_flush(self) -> None:
        """Write the noted entries whose events the database now holds (a rolled-back one is dropped)."""
        waiting = getattr(self._local, "unjournaled", None)
        if not waiting or self.db.conn.in_transaction:
            return
        self._local.unjournaled = []
        held: set[str] = set()
        ids = [e["id"] for e in waiting]
        for start in range(0, len(ids), _SQL_CHUNK):
            chunk = ids[start:start + _SQL_CHUNK]
            marks = ",".join("?" * len(chunk))
            held.update(r[0] for r in self.db.execute(
                f"SELECT id FROM events WHERE id IN ({marks})", chunk).fetchall())
        committed = [e for e in waiting if e["id"] in held]
        self.journal.record(committed)
        if committed:
            self._tell_later(StoreChange("own", tuple(e["id"] for e in committed),
                                         frozenset(str(e["kind"]) for e in committed)))

    def check_journal(self) -> list[str]:
        """Compare the write journal with the database: every journalled id the database does not hold
        is recorded as lost (`lost_events`, source `journal`). Returns the ids newly found lost."""
        checked = int(self._state(JOURNAL_CHECKED) or 0)
        entries, end = self.journal.read(checked)
        if end == checked and not entries:
            return []
        missing = self._absent([e["id"] for e in entries])
        now = utc_now_iso()
        found: list[str] = []
        with self.db.atomic() as db:
            for entry in entries:
                if entry["id"] in missing:
                    cur = db.execute(
                        "INSERT OR IGNORE INTO lost_events (id, kind, chain_seq, source, detected_at)"
                        " VALUES (?, ?, ?, 'journal', ?)",
                        [entry["id"], str(entry.get("kind") or "")[:100],
                         entry.get("seq") if isinstance(entry.get("seq"), int) else None, now])
                    if cur.rowcount:
                        found.append(entry["id"])
            self._set_state(db, JOURNAL_CHECKED, str(end))
        if found:
            logger.error("LOST WRITES: %d event(s) this terminal wrote are missing from its database:"
                         " %s", len(found), ", ".join(found[:20]))
        compacted = self.journal.compact(end)
        if compacted is not None:
            with self.db.atomic() as db:
                self._set_state(db, JOURNAL_CHECKED, str(compacted))
        return found

    def lost(self) -> list[dict[str, Any]]:
        """Own events this terminal wrote and no longer holds, oldest found first: `{"id", "kind",
        "chain_seq", "source" (journal: missing against the write journal; mesh: in the mesh's feed
        but not here), "detected_at"}`. No payload: there is none left to show."""
        rows = self.db.execute("SELECT id, kind, chain_seq, source, detected_at FROM lost_events"
                               " ORDER BY detected_at, chain_seq, id").fetchall()
        return [{"id": r[0], "kind": r[1], "chain_seq": r[2], "source": r[3], "detected_at": r[4]}
                for r in rows]

    def _absent(self, ids: list[str]) -> set[str]:
        absent = set(ids)
        unique = list(absent)
        for start in range(0, len(unique), _SQL_CHUNK):
            chunk = unique[start:start + _SQL_CHUNK]
            marks = ",".join("?" * len(chunk))
            absent.difference_update(r[0] for r in self.db.execute(
                f"SELECT id FROM events WHERE id IN ({marks})", chunk).fetchall())
        return absent

    def _state(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM sync_state WHERE key = ?", [key]).fetchone()
        return row[0] if row else None

    @staticmethod
    def _set_state(db: Database, key: str, value: str) -> None:
        db.execute("INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET"
                   " value = excluded.value", [key, value])

    # -- the at-rest key's check value -----------------------------------------------------------
    def _check_key(self) -> None:
        """`key_invalid` unless the key decrypts the stored check value; a database without one (new,
        or written by an older kazasu) gets it once the key has decrypted one of its newest payloads
        (or when it holds none)."""
        stored = self._state(KEY_CHECK)
        if stored is not None:
            try:
                blob = base64.b64decode(stored, validate=True)
                if self._cipher.decrypt(KEY_CHECK, KEY_CHECK, blob) == KEY_CHECK_TEXT:
                    return
            except (DecryptionError, ValueError):
                pass
            raise KeyInvalidError(str(self.path.parent), self.key_info.store)
        samples = []
        for table in ("events", "remote_events"):
            samples += self.db.execute(
                f"SELECT id, kind, payload FROM {table} WHERE redacted_at IS NULL AND length(payload) > 0"
                f" AND quarantined IS NULL ORDER BY id DESC LIMIT {KEY_SAMPLES}").fetchall()
        if samples and not any(self._decrypts(*row) for row in samples):
            raise KeyInvalidError(str(self.path.parent), self.key_info.store)
        check = base64.b64encode(self._cipher.encrypt(KEY_CHECK, KEY_CHECK, KEY_CHECK_TEXT)).decode()
        with self.db.atomic() as db:
            db.execute("INSERT OR IGNORE INTO sync_state (key, value) VALUES (?, ?)", [KEY_CHECK, check])

    def _decrypts(self, event_id: str, kind: str, blob: bytes) -> bool:
        try:
            self._cipher.decrypt(event_id, kind, blob)
            return True
        except DecryptionError:
            return False

    # -- quarantine --------------------------------------------------------------------------------
    def _quarantine(self, table: str, event_id: str, reason: str) -> None:
        """Set a row whose payload does not decrypt aside (its blob is kept, for a recovery with the
        original key): from now on it reads back as an erased receipt."""
        db = self.db
        try:
            with db.atomic():
                db.execute(f"UPDATE {table} SET quarantined = ? WHERE id = ? AND quarantined IS NULL",
                           [reason, event_id])
        except sqlite3.OperationalError as exc:  # a read-only moment: it is found again next time
            logger.warning("could not mark %s quarantined (%s)", event_id, type(exc).__name__)
        logger.error("quarantined event %s (%s): its payload does not decrypt", event_id, table)

    def quarantined(self) -> list[dict[str, Any]]:
        """Events whose payload could not be decrypted and was set aside: `{"id", "kind", "created_at",
        "terminal", "table" (events: own; remote_events: pulled), "reason"}`."""
        out = []
        for table in ("events", "remote_events"):
            for row in self.db.execute(f"SELECT id, kind, created_at, terminal, quarantined FROM {table}"
                                       " WHERE quarantined IS NOT NULL ORDER BY id").fetchall():
                out.append({"id": row[0], "kind": row[1], "created_at": row[2], "terminal": row[3],
                            "table": table, "reason": row[4]})
        return out

    def undecryptable(self, limit: int | None = None) -> list[dict[str, Any]]:
        """Read-only check (kazasu doctor): every stored payload that is neither erased nor already
        quarantined, tried with the key; the ones that fail, `{"id", "kind", "table"}`."""
        bad: list[dict[str, Any]] = []
        for table in ("events", "remote_events"):
            cursor = self.db.execute(f"SELECT id, kind, payload FROM {table} WHERE redacted_at IS NULL"
                                     " AND quarantined IS NULL AND length(payload) > 0")
            for event_id, kind, blob in cursor:
                if not self._decrypts(event_id, kind, blob):
                    bad.append({"id": event_id, "kind": kind, "table": table})
                    if limit is not None and len(bad) >= limit:
                        return bad
        return bad

    def _sign(self, db: Database, event: Event) -> tuple[Event, list[Any]]:
        """The event with its signed envelope at the next chain position, and the chain columns."""
        assert self.identity is not None
        last = db.execute("SELECT chain_seq, chain_hash FROM events WHERE chain_seq IS NOT NULL"
                          " ORDER BY chain_seq DESC LIMIT 1").fetchone()
        seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS_HASH)
        auth, entry_hash = self.identity.sign(event.body(), seq, prev)
        return (Event(**event.body(), auth=auth),
                [seq, prev, auth["signature"], entry_hash, auth.get("v", 1)])

    def sign_pending_unsigned(self) -> int:
        """After enrolment: sign this terminal's pending unsigned events (id order) into the chain.

        The event bodies do not change; each gets the envelope it would have had if the terminal had
        been enrolled when it was written. Returns how many were signed.
        """
        if self.identity is None:
            return 0
        signed = 0
        with self._chain_lock, self.db.atomic() as db:
            rows = db.execute(
                "SELECT e.id FROM outbox o JOIN events e ON e.id = o.event_id WHERE o.state = ?"
                " AND e.chain_seq IS NULL AND e.terminal = ? ORDER BY e.id",
                [schema.STATE_PENDING, self.identity.terminal_id]).fetchall()
            for (event_id,) in rows:
                event, chain = self._sign(db, self.get(event_id))
                db.execute("UPDATE events SET chain_seq = ?, prev_hash = ?, signature = ?,"
                           " chain_hash = ?, sig_version = ? WHERE id = ?", [*chain, event_id])
                signed += 1
        logger.info("signed %d pending event(s) after enrolment", signed)
        return signed

    def mark_acknowledged(self, ids: list[str]) -> int:
        """Mark events the mesh holds; returns how many pending events changed state."""
        changed = 0
        now = utc_now_iso()
        with self.db.atomic() as db:
            for start in range(0, len(ids), _SQL_CHUNK):
                chunk = list(ids[start:start + _SQL_CHUNK])
                marks = ",".join("?" * len(chunk))
                cursor = db.execute(
                    f"UPDATE outbox SET state = ?, acknowledged_at = ?, updated_at = ?,"
                    f" last_error = NULL WHERE state = ? AND event_id IN ({marks})",
                    [schema.STATE_ACKNOWLEDGED, now, now, schema.STATE_PENDING, *chunk])
                changed += cursor.rowcount
                # a version-1 event covered by a redaction while pending: erase it now (see _erase)
                db.execute(f"UPDATE events SET payload = ?, redacted_at = ? WHERE redacted_at IS NULL"
                           f" AND erased_by IS NOT NULL AND id IN ({marks})", [_ERASED, now, *chunk])
        logger.info("acknowledged %d event(s)", changed)
        return changed

    def mark_rejected(self, reasons: dict[str, str]) -> int:
        """Record the mesh's reason for events it refused; they stay pending. Returns the count."""
        now = utc_now_iso()
        with self.db.atomic() as db:
            for event_id, reason in reasons.items():
                db.execute("UPDATE outbox SET rejections = rejections + 1, last_error = ?,"
                           " updated_at = ? WHERE event_id = ? AND state = ?",
                           [reason[:500], now, event_id, schema.STATE_PENDING])
        if reasons:
            logger.warning("mesh rejected %d event(s): %s", len(reasons), ", ".join(list(reasons)[:5]))
        return len(reasons)

    # -- revocation published by the municipality (sync.publications) -----------------------------
    def revoked_at(self) -> str | None:
        """When a signed revocation of this terminal arrived (None: not revoked). From then on it
        signs nothing: `append` refuses (`terminal_revoked_here`), what is queued stays queued."""
        return self._state("revoked_at")

    def mark_revoked(self, when: str) -> None:
        with self.db.atomic() as db:
            db.execute("INSERT OR IGNORE INTO sync_state (key, value) VALUES ('revoked_at', ?)", [when])
        logger.error("this terminal was revoked by the municipality: it signs no more records")

    # -- where the feed comes from (a shelter node or the municipal mesh) -----------------------
    def feed_base(self, site: str, source: str) -> int:
        """The offset of `source`'s feed positions in this terminal's own numbering of `site`'s feed.

        Positions are the feed's own while the terminal stays with one mesh (offset 0). When it moves
        (from a shelter node to the municipal mesh or back) the new source's feed is read from its
        start, its positions shifted past every position stored so far: stored positions and the
        cursor keep growing (the desks' folds read `remote_events(after=...)`), ids already held are
        skipped."""
        with self.db.atomic() as db:
            row = db.execute("SELECT value FROM sync_state WHERE key = ?",
                             [f"feed_source:{site}"]).fetchone()
            base_row = db.execute("SELECT value FROM sync_state WHERE key = ?",
                                  [f"feed_base:{site}"]).fetchone()
            base = int(base_row[0]) if base_row else 0
            if row is None:
                self._set_state(db, f"feed_source:{site}", source)
            elif row[0] != source:
                base = self.feed_cursor(site)
                self._set_state(db, f"feed_source:{site}", source)
                self._set_state(db, f"feed_base:{site}", str(base))
                logger.info("feed of %s now comes from another mesh: read from its start", site)
        return base

    # -- the site feed (events of the other terminals) -----------------------------------------
    def feed_cursor(self, site: str) -> int:
        """The mesh feed position this terminal has stored everything up to, for `site` (0: none)."""
        row = self.db.execute("SELECT value FROM sync_state WHERE key = ?",
                              [_cursor_key(site)]).fetchone()
        return int(row[0]) if row else 0

    def store_remote_events(self, site: str, events: list[tuple[int, Event]], cursor: int, *,
                            own: list[tuple[int, Event]] = ()) -> int:
        """Keep pulled events (encrypted) and move the site's cursor to `cursor`, in one transaction.

        `events` are (feed position, event); an id already held (pulled before, or an own event) is
        skipped. Returns how many were new. The cursor never moves back, so a replayed page changes
        nothing. `own` are this terminal's own events met in the feed: each one's feed position is
        noted on its row (a close-out covers what its writer had seen by feed position), and one the
        database does not hold is recorded as lost (`lost_events`, source `mesh`): the mesh has it,
        this terminal lost it.
        """
        now = utc_now_iso()
        added = 0
        erased = 0
        new: list[Event] = []
        with self.db.atomic() as db:
            lost = []
            for position, event in own:
                if not db.execute("UPDATE events SET feed_cursor = ? WHERE id = ?",
                                  [int(position), event.id]).rowcount:
                    seq = event.auth.get("seq") if event.auth else None
                    if db.execute("INSERT OR IGNORE INTO lost_events (id, kind, chain_seq, source,"
                                  " detected_at) VALUES (?, ?, ?, 'mesh', ?)",
                                  [event.id, event.kind, seq, now]).rowcount:
                        lost.append(event.id)
            if lost:
                logger.error("LOST WRITES: the mesh holds %d event(s) of this terminal that its database"
                             " does not: %s", len(lost), ", ".join(lost[:20]))
            held = set(_ids_in(db, "events", [e.id for _, e in events]))
            for position, event in events:
                if event.id in held:
                    continue
                blob = (_ERASED if event.redacted else
                        self._cipher.encrypt(event.id, event.kind, canonical_json(event.payload)))
                cur = db.execute(
                    "INSERT OR IGNORE INTO remote_events (id, kind, site, terminal, staff, created_at,"
                    " schema_version, payload, feed_cursor, received_at, payload_hash, redacted_at,"
                    " erased_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [event.id, event.kind, event.site, event.terminal, event.staff, event.created_at,
                     event.schema_version, blob, position, now, event.payload_hash(),
                     now if event.redacted else None, "mesh" if event.redacted else None])
                added += cur.rowcount
                if cur.rowcount:
                    new.append(event)
            for position, event in events:  # redactions of the site (other terminals'): erase here too
                if event.kind == redaction.KIND and event.site == site and not event.redacted:
                    try:
                        targets = redaction.parse(event.payload)
                    except EventValidationError as exc:
                        logger.warning("ignored a malformed redaction %s: %s", event.id, exc.reason)
                        continue
                    erased += self._erase(db, site, targets, event.id, writer=event.terminal,
                                          position=int(position))
            db.execute(
                "INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET"
                " value = excluded.value WHERE CAST(excluded.value AS INTEGER) > CAST(value AS INTEGER)",
                [_cursor_key(site), str(int(cursor))])
        if erased:
            self.remove_erased_attachments()
        self._tell_later(StoreChange("pulled", tuple(e.id for e in new),
                                     frozenset(e.kind for e in new), erased))
        return added

    def remote_events(self, site: str, limit: int = 1000, *, after: int = 0) -> list[Event]:
        """Pulled events of `site` in feed order, decrypted; `after` continues past a feed position."""
        rows = self.db.execute(
            "SELECT id, kind, site, terminal, staff, created_at, schema_version, payload, NULL, NULL,"
            " NULL, NULL, payload_hash, redacted_at, quarantined FROM remote_events WHERE site = ? AND"
            " feed_cursor > ? ORDER BY feed_cursor LIMIT ?",
            [site, int(after), int(limit)]).fetchall()
        return [self._event_from_row(row, "remote_events") for row in rows]

    # -- reading -------------------------------------------------------------------------------
    def pending(self, limit: int = 500, *, after: str | None = None) -> list[Event]:
        """Pending events in id (= time) order, decrypted; `after` continues past an event id.

        A quarantined event (its payload does not decrypt) comes as its erased receipt: the mesh
        takes it like an erased event (its signature covers the payload's hash), so the terminal's
        chain and every event after it flow."""
        return [self._event_from_row(row) for row in self._pending_rows(limit, after)]

    def _pending_rows(self, limit: int, after: str | None) -> list[tuple]:
        columns = ", ".join("e." + c.strip() for c in _COLUMNS.split(","))
        return self.db.execute(
            f"SELECT {columns} FROM outbox o JOIN events e ON e.id = o.event_id"
            " WHERE o.state = ? AND o.event_id > ? ORDER BY o.event_id LIMIT ?",
            [schema.STATE_PENDING, after or "", int(limit)]).fetchall()

    def pending_wire(self, limit: int = 500, *, after: str | None = None) -> list[tuple[str, bytes]]:
        """The events `pending` gives, each as (id, its wire JSON): the bytes of
        `canonical_json(event.to_dict())`, with the payload's decrypted bytes set in as stored (the
        canonical JSON `append` encrypted) instead of decoded and encoded again. An erased or
        quarantined event, or one whose payload does not decrypt, goes through `pending`'s own path."""
        out: list[tuple[str, bytes]] = []
        for row in self._pending_rows(limit, after):
            event_id, kind, blob, redacted_at, quarantined = row[0], row[1], row[7], row[13], row[14]
            payload: bytes | None = None
            if redacted_at is None and quarantined is None:
                try:
                    payload = self._cipher.decrypt(event_id, kind, blob)
                except DecryptionError:
                    payload = None  # _event_from_row quarantines it and gives its receipt
            if payload is None:
                out.append((event_id, canonical_json(self._event_from_row(row).to_dict())))
                continue
            envelope = Event(id=event_id, kind=kind, site=row[2], terminal=row[3], staff=row[4],
                             created_at=row[5], schema_version=row[6], auth=_auth_of(row))
            out.append((event_id, splice_payload(canonical_json(envelope.to_dict()), payload)))
        return out

    def get(self, event_id: str) -> Event | None:
        """One own event, decrypted (a quarantined one as its erased receipt); None if not held."""
        row = self.db.execute(f"SELECT {_COLUMNS} FROM events WHERE id = ?", [event_id]).fetchone()
        return self._event_from_row(row) if row else None

    def last_error(self, event_id: str) -> tuple[int, str | None]:
        """(rejections, last reason) of one event's outbox row."""
        row = self.db.execute("SELECT rejections, last_error FROM outbox WHERE event_id = ?",
                              [event_id]).fetchone()
        return (row[0], row[1]) if row else (0, None)

    def status(self) -> dict[str, int]:
        """Counts: `pending`, `acknowledged`, `total`, and `rejected` (pending, last refused)."""
        counts = dict(self.db.execute("SELECT state, count(*) FROM outbox GROUP BY state").fetchall())
        rejected = self.db.execute("SELECT count(*) FROM outbox WHERE state = ? AND last_error IS NOT"
                                   " NULL", [schema.STATE_PENDING]).fetchone()[0]
        pending = counts.get(schema.STATE_PENDING, 0)
        acknowledged = counts.get(schema.STATE_ACKNOWLEDGED, 0)
        return {"pending": pending, "acknowledged": acknowledged, "total": pending + acknowledged,
                "rejected": rejected}

    def problems(self) -> dict[str, int]:
        """What must not pass unnoticed: `quarantined` (payloads set aside: they did not decrypt) and
        `lost` (own events this terminal wrote and no longer holds). Both 0 on a healthy terminal."""
        quarantined = sum(self.db.execute(f"SELECT count(*) FROM {table} WHERE quarantined IS NOT NULL"
                                          ).fetchone()[0] for table in ("events", "remote_events"))
        lost = self.db.execute("SELECT count(*) FROM lost_events").fetchone()[0]
        return {"quarantined": quarantined, "lost": lost}

    def event_states(self, *, recent: int = 20, limit: int = 1000) -> list[dict[str, Any]]:
        """Per event, what the mesh last said (no personal data): every own event lost, every event
        quarantined, every event not yet acknowledged (up to `limit`, id order), then the `recent`
        most recently acknowledged. Each is `{"id", "kind", "created_at", "state":
        lost|quarantined|pending|acknowledged|rejected, "reason", "rejections"}`; `rejected` is a
        pending event whose last answer was a rejection, `reason` the mesh's reason (for a
        quarantined one why it was set aside, for a lost one where the loss was seen)."""
        out: list[dict[str, Any]] = []
        for item in self.lost():
            out.append({"id": item["id"], "kind": item["kind"] or "", "created_at": None,
                        "state": "lost", "reason": LOST_REASONS.get(item["source"], item["source"]),
                        "rejections": 0})
        for item in self.quarantined():
            out.append({"id": item["id"], "kind": item["kind"], "created_at": item["created_at"],
                        "state": "quarantined", "reason": item["reason"], "rejections": 0})
        shown = {item["id"] for item in out}
        waiting = self.db.execute(
            "SELECT e.id, e.kind, e.created_at, o.state, o.last_error, o.rejections FROM outbox o"
            " JOIN events e ON e.id = o.event_id WHERE o.state = ? ORDER BY o.event_id LIMIT ?",
            [schema.STATE_PENDING, int(limit)]).fetchall()
        done = self.db.execute(
            "SELECT e.id, e.kind, e.created_at, o.state, NULL, o.rejections FROM outbox o"
            " JOIN events e ON e.id = o.event_id WHERE o.state = ?"
            " ORDER BY o.acknowledged_at DESC, o.event_id DESC LIMIT ?",
            [schema.STATE_ACKNOWLEDGED, int(recent)]).fetchall()
        for event_id, kind, created_at, state, reason, rejections in [*waiting, *reversed(done)]:
            if event_id in shown:
                continue
            if state == schema.STATE_PENDING and reason is not None:
                state = "rejected"
            out.append({"id": event_id, "kind": kind, "created_at": created_at, "state": state,
                        "reason": reason, "rejections": rejections})
        return out

    # -- redaction -----------------------------------------------------------------------------
    def redact(self, event_ids: list[str] | None = None, kind_prefix: str | None = None, *,
               reason: str, staff: str, site: str | None = None,
               terminal: str | None = None, role: str | None = None) -> Event:
        """Append one `sync.redaction` event and erase the payloads it covers, in one transaction.

        Covered: this site's events (own outbox rows and pulled copies) named in `event_ids`, or whose
        kind starts with `kind_prefix` among what this terminal has seen: all its own events and the
        site's events up to its feed cursor, which the event records (`seen`, with the last event id
        held of each other terminal: `seen.terminals`, valid behind a node too), so the mesh and the
        other terminals erase the same set whatever the clocks say. `site` and `terminal` default to
        the data folder's terminal.json (a list of ids also gives the site). `role` (default
        `staff_role`) is the signed-in staff role the event carries; only redaction.REDACTING_ROLES
        may erase (the mesh checks it again). Raises EventValidationError for bad targets or a role
        that may not erase (nothing is written). Returns the redaction event.
        """
        role = role if role is not None else self.staff_role
        if role not in redaction.REDACTING_ROLES:
            raise EventValidationError(f"the staff role {role or '(nobody signed in)'} may not erase"
                                       " records")
        targets = redaction.make_targets(event_ids=event_ids, kind_prefix=kind_prefix, reason=reason,
                                         role=role)
        config = _terminal_json(self.path.parent)
        terminal = terminal or (self.identity.terminal_id if self.identity else None) \
            or config.get("terminal_id")
        site = site or config.get("site") or self._site_of(targets.event_ids)
        if not terminal or not site:
            raise EventValidationError("redaction needs the terminal's site and id (terminal.json)")
        with self._chain_lock, self.transaction() as db:
            if targets.kind_prefix is not None:
                held = db.execute("SELECT terminal, max(id) FROM remote_events WHERE site = ? AND"
                                  " terminal <> ? GROUP BY terminal", [site, terminal]).fetchall()
                targets = dataclasses.replace(targets, seen_feed=self.feed_cursor(site),
                                              seen_terminals=tuple(sorted(map(tuple, held))))
            event = self.append(redaction.KIND, targets.to_payload(), site=site, terminal=terminal,
                                staff=staff)
            erased = self._erase(db, site, targets, event.id)
        logger.info("redaction %s erased %d payload(s)", event.id, erased)
        self.remove_erased_attachments()
        return event

    def remove_erased_attachments(self) -> int:
        """Remove the files of erased events from the data folder's `print/` (`<event-id>.<ext>`:
        a counter visit's printed form holds the person's name and address as text). Returns how
        many were removed. Files not named by an event id (a test page) are left alone."""
        folder = self.path.parent / ATTACHMENTS
        try:
            files = {}
            for entry in folder.iterdir():
                stem = entry.name.split(".", 1)[0]
                try:
                    if str(uuid.UUID(stem)) == stem and entry.is_file():
                        files.setdefault(stem, []).append(entry)
                except ValueError:
                    continue
        except FileNotFoundError:
            return 0
        if not files:
            return 0
        erased: list[str] = []
        ids = list(files)
        for start in range(0, len(ids), _SQL_CHUNK):
            chunk = ids[start:start + _SQL_CHUNK]
            marks = ",".join("?" * len(chunk))
            erased += [r[0] for r in self.db.execute(
                f"SELECT id FROM events WHERE redacted_at IS NOT NULL AND id IN ({marks})", chunk)]
        removed = 0
        for event_id in erased:
            for entry in files[event_id]:
                try:
                    entry.unlink()
                    removed += 1
                except FileNotFoundError:
                    pass
        if removed:
            logger.info("removed %d printed file(s) of erased events", removed)
        return removed

    # -- purge after acknowledgement and retention -------------------------------------------
    def retention_days(self) -> int:
        """`retention_days` of terminal.json, else DEFAULT_RETENTION_DAYS (30)."""
        value = _terminal_json(self.path.parent).get("retention_days", DEFAULT_RETENTION_DAYS)
        return int(value) if isinstance(value, int) and value >= 0 else DEFAULT_RETENTION_DAYS

    def purge(self, retention_days: int | None = None, *, now: datetime | None = None
              ) -> dict[str, Any]:
        """Erase the payloads of events the mesh acknowledged at least `retention_days` ago (and of
        pulled copies received that long ago), keeping their receipts. Never a pending event; never a
        `sync.redaction` (it holds no personal data). Returns the counts and the cutoff."""
        days = self.retention_days() if retention_days is None else int(retention_days)
        if days < 0:
            raise EventValidationError("retention_days must be 0 or more")
        moment = now or datetime.now(timezone.utc)
        cutoff = _iso(moment - timedelta(days=days))
        stamp = _iso(moment)
        with self.db.atomic() as db:
            own = db.execute(
                "UPDATE events SET payload = ?, redacted_at = ?, erased_by = 'purge' WHERE"
                " redacted_at IS NULL AND kind <> ? AND id IN (SELECT event_id FROM outbox WHERE"
                " state = ? AND acknowledged_at <= ?)",
                [_ERASED, stamp, redaction.KIND, schema.STATE_ACKNOWLEDGED, cutoff]).rowcount
            remote = db.execute(
                "UPDATE remote_events SET payload = ?, redacted_at = ?, erased_by = 'purge' WHERE"
                " redacted_at IS NULL AND kind <> ? AND received_at <= ?",
                [_ERASED, stamp, redaction.KIND, cutoff]).rowcount
        self._last_purge = time.monotonic()
        if own or remote:
            logger.info("purged %d acknowledged and %d pulled payload(s) older than %d day(s)", own,
                        remote, days)
        files = self.remove_erased_attachments()
        return {"purged": own, "purged_remote": remote, "purged_files": files, "retention_days": days,
                "cutoff": cutoff}

    def purge_if_due(self) -> dict[str, Any] | None:
        """`purge()` unless this store purged less than PURGE_EVERY seconds ago (None then)."""
        if self._last_purge is not None and time.monotonic() - self._last_purge < PURGE_EVERY:
            return None
        return self.purge()

    def _site_of(self, event_ids: tuple[str, ...]) -> str | None:
        sites = set()
        for table in ("events", "remote_events"):
            for start in range(0, len(event_ids), _SQL_CHUNK):
                chunk = list(event_ids[start:start + _SQL_CHUNK])
                marks = ",".join("?" * len(chunk))
                sites.update(r[0] for r in self.db.execute(
                    f"SELECT DISTINCT site FROM {table} WHERE id IN ({marks})", chunk).fetchall())
        return sites.pop() if len(sites) == 1 else None

    def _erase(self, db: Database, site: str, targets: redaction.Targets, redaction_id: str, *,
               writer: str | None = None, position: int | None = None) -> int:
        """Erase the covered payloads of `site` in both event tables; returns how many were covered.

        `writer` and `position`: the terminal that wrote a pulled redaction and its feed position
        (None: this terminal's own redaction, which covers all its own events). A prefix redaction
        with `seen` covers own events up to the seen feed position (or all, when it is our own) and
        pulled copies up to it, plus the writer's own events fed before the redaction.

        Exception: an own event signed with version 1 (before the upgrade) that is still pending keeps
        its payload until the mesh acknowledged it (`erased_by` is set now, the erasure happens in
        `mark_acknowledged`): its signature covers the payload itself, so sent erased it would be
        rejected and block the terminal's chain."""
        now = utc_now_iso()
        erased = 0
        deferred = ("(chain_seq IS NOT NULL AND coalesce(sig_version, 1) = 1 AND id IN (SELECT event_id"
                    " FROM outbox WHERE state = 'pending'))")
        sets = {"events": (f"SET payload = CASE WHEN {deferred} THEN payload ELSE ? END, redacted_at ="
                           f" CASE WHEN {deferred} THEN NULL ELSE ? END, erased_by = ?"),
                "remote_events": "SET payload = ?, redacted_at = ?, erased_by = ?"}
        where = " WHERE site = ? AND redacted_at IS NULL AND kind <> ?"
        params = [_ERASED, now, f"redaction:{redaction_id}", site, redaction.KIND]
        for table in ("events", "remote_events"):
            base = sets[table] + where
            if targets.kind_prefix is not None:
                seen = targets.seen_feed
                if seen is None:  # written by an older kazasu: by id, as it meant
                    scope, extra = "id <= ?", [redaction_id]
                elif writer is not None and targets.seen_terminals is not None:
                    # per terminal, valid whichever mesh or node the writer read (feed positions are not)
                    scope, extra = redaction.terminals_clause(targets.seen_terminals)
                    if table == "remote_events":
                        scope, extra = f"({scope} OR (terminal = ? AND id < ?))", [*extra, writer,
                                                                                 redaction_id]
                elif table == "events":
                    scope, extra = (("1 = 1", []) if writer is None else
                                    ("feed_cursor IS NOT NULL AND feed_cursor <= ?", [seen]))
                elif writer is None:
                    scope, extra = "feed_cursor <= ?", [seen]
                else:
                    scope, extra = ("(feed_cursor <= ? OR (terminal = ? AND feed_cursor < ?))",
                                    [seen, writer, position])
                erased += db.execute(
                    f"UPDATE {table} {base} AND substr(kind, 1, ?) = ? AND {scope}",
                    [*params, len(targets.kind_prefix), targets.kind_prefix, *extra]).rowcount
                continue
            for start in range(0, len(targets.event_ids), _SQL_CHUNK):
                chunk = list(targets.event_ids[start:start + _SQL_CHUNK])
                marks = ",".join("?" * len(chunk))
                erased += db.execute(f"UPDATE {table} {base} AND id IN ({marks})",
                                     [*params, *chunk]).rowcount
        return erased

    def _event_from_row(self, row: tuple, table: str = "events") -> Event:
        (event_id, kind, site, terminal, staff, created_at, version, blob, seq, prev, sig, sig_version,
         digest, redacted_at, quarantined) = row
        redacted = redacted_at is not None or quarantined is not None
        payload: dict[str, Any] = {}
        if not redacted:
            try:
                payload = json.loads(self._cipher.decrypt(event_id, kind, blob))
            except DecryptionError:
                self._quarantine(table, event_id, QUARANTINE_REASON)
                redacted = True
        return Event(id=event_id, kind=kind, site=site, terminal=terminal, staff=staff,
                     created_at=created_at, schema_version=version, payload=payload, auth=_auth_of(row),
                     redacted=redacted)


def splice_payload(envelope: bytes, payload: bytes) -> bytes:
    """An event's canonical JSON made with `"payload":{}`, with the payload's own canonical bytes set
    in its place. The keys are sorted and every other key's value is a string, a number, a boolean or
    the `auth` object (whose key holding "payload" is `"payload_hash"`), and a quote inside a JSON string
    is escaped: `"payload":{}` occurs once, at the payload."""
    head, found, tail = envelope.partition(_WIRE_EMPTY)
    if not found or _WIRE_EMPTY in tail:
        raise ValueError("an event's JSON without exactly one empty payload")
    return head + b'"payload":' + payload + tail


_WIRE_EMPTY = b'"payload":{}'


def _auth_of(row: tuple) -> dict[str, Any] | None:
    """The signed envelope of an event row (_COLUMNS), or None for an unsigned event."""
    seq, prev, sig, sig_version, digest = row[8:13]
    if seq is None:
        return None
    auth: dict[str, Any] = {"seq": seq, "prev_hash": prev, "signature": sig}
    if (sig_version or 1) >= 2:
        auth = {"v": sig_version, **auth, "payload_hash": digest}
    return auth


def _id_after(previous: str) -> str:
    """A new event id that sorts after `previous` (an own id written while the clock was ahead)."""
    millis = uuid.UUID(previous).int >> 80
    return str(new_uuid7(now_ms=millis + 1))


def _ids_in(db: Database, table: str, ids: list[str]) -> list[str]:
    found: list[str] = []
    for start in range(0, len(ids), _SQL_CHUNK):
        chunk = ids[start:start + _SQL_CHUNK]
        marks = ",".join("?" * len(chunk))
        found += [r[0] for r in db.execute(f"SELECT id FROM {table} WHERE id IN ({marks})", chunk)]
    return found


def _holds_events(path: Path) -> bool:
    """Whether an existing database file already holds encrypted payloads (read-only look)."""
    if not path.exists():
        return False
    try:
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, timeout=5.0)
    except sqlite3.Error:
        return True  # cannot tell: be safe, never make a new key over unknown data
    try:
        for table in ("events", "remote_events"):
            try:
                if conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone():
                    return True
            except sqlite3.OperationalError as exc:
                if "no such table" not in str(exc):
                    return True
        return False
    finally:
        conn.close()


def _iso(moment: datetime) -> str:
    """The store's time format (UTC, milliseconds, `Z`), which sorts as text."""
    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _terminal_json(data_dir: Path) -> dict[str, Any]:
    """terminal.json of the data folder, read without creating it ({} when absent or unreadable)."""
    try:
        data = json.loads((data_dir / "terminal.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _cursor_key(site: str) -> str:
    return f"feed_cursor:{site}"
