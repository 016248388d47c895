"""The mesh on SQLite keeps no copy of an erased payload in its own files: after a batch whose
redaction erased events, the database, its WAL and its shared-memory file hold none of the names."""

from __future__ import annotations

from sync.events import Event
from sync.mesh.backends import open_storage
from sync.mesh.ingest import ingest
from sync.store import EventStore

NAMES = ["鈴木見本太郎", "Mihon Suzuki-Example"]


def _raw(path) -> bytes:
    out = b""
    for suffix in ("", "-wal", "-shm"):
        part = path.with_name(path.name + suffix)
        if part.exists():
            out += part.read_bytes()
    return out


def test_sqlite_mesh_files_forget_erased_payloads(tmp_path):
    store = EventStore(tmp_path / "terminal" / "kazasu.db")
    events = [store.append("library.checked_out", {"patron": {"name": name}, "item": f"I{i}"},
                           site="site-a", terminal="term-1", staff="s")
              for i, name in enumerate(NAMES)]
    db = tmp_path / "mesh.db"
    storage = open_storage(f"sqlite:///{db}")
    reader = open_storage(f"sqlite:///{db}")  # a second connection, as a second mesh process has
    try:
        assert [s for s, _ in ingest(storage, events, allow_unsigned=True)] == ["accepted"] * 2
        raw = _raw(db)
        assert all(name.encode() in raw for name in NAMES)  # the probe sees them before erasure
        red = store.redact(event_ids=[e.id for e in events], reason="returned", staff="s",
                           site="site-a", terminal="term-1")
        assert [s for s, _ in ingest(storage, [Event.from_dict(red.to_dict())],
                                     allow_unsigned=True)] == ["accepted"]
        raw = _raw(db)
        for name in NAMES:
            assert name.encode() not in raw
            assert name.encode("utf-16-le") not in raw
        assert reader.stats()["events"] == 3  # the receipts stay
    finally:
        reader.close()
        storage.close()
