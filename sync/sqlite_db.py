"""The store's SQLite connection (`Database`), without sqlite-utils: opening the terminal's database
at start (the kiosk's sign-in, a library lookup in a fresh process) does not load sqlite-utils and
what it brings (click, pluggy, dateutil: about 50 ms). `Database` keeps the rules the store was
written against with sqlite-utils' Database: a write outside a transaction is committed at once,
`atomic()` is one transaction (a savepoint when nested), `PRAGMA recursive_triggers` is on, and
`db["table"]` is sqlite-utils' Table over the same connection (loading sqlite-utils on first use).
sqlite-utils' `prepare_connection` plugins (kazasu installs none) are no longer run on every connection.

sqlite-utils itself is loaded only to upgrade the schema (`sqlite_utils_database`, sync.schema:
its migrations table is the record of what was applied), with numpy hidden: sqlite_utils.db imports
numpy (when installed) only to map numpy's number types to column types, and the store never writes
numpy values (its rows come from JSON).
"""

from __future__ import annotations

import contextlib
import re
import secrets
import sqlite3
import sys
from pathlib import Path
from typing import Any, Iterator, Sequence

# the statements that begin or end a transaction themselves: never committed behind the caller's back
_CONTROL = frozenset({"BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE"})
_LEADING = re.compile(r"(?:\s|;|\ufeff|--[^\n]*(?:\n|$)|/\*.*?\*/)*([A-Za-z]+)", re.S)


def first_word(sql: str) -> str:
    """The statement's first keyword in capitals (after blanks and comments), or ""."""
    match = _LEADING.match(sql)
    return match.group(1).upper() if match else ""


class Database:
    """One connection to a SQLite file; `conn` is the sqlite3 connection itself."""

    def __init__(self, path: Path | str) -> None:
        self.conn = sqlite3.connect(str(path))
        self.execute("PRAGMA recursive_triggers=on")
        self._sqlite_utils: Any = None

    def __getitem__(self, table: str) -> Any:
        """sqlite-utils' Table `table` on this connection (an effect may write with its API)."""
        if self._sqlite_utils is None:
            self._sqlite_utils = sqlite_utils_database(self)
        return self._sqlite_utils[table]

    def execute(self, sql: str, parameters: Sequence[Any] | dict[str, Any] | None = None) -> sqlite3.Cursor:
        """Run one statement. A write outside a transaction is committed before this returns; inside
        `atomic()` it is part of that transaction. A failed statement leaves no transaction open."""
        outside = not self.conn.in_transaction
        try:
            cursor = self.conn.execute(sql) if parameters is None else self.conn.execute(sql, parameters)
        except BaseException:
            if outside and self.conn.in_transaction:  # the driver began one for the failed write
                self.conn.execute("ROLLBACK")
            raise
        if outside and self.conn.in_transaction and cursor.description is None \
                and first_word(sql) not in _CONTROL:
            self.conn.execute("COMMIT")
        return cursor

    def query(self, sql: str, parameters: Sequence[Any] | dict[str, Any] | None = None
              ) -> Iterator[dict[str, Any]]:
        """The rows of a SELECT as dictionaries (column name → value)."""
        cursor = self.execute(sql, parameters)
        names = [column[0] for column in cursor.description or ()]
        return (dict(zip(names, row)) for row in cursor)

    @contextlib.contextmanager
    def atomic(self) -> Iterator[Database]:
        """One transaction around the block, rolled back when it raises; nested: a savepoint."""
        if self.conn.in_transaction:
            name = f"kazasu_{secrets.token_hex(8)}"
            self.conn.execute(f"SAVEPOINT {name}")
            try:
                yield self
            except BaseException:
                if self.conn.in_transaction:  # a failure may already have ended the transaction
                    self.conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                    self.conn.execute(f"RELEASE SAVEPOINT {name}")
                raise
            self.conn.execute(f"RELEASE SAVEPOINT {name}")
            return
        self.conn.execute("BEGIN")
        try:
            yield self
        except BaseException:
            self.rollback()
            raise
        try:
            self.conn.execute("COMMIT")
        except BaseException:
            self.rollback()
            raise

    def commit(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("COMMIT")

    def rollback(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    def enable_wal(self) -> None:
        """Write-ahead logging (set outside any transaction: changing the mode cannot be rolled back)."""
        if self.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
            return
        if self.conn.in_transaction:
            raise sqlite3.OperationalError("the journal mode cannot change inside a transaction")
        level = self.conn.isolation_level
        self.conn.isolation_level = None
        try:
            self.conn.execute("PRAGMA journal_mode=wal")
        finally:
            self.conn.isolation_level = level

    def close(self) -> None:
        self.conn.close()


def sqlite_utils_database(db: Database) -> Any:
    """sqlite-utils' Database over the same connection (the schema's upgrade), loaded on this call."""
    return _sqlite_utils().Database(db.conn)


def sqlite_utils_migrations() -> Any:
    """sqlite-utils' Migrations class, loaded on this call."""
    _sqlite_utils()
    from sqlite_utils.migrations import Migrations  # lazy: only to upgrade the schema

    return Migrations


def _sqlite_utils() -> Any:
    """Import sqlite_utils with numpy hidden, unless numpy is already loaded (then nothing is saved)."""
    if "numpy" in sys.modules or "sqlite_utils" in sys.modules:
        import sqlite_utils  # lazy: numpy is already here, a plain import

        return sqlite_utils
    sys.modules["numpy"] = None  # type: ignore[assignment]  # `import numpy` raises ImportError
    try:
        import sqlite_utils  # lazy: numpy hidden for this import only

        return sqlite_utils
    finally:
        if sys.modules.get("numpy", 0) is None:
            del sys.modules["numpy"]
