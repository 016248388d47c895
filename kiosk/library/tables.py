"""The library state of a site as indexed, encrypted SQLite tables in the terminal's database, updated
per event: what `state.LibraryState` holds in memory, kept where a lookup is one indexed row.

Tables (all keyed by site):
- `library_t_patrons` (patron number → record; index: a keyed hash of name and birth date, for the
  same-person check), `library_t_cards` (card → patron; index: the patron), `library_t_link_ids`,
  `library_t_blocks`, `library_t_block_ids`, `library_t_loans` (item → loan; index: a keyed hash of
  the patron, for the patron's loans), `library_t_conflicts`, `library_t_orphans` (index: the
  terminal), `library_t_returned`, `library_t_duplicates`, `library_t_counts`;
- `library_t_meta`: how far the tables have read (local rowid, feed position), the latest event id,
  and the migration's state and claim.

Personal data never lies in the file as text: a row's value is encrypted with the store's at-rest key
(AES-GCM, as event payloads; the table and key as associated data), and the keys and indexes that
would name a person, a card or a loan (card tokens, items of a loan, name + birth date, patrons of
loans) are keyed hashes (HMAC-SHA256 with a key derived from the store's). Patron numbers and block
reasons stay readable (the blocked-patron list is kept for offline use).

`TableState` applies events with the one order-tolerant `state._apply`: the desk's own events in the
same transaction as their append (`catch_up` inside it), the local rows by rowid and the pulled feed
by position, each past a cursor kept in `library_t_meta` in the same transaction, so each event is
applied exactly once and a replay changes nothing. The first use on a database that has none migrates
once (`migrate`): from the saved snapshot of the old in-memory fold (kiosk.library.snapshot) when
there is one, then the events, MIGRATE_BATCH at a time, each batch one transaction that moves the
cursor. The migration folds in memory (kiosk.library.tracked: the same `_apply`, no row read back)
and writes only the rows each batch changed, in bulk; a run resumed after a kill first reads the
tables back into memory. A claim in `library_t_meta` (host, process, heartbeat) keeps a second process from migrating
at the same time, and a killed migration resumes from its last batch.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import hmac
import json
import os
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator, Mapping, MutableMapping
from typing import Any, Callable

from kiosk.library import snapshot, tracked
from kiosk.library import state as st
from kiosk.library.errors import MigrationBusyError
from sync.crypto import PayloadCipher
from sync.events import Event

KIND = "library.tables"
SCHEMA = 1
MIGRATE_BATCH = 5000          # events per migration step (one transaction each)
MIGRATE_CACHE_KIB = -65536    # SQLite page cache while migrating (64 MiB; 20% faster at 20,000 patrons)
MIGRATE_CHECKPOINT_PAGES = 20000   # WAL pages (80 MB) between checkpoints while migrating
CLAIM_STALE_S = 30.0          # a claim not renewed for this long is free (its process is gone)
CLAIM_WAIT_S = 600.0          # the longest another process's migration is waited for
FEED_PAGE = st.FEED_PAGE
_EVENT_COLUMNS = ("id, kind, site, terminal, staff, created_at, schema_version, payload, chain_seq,"
                  " prev_hash, signature, sig_version, payload_hash, redacted_at, quarantined")
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))   # a row's key and value
TABLES = ("patrons", "cards", "link_ids", "blocks", "block_ids", "loans", "conflicts", "orphans",
          "returned", "duplicates", "counts")


def ensure_tables(db: Any) -> None:
    for name in TABLES:
        db.execute(f"CREATE TABLE IF NOT EXISTS library_t_{name} (site TEXT NOT NULL, k TEXT NOT NULL,"
                   " ix TEXT, v BLOB NOT NULL, PRIMARY KEY (site, k)) WITHOUT ROWID")
        db.execute(f"CREATE INDEX IF NOT EXISTS library_t_{name}_ix ON library_t_{name} (site, ix)")
    db.execute("CREATE TABLE IF NOT EXISTS library_t_meta (site TEXT PRIMARY KEY, schema INTEGER NOT"
               " NULL, local_rowid INTEGER NOT NULL DEFAULT 0, feed INTEGER NOT NULL DEFAULT 0,"
               " last_id TEXT NOT NULL DEFAULT '', migrated INTEGER NOT NULL DEFAULT 0,"
               " started INTEGER NOT NULL DEFAULT 0, claim TEXT, claimed_at REAL)")


class _Keys:
    """The store key's two uses here: the row cipher and the index hash."""

    def __init__(self, key: bytes) -> None:
        self.cipher = PayloadCipher(key)
        self.mac = hmac.new(key, b"kazasu library tables index", hashlib.sha256).digest()

    def hash(self, text: str) -> str:
        return hmac.digest(self.mac, text.encode("utf-8"), "sha256").hex()


