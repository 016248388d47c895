"""The library state in memory that notes which of its entries changed, and the writing of those
entries into the library's tables: what the one-time migration (kiosk.library.tables.migrate) folds
its batches into.

A batch of events is applied with the one `state._apply` to a `LibraryState` whose stored fields are
`Tracked` (a dict or set that remembers the keys set or removed since the last write); `flush` then
writes just those rows, encoded and encrypted as `tables._Map` does, with one `executemany` per table
(rows sorted by key: the B-tree pages are met in order), and removes the keys gone. No row is read back
while migrating: the state in memory is the tables' content.
"""

from __future__ import annotations

from typing import Any

from kiosk.library import state as st

# LibraryState's stored fields → the table each is kept in (by_patron is derived from the loans)
FIELDS = {"patrons": "patrons", "cards": "cards", "link_ids": "link_ids", "blocks": "blocks",
          "block_ids": "block_ids", "loans": "loans", "conflicts": "conflicts", "orphans": "orphans",
          "returned": "returned", "counts": "counts", "duplicate_numbers": "duplicates"}


class Tracked(dict):
    """A dict that remembers the keys set or removed (`changed`) until they are written."""

    def __init__(self, data: Any = (), *, changed: bool = True) -> None:
        super().__init__(data)
        self.changed: set[Any] = set(self) if changed else set()

    def __setitem__(self, key: Any, value: Any) -> None:
        self.changed.add(key)
        super().__setitem__(key, value)

    def __delitem__(self, key: Any) -> None:
        self.changed.add(key)
        super().__delitem__(key)

    def pop(self, key: Any, *default: Any) -> Any:
        self.changed.add(key)
        return super().pop(key, *default)

    def setdefault(self, key: Any, default: Any = None) -> Any:
        self.changed.add(key)
        return super().setdefault(key, default)

    def update(self, *args: Any, **kwargs: Any) -> None:
        for key, value in dict(*args, **kwargs).items():
            self[key] = value

    def popitem(self) -> tuple[Any, Any]:
        key, value = super().popitem()
        self.changed.add(key)
        return key, value

    def clear(self) -> None:
        self.changed.update(self)
        super().clear()


class TrackedSet(set):
    """A set that remembers the values added or removed (`changed`)."""

    def __init__(self, data: Any = (), *, changed: bool = True) -> None:
        super().__init__(data)
        self.changed: set[Any] = set(self) if changed else set()

    def add(self, value: Any) -> None:
        self.changed.add(value)
        super().add(value)

    def discard(self, value: Any) -> None:
        self.changed.add(value)
        super().discard(value)

    def remove(self, value: Any) -> None:
        self.changed.add(value)
        super().remove(value)


def tracked(state: st.LibraryState, *, changed: bool) -> st.LibraryState:
    """`state` with its stored fields tracked; `changed`: every entry is still to be written (a
    state from the snapshot, or folded again) or none is (read from the tables)."""
    for name in FIELDS:
        value = getattr(state, name)
        kind = TrackedSet if isinstance(value, (set, frozenset)) else Tracked
        setattr(state, name, kind(value, changed=changed))
    return state


def flush(tables: Any, state: st.LibraryState) -> int:
    """Write the entries of `state` changed since the last flush into `tables` (a
    `tables.TableState`, inside its transaction), and the latest event id. Returns the rows written
    or removed."""
    db, site, written = tables.db, tables.site, 0
    for name, table_name in FIELDS.items():
        data = getattr(state, name)
        if not data.changed:
            continue
        table = tables.duplicate_numbers.t if name == "duplicate_numbers" else getattr(tables, name)
        put, gone = [], []
        for key in data.changed:
            k = table._k(key)
            if key in data:
                value = True if isinstance(data, set) else data[key]
                ix = table.index(key, value) if table.index else None
                put.append((site, k, ix, table._encode(k, key, value)))
            else:
                gone.append((site, k))
        data.changed = set()
        put.sort(key=lambda row: row[1])
        db.conn.executemany(f"INSERT INTO library_t_{table_name} (site, k, ix, v) VALUES (?, ?, ?, ?)"
                            " ON CONFLICT (site, k) DO UPDATE SET ix = excluded.ix, v = excluded.v", put)
        db.conn.executemany(f"DELETE FROM library_t_{table_name} WHERE site = ? AND k = ?", gone)
        written += len(put) + len(gone)
    tables.last_id = state.last_id
    return written
