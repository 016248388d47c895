"""PostgresMeshStorage: the mesh's storage on PostgreSQL through psycopg 3 (same SQL as SQLite).

Differences from SQLite, all behind MeshStorage's hooks: `%s` placeholders; `seq` is a
`BIGINT GENERATED ALWAYS AS IDENTITY` column; writes start with a plain BEGIN and then take a
transaction-level advisory lock (`pg_advisory_xact_lock`) — the migration lock, or the feed lock that
every event insert takes so feed positions commit in the order they were drawn, across every mesh
process (see sync.mesh.storage); batch inserts go through `executemany(..., returning=True)`, which
psycopg pipelines (one network round trip per batch instead of one per event), and the new rows of a
batch (`insert_many`) through multi-row INSERTs (one statement per MULTI_ROW rows).
The connection is in autocommit mode (transactions are explicit). A lost connection becomes
StorageUnavailableError (the API answers 503 with Retry-After) and is reopened on the next call.
"""

from __future__ import annotations

import contextlib
import logging
from typing import Any, Iterator

import psycopg

from sync.errors import StorageUnavailableError
from sync.mesh.storage import MeshStorage, Tx

logger = logging.getLogger(__name__)

CONNECT_TIMEOUT = 5
MULTI_ROW = 500  # rows per multi-row INSERT (15 columns: well below PostgreSQL's 65,535 parameters)


class PostgresMeshStorage(MeshStorage):
    placeholder = "%s"
    seq_type = "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
    begin_write = "BEGIN"
    backend = "postgresql"
    payload_bytes_sql = "octet_length(payload)"

    def __init__(self, url: str) -> None:
        self.url = url
        super().__init__(self._connect())

    def _connect(self) -> psycopg.Connection:
        try:
            return psycopg.connect(self.url, autocommit=True, connect_timeout=CONNECT_TIMEOUT,
                                   application_name="kazasu-mesh")
        except psycopg.OperationalError:
            logger.warning("cannot connect to the mesh database (postgresql)")
            raise StorageUnavailableError(self.backend) from None

    def _cursor(self) -> Any:
        if self._conn.closed or self._conn.broken:
            with contextlib.suppress(Exception):
                self._conn.close()
            self._conn = self._connect()
        return self._conn.cursor()

    def _take_lock(self, tx: Tx, key: int) -> None:
        tx.one("SELECT pg_advisory_xact_lock(?)", [key])

    @contextlib.contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            yield
        except psycopg.OperationalError:
            logger.warning("lost the mesh database connection (postgresql)")
            raise StorageUnavailableError(self.backend) from None

    def insert_returning(self, cur: Any, sql: str, rows: list[list[Any]]) -> list[tuple | None]:
        if not rows:
            return []
        cur.executemany(sql, rows, returning=True)
        out = []
        while True:
            out.append(cur.fetchone())
            if not cur.nextset():
                break
        return out

    def insert_many(self, cur: Any, sql: str, rows: list[list[Any]]) -> int:
        """`sql` is a one-row INSERT ... VALUES (?, ...) [ON CONFLICT ...]: sent as multi-row INSERTs."""
        head, rest = sql.split(" VALUES ", 1)
        close = rest.index(")") + 1
        group, tail = rest[:close], rest[close:]
        inserted = 0
        for start in range(0, len(rows), MULTI_ROW):
            chunk = rows[start:start + MULTI_ROW]
            cur.execute(self.sql(f"{head} VALUES {','.join([group] * len(chunk))}{tail}"),
                        [value for row in chunk for value in row])
            inserted += cur.rowcount
        return inserted