class _Map(MutableMapping):
    """One table as a mapping. `secret`: the key is stored as its keyed hash and the value (with
    its key) encrypted; otherwise both as JSON text. `index(key, value)` fills the `ix` column."""

    def __init__(self, owner: "TableState", name: str, *, secret: bool,
                 index: Callable[[Any, Any], str | None] | None = None,
                 load: Callable[[Any], Any] = lambda v: v, dump: Callable[[Any], Any] = lambda v: v,
                 tuple_key: bool = False, hashed_key: bool | None = None) -> None:
        self.o, self.table, self.secret = owner, f"library_t_{name}", secret
        self.hashed = secret if hashed_key is None else hashed_key
        self.index, self.load, self.dump, self.tuple_key = index, load, dump, tuple_key

    # -- encoding ---------------------------------------------------------------------------
    def _k(self, key: Any) -> str:
        text = "\x1f".join(key) if self.tuple_key else key
        return self.o.keys.hash(text) if self.hashed else text

    def _encode(self, k: str, key: Any, value: Any) -> Any:
        body = _JSON.encode([list(key) if self.tuple_key else key, self.dump(value)]).encode("utf-8")
        if self.secret:
            return self.o.keys.cipher.encrypt(f"{self.o.site}\n{self.table}\n{k}", KIND, body)
        return body.decode("utf-8")

    def _decode(self, k: str, blob: Any) -> tuple[Any, Any]:
        if self.secret:
            body = self.o.keys.cipher.decrypt(f"{self.o.site}\n{self.table}\n{k}", KIND, bytes(blob))
        else:
            body = blob
        key, value = json.loads(body)
        return (tuple(key) if self.tuple_key else key), self.load(value)

    # -- mapping ----------------------------------------------------------------------------
    def __getitem__(self, key: Any) -> Any:
        k = self._k(key)
        row = self.o.db.execute(f"SELECT v FROM {self.table} WHERE site = ? AND k = ?",
                                [self.o.site, k]).fetchone()
        if row is None:
            raise KeyError(key)
        return self._decode(k, row[0])[1]

    def __contains__(self, key: object) -> bool:
        return self.o.db.execute(f"SELECT 1 FROM {self.table} WHERE site = ? AND k = ?",
                                 [self.o.site, self._k(key)]).fetchone() is not None

    def __setitem__(self, key: Any, value: Any) -> None:
        k = self._k(key)
        ix = self.index(key, value) if self.index else None
        self.o.db.execute(f"INSERT INTO {self.table} (site, k, ix, v) VALUES (?, ?, ?, ?) ON CONFLICT"
                          " (site, k) DO UPDATE SET ix = excluded.ix, v = excluded.v",
                          [self.o.site, k, ix, self._encode(k, key, value)])

    def __delitem__(self, key: Any) -> None:
        if not self.o.db.execute(f"DELETE FROM {self.table} WHERE site = ? AND k = ?",
                                 [self.o.site, self._k(key)]).rowcount:
            raise KeyError(key)

    def _rows(self, where: str = "", args: tuple = (), hint: str = "") -> list[tuple[Any, Any]]:
        rows = self.o.db.execute(f"SELECT k, v FROM {self.table}{hint} WHERE site = ?{where}",
                                 [self.o.site, *args]).fetchall()
        return [self._decode(k, v) for k, v in rows]

    def __iter__(self) -> Iterator[Any]:
        if not self.hashed and not self.tuple_key:   # plain keys: no value read
            rows = self.o.db.execute(f"SELECT k FROM {self.table} WHERE site = ?",
                                     [self.o.site]).fetchall()
            return iter([k for (k,) in rows])
        return iter([key for key, _ in self._rows()])

    def items(self) -> Any:
        return self._rows()

    def values(self) -> Any:
        return [value for _, value in self._rows()]

    def __len__(self) -> int:
        return self.o.db.execute(f"SELECT count(*) FROM {self.table} WHERE site = ?",
                                 [self.o.site]).fetchone()[0]

    def where(self, ix: str) -> list[tuple[Any, Any]]:
        """The rows whose index column is `ix`."""
        return self._rows(" AND ix = ?", (ix,), f" INDEXED BY {self.table}_ix")

    def clear(self) -> None:
        self.o.db.execute(f"DELETE FROM {self.table} WHERE site = ?", [self.o.site])

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Mapping) and dict(self.items()) == dict(other.items())

    def __repr__(self) -> str:
        return f"<{self.table} of {self.o.site}: {len(self)} rows>"


