"""WriteJournal: a record of this terminal's own writes kept OUTSIDE its database, to notice lost ones.

A database can lose committed writes without an error: a write-ahead log truncated after a crash (a
disk that lied about a flush), a `kazasu.db` copied or restored without its `-wal`, an old backup put
back. Everything inside the database rolls back together, so only a record outside it can tell. After
every commit that appended events, `EventStore` adds one line per event here: `{"id", "kind", "seq"}`
(`seq`: the chain position of a signed event, else null). No payload, no personal data; mode 0600.

At open the store reads the lines it has not checked yet (the checked offset is kept in the database,
so after a rollback it is older and more is checked again) and records every id the database does
not hold as lost (`lost_events`, source `journal`). Lines are written after the commit and without an
fsync: a crash between the two leaves an event the journal does not name (never a false alarm), and
the file survives any crash of the process. Several processes may append at once (short lines, one
`write` each on an O_APPEND descriptor under a shared lock); the file is compacted in place, under an
exclusive lock, once it has been checked and passed COMPACT_AT bytes (the last line is kept).
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
from pathlib import Path
from typing import Any, Iterable

logger = logging.getLogger(__name__)

COMPACT_AT = 256 * 1024


class WriteJournal:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def record(self, entries: Iterable[dict[str, Any]]) -> None:
        """Append one line per entry; a failure is logged, never raised (the commit already happened)."""
        data = "".join(json.dumps({"id": e["id"], "kind": e["kind"], "seq": e.get("seq")},
                                  separators=(",", ":")) + "\n" for e in entries).encode()
        if not data:
            return
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_SH)
                os.write(fd, data)
            finally:
                os.close(fd)
        except OSError as exc:
            logger.warning("the write journal could not be written (%s)", type(exc).__name__)

    def read(self, offset: int = 0) -> tuple[list[dict[str, Any]], int]:
        """The entries from byte `offset` (from the start when the file is shorter: it was compacted or
        replaced) and the offset after the last whole line. No file: nothing, offset 0."""
        try:
            with open(self.path, "rb") as handle:
                size = os.fstat(handle.fileno()).st_size
                start = offset if 0 <= offset <= size else 0
                handle.seek(start)
                data = handle.read()
        except FileNotFoundError:
            return [], 0
        whole = data[:data.rfind(b"\n") + 1]  # a line being written right now is read next time
        entries = []
        for line in whole.splitlines():
            try:
                entry = json.loads(line)
            except ValueError:
                continue  # a line torn by a crash names nothing
            if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                entries.append(entry)
        return entries, start + len(whole)

    def compact(self, checked: int) -> int | None:
        """When everything up to `checked` was checked and the file is large, keep only its last line;
        returns the new checked offset, or None when nothing was done."""
        try:
            fd = os.open(self.path, os.O_RDWR)
        except FileNotFoundError:
            return None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            size = os.fstat(fd).st_size
            if size < COMPACT_AT or checked != size:
                return None
            os.lseek(fd, max(0, size - 4096), os.SEEK_SET)
            tail = os.read(fd, 4096)
            lines = tail.rstrip(b"\n").rsplit(b"\n", 1)
            last = lines[-1] + b"\n" if lines and lines[-1] else b""
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, last)
            return len(last)
        finally:
            os.close(fd)
