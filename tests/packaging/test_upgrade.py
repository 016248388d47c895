"""Upgrades: a data folder written by an older kazasu (tests/fixtures/upgrade/schema3: terminal schema
0001–0003, signing version 1, made by kazasu at commit 385b3d2 — see make-schema3-folder.sh) opens
with this kazasu, its events read back, its chain verifies, and its pending events sync to a real
loopback mesh running this kazasu on that older mesh's database. A migration that fails midway leaves
the old folder exactly as it was (one transaction), says so in Japanese and English, and the folder
still opens afterwards."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from sync import schema
from sync.mesh.embedded import EmbeddedMesh
from sync.store import EventStore

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "upgrade" / "schema3"
OLD_MIGRATIONS = ["0001_events_and_outbox", "0002_remote_events_and_sync_state", "0003_signed_chain"]


@pytest.fixture
def old_folder(tmp_path) -> Path:
    folder = tmp_path / "schema3"
    shutil.copytree(FIXTURE, folder)
    for key in ("sync.key", "terminal.key"):  # git keeps no file modes; a real folder has 0600 keys
        (folder / "terminal" / key).chmod(0o600)
    return folder


def applied(db_path: Path) -> list[str]:
    with sqlite3.connect(db_path) as db:
        return [row[0] for row in db.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]


def dump(db_path: Path) -> list[str]:
    with sqlite3.connect(db_path) as db:
        return list(db.iterdump())


def test_an_older_data_folder_opens_reads_and_syncs(old_folder, kazasu):
    terminal = old_folder / "terminal"
    kazasu = kazasu.using(data_dir=terminal)
    assert applied(terminal / "kazasu.db") == OLD_MIGRATIONS
    status = kazasu("queue", "status")
    assert (status["pending"], status["acknowledged"], status["total"]) == (2, 1, 3)
    assert applied(terminal / "kazasu.db") == [m.name for m in schema.MIGRATIONS]

    store = EventStore(terminal / "kazasu.db")
    try:
        ids = [row[0] for row in store.db.execute("SELECT id FROM events ORDER BY chain_seq")]
        events = [store.get(i) for i in ids]
    finally:
        store.close()
    assert [e.staff for e in events] == ["sato", "suzuki", "sato"]
    assert all(e.payload["form_id"] == "juminhyo_request" for e in events)
    assert all(e.payload["values"]["requester_name"] == "山田　太郎" for e in events)  # fictitious
    assert [e.auth["seq"] for e in events] == [1, 2, 3] and all("v" not in e.auth for e in events)  # version 1

    verified = kazasu("terminal", "verify")
    assert verified["ok"] is True and verified["checked"] == 3
    audit = kazasu("audit")
    assert [r["chain"] for r in audit["events"]] == ["ok", "ok", "ok"]

    mesh = EmbeddedMesh(f"sqlite:///{old_folder / 'mesh.db'}", allow_unsigned=False).start()
    try:
        sent = kazasu("sync", "--once", mesh=mesh.url)
        assert sent["accepted"] == 2 and sent["rejected"] == 0 and sent["pending"] == 0
    finally:
        mesh.stop()
    status = kazasu("queue", "status")
    assert (status["pending"], status["acknowledged"]) == (0, 3)
    stats = kazasu("mesh", "stats", "--db", f"sqlite:///{old_folder / 'mesh.db'}")
    assert stats["events"] == 3 and stats["sites"] == {"city-hall-1f": 3}  # 1 old + 2 now


def test_a_failed_upgrade_leaves_the_old_folder_untouched(old_folder, monkeypatch, kazasu):
    kazasu = kazasu.using(data_dir=old_folder / "terminal")
    db_path = old_folder / "terminal" / "kazasu.db"
    before = dump(db_path)

    def fails_midway(db) -> None:  # after the real migrations of this version have run
        db.execute("ALTER TABLE events ADD COLUMN half_done TEXT")
        raise OSError(28, "No space left on device")

    failing = schema.Migration("9999_fails_midway", fails_midway)
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, failing])
    result = kazasu("queue", "status", ok=False)
    assert result["error"]["code"] == "schema_upgrade_failed"
    assert result["error"]["migration"] == "9999_fails_midway"
    assert "nothing is lost" in result["error"]["message_en"] and "失われていません" in result["error"]["message_ja"]
    assert dump(db_path) == before  # not even the migrations before the failing one were kept
    assert applied(db_path) == OLD_MIGRATIONS

    monkeypatch.undo()
    status = kazasu("queue", "status")
    assert status["pending"] == 2  # the next start upgrades it for real