class _Set:
    """A set of strings kept as a table (the duplicate patron numbers)."""

    def __init__(self, table: _Map) -> None:
        self.t = table

    def add(self, value: str) -> None:
        self.t[value] = True

    def __contains__(self, value: object) -> bool:
        return value in self.t

    def __iter__(self) -> Iterator[str]:
        return iter(self.t)

    def __len__(self) -> int:
        return len(self.t)

    def __eq__(self, other: object) -> bool:
        return set(self) == set(other) if isinstance(other, (set, frozenset, _Set)) else False


class _ByPatron(Mapping):
    """patron → items on loan, read through the loans' patron index."""

    def __init__(self, owner: "TableState") -> None:
        self.o = owner

    def __getitem__(self, patron: str) -> set[str]:
        items = self.o.items_of(patron)
        if not items:
            raise KeyError(patron)
        return items

    def __iter__(self) -> Iterator[str]:
        return iter(sorted({loan.patron for loan in self.o.loans.values()}))

    def __len__(self) -> int:
        return len(list(iter(self)))


def _loan_dump(loan: st.Loan) -> dict[str, Any]:
    return {"patron": loan.patron, "item_type": loan.item_type, "due": loan.due.isoformat(),
            "event_id": loan.event_id, "terminal": loan.terminal}


class TableState:
    """The library state of `site` in `store`'s tables, read and written through this thread's
    connection. Same reading interface as `state.LibraryState` (patrons, cards, blocks, loans,
    conflicts, counts, loans_of, find_person…), each lookup one indexed query."""

    def __init__(self, store: Any, site: str, keys: _Keys | None = None) -> None:
        self.store, self.site = store, site
        self.keys = keys or _Keys(store.key_info.key)
        self._last: str | None = None
        person = self._person_index
        self.patrons = _Map(self, "patrons", secret=True, hashed_key=False, index=person)
        self.cards = _Map(self, "cards", secret=True, tuple_key=True, index=lambda k, v: v)
        self.link_ids = _Map(self, "link_ids", secret=True, tuple_key=True)
        self.blocks = _Map(self, "blocks", secret=False)
        self.block_ids = _Map(self, "block_ids", secret=False)
        self.loans = _Map(self, "loans", secret=True, index=lambda k, v: self.keys.hash(v.patron),
                          load=lambda v: st.Loan(v["item"], v["patron"], v["item_type"],
                                                 dt.date.fromisoformat(v["due"]), v["event_id"],
                                                 v["terminal"]),
                          dump=lambda loan: dict(_loan_dump(loan), item=loan.item))
        self.conflicts = _Map(self, "conflicts", secret=True)
        self.orphans = _Map(self, "orphans", secret=False, index=lambda k, v: v)
        self.returned = _Map(self, "returned", secret=True)
        self.duplicate_numbers = _Set(_Map(self, "duplicates", secret=False))
        self.counts = _Map(self, "counts", secret=False)
        self.by_patron = _ByPatron(self)

    @property
    def db(self) -> Any:
        return self.store.db

    def _person_index(self, number: str, record: dict[str, Any]) -> str | None:
        if "replaced_by" in record:
            return None
        return self.keys.hash(f"{record.get('name')}\n{record.get('birth_date')}")

    # -- cursor and latest id ---------------------------------------------------------------
    def _meta(self) -> tuple | None:
        return self.db.execute("SELECT local_rowid, feed, last_id, migrated, started, claim, claimed_at"
                               " FROM library_t_meta WHERE site = ? AND schema = ?",
                               [self.site, SCHEMA]).fetchone()

    @property
    def last_id(self) -> str:
        if self._last is not None:
            return self._last
        row = self._meta()
        return row[2] if row else ""

    @last_id.setter
    def last_id(self, value: str) -> None:
        if self._last is not None:           # within a batch: written once at its end
            self._last = value
            return
        self.db.execute("INSERT INTO library_t_meta (site, schema, last_id) VALUES (?, ?, ?) ON CONFLICT"
                        " (site) DO UPDATE SET last_id = excluded.last_id", [self.site, SCHEMA, value])

    # -- the reading interface of LibraryState ----------------------------------------------
    def items_of(self, patron: str) -> set[str]:
        rows = self.db.execute("SELECT k, v FROM library_t_loans INDEXED BY library_t_loans_ix"
                               " WHERE site = ? AND ix = ?",
                               [self.site, self.keys.hash(patron)]).fetchall()
        return {self.loans._decode(k, v)[0] for k, v in rows}

    def loans_of(self, patron: str) -> list[st.Loan]:
        rows = self.db.execute("SELECT k, v FROM library_t_loans INDEXED BY library_t_loans_ix"
                               " WHERE site = ? AND ix = ?",
                               [self.site, self.keys.hash(patron)]).fetchall()
        loans = [self.loans._decode(k, v)[1] for k, v in rows]
        return sorted((loan for loan in loans if loan.patron == patron),
                      key=lambda loan: (loan.due, loan.item))

    def cards_of(self, patron: str) -> list[tuple[str, str]]:
        return sorted(key for key, number in self.cards.where(patron) if number == patron)

    def orphans_of(self, terminal: str) -> list[str]:
        return sorted(event_id for event_id, _ in self.orphans.where(terminal))

    def blocked_patrons(self) -> list[tuple[str, str]]:
        return sorted(self.blocks.items())

    def patron_numbers(self) -> list[str]:
        return [k for (k,) in self.db.execute(
            "SELECT k FROM library_t_patrons WHERE site = ?", [self.site]).fetchall()]

    def find_person(self, name: str, birth_date: str) -> str | None:
        key = self.keys.hash(f"{name}\n{birth_date}")
        for number, patron in sorted(self.patrons.where(key)):
            if patron["name"] == name and patron["birth_date"] == birth_date \
                    and "replaced_by" not in patron:
                return number
        return None

    def _lend(self, loan: st.Loan) -> None:
        self.loans[loan.item] = loan

    def _drop(self, item: str) -> st.Loan | None:
        return self.loans.pop(item, None)

    def _move_loans(self, old: str, new: str) -> None:
        for loan in self.loans_of(old):
            loan.patron = new
            self.loans[loan.item] = loan

    def to_memory(self) -> st.LibraryState:
        """The whole state as a `LibraryState` (tests compare it with a fold; slow when large)."""
        state = st.LibraryState()
        state.patrons = dict(self.patrons.items())
        state.cards, state.link_ids = dict(self.cards.items()), dict(self.link_ids.items())
        state.blocks, state.block_ids = dict(self.blocks.items()), dict(self.block_ids.items())
        for _, loan in sorted(self.loans.items()):
            state._lend(loan)
        state.conflicts, state.orphans = dict(self.conflicts.items()), dict(self.orphans.items())
        state.returned, state.counts = dict(self.returned.items()), dict(self.counts.items())
        state.duplicate_numbers, state.last_id = set(self.duplicate_numbers), self.last_id
        return state

    def _clear(self) -> None:
        for name in TABLES:
            self.db.execute(f"DELETE FROM library_t_{name} WHERE site = ?", [self.site])
        self.counts["checked_out"], self.counts["checked_in"] = 0, 0
        self.last_id = ""


# -- keeping the tables up to date --------------------------------------------------------------

def _local_rows(store: Any, site: str, after: int, limit: int | None) -> list[tuple[int, Event]]:
    rows = store.db.execute(
        f"SELECT rowid, {_EVENT_COLUMNS} FROM events WHERE site = ? AND rowid > ? AND"
        " (kind LIKE 'library.%' OR kind = ?) ORDER BY rowid" + (" LIMIT ?" if limit else ""),
        [site, after, st.REDACTION, *([limit] if limit else [])]).fetchall()
    return [(row[0], store._event_from_row(row[1:])) for row in rows]


def _feed_rows(store: Any, site: str, after: int, limit: int) -> tuple[list[Event], int]:
    """Pulled events of the site past feed position `after` (at most `limit` read), and the position
    reached."""
    wanted, position, _ = _feed_page(store, site, after, limit)
    return wanted, position


def _feed_page(store: Any, site: str, after: int, limit: int) -> tuple[list[Event], int, int]:
    """`_feed_rows` and how many rows it read."""
    rows = store.db.execute("SELECT feed_cursor FROM remote_events WHERE site = ? AND feed_cursor > ?"
                            " ORDER BY feed_cursor LIMIT ?", [site, after, limit]).fetchall()
    if not rows:
        return [], after, 0
    page = store.remote_events(site, limit, after=after)
    wanted = [e for e in page if e.kind.startswith(st.PREFIX) or e.kind == st.REDACTION]
    return wanted, int(rows[-1][0]), len(rows)


class Tables:
    """What a desk holds (`LibraryDesk.cache`): `state(store, site)` brings the tables up to date
    (migrating once if need be) and returns the `TableState`. `full_folds` counts rebuilds (library
    data erased by prefix), `late` the events applied after a newer one, `restored` says the tables
    were there already (or came from the snapshot of the old fold)."""

    def __init__(self) -> None:
        self.full_folds = 0
        self.late = 0
        self.restored = False
        self.migrated_now = False
        self.progress: Callable[[int, int], None] | None = None   # a migration's (done, total)
        self._keys: _Keys | None = None
        self._ready: set[str] = set()
        self._seen: dict[str, int] = {}    # local rowid up to which nothing new was found
        self._lock = threading.Lock()      # the desk's threads (UI, warm-up) migrate once

    def state(self, store: Any, site: str) -> TableState:
        if self._keys is None:
            self._keys = _Keys(store.key_info.key)
        tables = TableState(store, site, self._keys)
        if site not in self._ready:
            with self._lock:
                self._prepare(store, site, tables)
        self.catch_up(tables)
        return tables

    def _prepare(self, store: Any, site: str, tables: TableState) -> None:
        if site not in self._ready:
            with store.transaction() as db:
                ensure_tables(db)
            meta = tables._meta()
            self.restored = meta is not None and bool(meta[3])
            if meta is None or not meta[3]:
                self.migrated_now = True
                self.restored = migrate(store, site, tables, batch=MIGRATE_BATCH,
                                        on_progress=self.progress) \
                    or self.restored
            self._ready.add(site)

    def catch_up(self, tables: TableState) -> int:
        """Apply what was written or pulled past the cursors, in one transaction that moves them.
        Returns how many events were applied."""
        store, site = tables.store, tables.site
        meta = tables._meta()
        if meta is None:
            return 0
        rowid, feed = meta[0], meta[1]
        (top,) = store.db.execute("SELECT coalesce(max(rowid), 0) FROM events").fetchone()
        seen = max(rowid, self._seen.get(site, 0))
        local = top > seen and _local_rows_exist(store, site, seen)
        if not local and not _feed_exists(store, site, feed):
            self._seen[site] = top        # rows up to here hold nothing for the library: not again
            return 0
        applied = 0
        with store.transaction() as db:
            db.execute("UPDATE library_t_meta SET local_rowid = local_rowid WHERE site = ?", [site])
            rowid, feed = tables._meta()[:2]         # under the write lock: nobody else moves them
            local = _local_rows(store, site, max(rowid, self._seen.get(site, 0)), None)
            new = [event for _, event in local]
            while True:
                page, position = _feed_rows(store, site, feed, FEED_PAGE)
                if position == feed:
                    break
                new.extend(page)
                feed = position
            if local:
                rowid = local[-1][0]
            applied = self._apply(tables, new)
            db.execute("UPDATE library_t_meta SET local_rowid = ?, feed = ? WHERE site = ?",
                       [rowid, feed, site])
        return applied

    def _apply(self, tables: TableState, events: list[Event]) -> int:
        events = sorted(events, key=lambda e: e.id)
        if any(e.kind == st.REDACTION and e.payload.get("kind_prefix") for e in events):
            self.full_folds += 1                    # library data erased by prefix: what is left
            tables._clear()
            for event in st.load_events(tables.store, tables.site):
                st._apply(tables, event)
            return len(events)
        last = tables._last = tables.last_id
        counts, tables.counts = tables.counts, dict(tables.counts.items())   # written once, at the end
        try:
            for event in events:
                self.late += event.id < last
                st._apply(tables, event)
                last = max(last, event.id)
            for key, value in tables.counts.items():
                counts[key] = value
        finally:
            tables._last, tables.counts = None, counts
        tables.last_id = last
        return len(events)


def _local_rows_exist(store: Any, site: str, rowid: int) -> bool:
    return store.db.execute("SELECT 1 FROM events WHERE rowid > ? AND site = ? AND (kind LIKE"
                            " 'library.%' OR kind = ?) LIMIT 1", [rowid, site, st.REDACTION]
                            ).fetchone() is not None


def _feed_exists(store: Any, site: str, feed: int) -> bool:
    return store.db.execute("SELECT 1 FROM remote_events WHERE site = ? AND feed_cursor > ? LIMIT 1",
                            [site, feed]).fetchone() is not None


# -- the one-time migration -----------------------------------------------------------------------

def _me() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _claim(store: Any, site: str) -> bool:
    """Take the migration claim of `site` (True), or see it held by a live process (False)."""
    me, now = _me(), time.time()
    with store.transaction() as db:
        db.execute("INSERT INTO library_t_meta (site, schema) VALUES (?, ?) ON CONFLICT (site) DO"
                   " NOTHING", [site, SCHEMA])
        claim, at, migrated, schema = db.execute(
            "SELECT claim, claimed_at, migrated, schema FROM library_t_meta WHERE site = ?",
            [site]).fetchone()
        if schema != SCHEMA:                 # tables of another layout: start again
            for name in TABLES:
                db.execute(f"DELETE FROM library_t_{name} WHERE site = ?", [site])
            db.execute("UPDATE library_t_meta SET schema = ?, local_rowid = 0, feed = 0, last_id = '',"
                       " migrated = 0, started = 0 WHERE site = ?", [SCHEMA, site])
            migrated = 0
        if migrated:
            return True
        if claim and claim != me and not _gone(claim, at, now):
            return False
        db.execute("UPDATE library_t_meta SET claim = ?, claimed_at = ? WHERE site = ?",
                   [me, now, site])
        return True


def _gone(claim: str, at: float | None, now: float) -> bool:
    host, _, pid = claim.rpartition(":")
    if host == socket.gethostname() and pid.isdigit():
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            pass
    return at is None or now - at > CLAIM_STALE_S


def migrate(store: Any, site: str, tables: TableState | None = None, *,
            batch: int = MIGRATE_BATCH, on_batch: Callable[[int], None] | None = None,
            on_progress: Callable[[int, int], None] | None = None) -> bool:
    """Build the tables of `site` from the snapshot and the events, once, in steps. Returns True when
    it started from a saved snapshot. Waits (up to CLAIM_WAIT_S) while another process migrates.
    `on_batch(steps)` after each committed batch; `on_progress(done, total)` with the events read
    of those this run has to read (at its start and after each batch)."""
    tables = tables or TableState(store, site)
    with store.transaction() as db:
        ensure_tables(db)
    deadline = time.monotonic() + CLAIM_WAIT_S
    while not _claim(store, site):
        if time.monotonic() > deadline:
            raise MigrationBusyError(site=site)
        time.sleep(0.2)
    meta = tables._meta()
    if meta[3]:
        return False
    from_snapshot = False
    (cache,) = store.db.execute("PRAGMA cache_size").fetchone()
    (sync,) = store.db.execute("PRAGMA synchronous").fetchone()
    store.db.execute(f"PRAGMA cache_size = {MIGRATE_CACHE_KIB}")   # random keys: fewer page reads
    # a batch's commit need not reach the disk before the next batch: WAL keeps each one whole (rows
    # and cursor together), and one lost to a power cut is migrated again on the next start
    store.db.execute("PRAGMA synchronous = NORMAL")
    (checkpoint,) = store.db.execute("PRAGMA wal_autocheckpoint").fetchone()
    store.db.execute(f"PRAGMA wal_autocheckpoint = {MIGRATE_CHECKPOINT_PAGES}")
    collecting = gc.isenabled()
    gc.disable()                              # millions of objects held: no full scans meanwhile
    try:
        if not meta[4]:                       # step 0: the tables start empty, or from the snapshot
            with store.transaction() as db:
                tables._clear()
                found = snapshot.load(store, site, st.LibraryState, st.Loan)
                rowid = feed = 0
                memory = tracked.tracked(st.LibraryState(), changed=True)
                if found is not None:
                    old, rowid, feed = found
                    memory = tracked.tracked(old, changed=True)
                    from_snapshot = True
                tracked.flush(tables, memory)
                db.execute("UPDATE library_t_meta SET local_rowid = ?, feed = ?, started = 1,"
                           " claimed_at = ? WHERE site = ?", [rowid, feed, time.time(), site])
        else:                                 # resumed: what the batches before the stop wrote
            memory = tracked.tracked(tables.to_memory(), changed=False)
        _migrate_events(store, site, tables, memory, batch, on_batch, on_progress)
    finally:
        if collecting:
            gc.enable()
        store.db.execute(f"PRAGMA synchronous = {int(sync)}")
        store.db.execute(f"PRAGMA wal_autocheckpoint = {int(checkpoint)}")
        store.db.execute(f"PRAGMA cache_size = {int(cache)}")
    return from_snapshot


def remaining(store: Any, site: str) -> int:
    """How many events a migration of `site` has still to read (0: none, or migrated already)."""
    try:
        row = store.db.execute("SELECT local_rowid, feed, migrated FROM library_t_meta WHERE site = ?"
                               " AND schema = ?", [site, SCHEMA]).fetchone()
    except sqlite3.OperationalError:          # no tables yet: a database of an earlier version
        row = None
    if row is not None and row[2]:
        return 0
    rowid, feed = (row[0], row[1]) if row is not None else (0, 0)
    return _count_local(store, site, rowid) + _count_feed(store, site, feed)


def _count_local(store: Any, site: str, rowid: int) -> int:
    return store.db.execute("SELECT count(*) FROM events WHERE rowid > ? AND site = ? AND (kind LIKE"
                            " 'library.%' OR kind = ?)", [rowid, site, st.REDACTION]).fetchone()[0]


def _count_feed(store: Any, site: str, feed: int) -> int:
    return store.db.execute("SELECT count(*) FROM remote_events WHERE site = ? AND feed_cursor > ?",
                            [site, feed]).fetchone()[0]


def _migrate_events(store: Any, site: str, tables: TableState, memory: st.LibraryState, batch: int,
                    on_batch: Callable[[int], None] | None,
                    on_progress: Callable[[int, int], None] | None) -> None:
    """The events past the cursors, a batch per transaction: applied in memory, the rows they
    changed written (tracked.flush) and the cursor moved in the same transaction."""
    rowid, feed = tables._meta()[:2]
    total = _count_local(store, site, rowid) + _count_feed(store, site, feed)
    done = steps = 0
    if on_progress:
        on_progress(done, total)

    def step(read: int) -> None:
        nonlocal done, steps
        done, steps = min(total, done + read), steps + 1
        if on_batch:
            on_batch(steps)
        if on_progress:
            on_progress(done, total)

    while True:                               # the local events, a batch per transaction
        with store.transaction() as db:
            local = _local_rows(store, site, rowid, batch)
            if not local:
                break
            if _apply_batch(store, site, tables, memory, [event for _, event in local]):
                break                         # folded again to the end (an erasure by prefix)
            rowid = local[-1][0]
            db.execute("UPDATE library_t_meta SET local_rowid = ?, claimed_at = ? WHERE site = ?",
                       [rowid, time.time(), site])
        step(len(local))
    while True:                               # then the pulled feed, a batch per transaction
        with store.transaction() as db:
            feed = tables._meta()[1]
            page, position, read = _feed_page(store, site, feed, batch)
            if position == feed:
                db.execute("UPDATE library_t_meta SET migrated = 1, claim = NULL WHERE site = ?",
                           [site])
                snapshot.drop(store, site)
                break
            if not _apply_batch(store, site, tables, memory, page):
                db.execute("UPDATE library_t_meta SET feed = ?, claimed_at = ? WHERE site = ?",
                           [position, time.time(), site])
        step(read)
    if on_progress:
        on_progress(total, total)


def _apply_batch(store: Any, site: str, tables: TableState, memory: st.LibraryState,
                 events: list[Event]) -> bool:
    """One batch into `memory` and its changed rows into the tables. An erasure of library data by
    prefix folds everything again instead, and moves both cursors to the end (True)."""
    events = sorted(events, key=lambda e: e.id)
    if not any(e.kind == st.REDACTION and e.payload.get("kind_prefix") for e in events):
        for event in events:
            st._apply(memory, event)
        tracked.flush(tables, memory)
        return False
    tables._clear()
    folded = tracked.tracked(st.fold(st.load_events(store, site)), changed=True)
    for name in tracked.FIELDS:               # the same objects: the caller's state is this one
        setattr(memory, name, getattr(folded, name))
    memory.by_patron, memory.last_id = folded.by_patron, folded.last_id
    tracked.flush(tables, memory)
    (top,) = store.db.execute("SELECT coalesce(max(rowid), 0) FROM events").fetchone()
    (end,) = store.db.execute("SELECT coalesce(max(feed_cursor), 0) FROM remote_events WHERE site = ?",
                              [site]).fetchone()
    store.db.execute("UPDATE library_t_meta SET local_rowid = ?, feed = ?, claimed_at = ? WHERE"
                     " site = ?", [top, end, time.time(), site])
    return True
