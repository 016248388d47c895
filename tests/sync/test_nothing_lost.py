"""Issue 16, as deployed: separate `kazasu` processes on their own data folders and a real `kazasu mesh
serve`. Each test is one defect that lost or hid data, and fails on the code before its fix:

- one flipped byte in one payload stopped the whole queue for good (0 of 40 reached the mesh) while
  `doctor` said the queue was OK: now it is quarantined with its reason and the other 39 flow;
- a bit-flipped key file was used as it was (new events written with the wrong key): now `key_invalid`
  before anything is written;
- a WAL cut short after a crash silently dropped events that `queue status`, `doctor` and the mesh
  comparison called OK: now they are `lost`, named by id (journal at start; the mesh's feed online);
- a corrupt database said `internal_error`, `doctor` "the check itself failed unexpectedly": now
  `database_corrupt` with what to do, and `doctor`'s database check says it.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from tests.sync.processes import SITE, MeshServer, kazasu, run_json

PAGE_FRAME_HEADER = 24
WAL_HEADER = 32


@pytest.fixture
def mesh(tmp_path):
    folder = tmp_path / "mesh"
    folder.mkdir()
    url = f"sqlite:///{folder / 'mesh.db'}"
    server = MeshServer(url, folder)
    server.db_url, server.folder = url, folder
    yield server
    server.kill(subprocess.signal.SIGTERM)


def failing(*args: str, data_dir: Path) -> dict:
    proc = kazasu(*args, data_dir=data_dir)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode != 0, out
    assert "Traceback" not in err
    return json.loads(out)["error"]


def doctor(data_dir: Path, mesh_url: str | None = None) -> dict[str, dict]:
    args = ["doctor", *(["--mesh", mesh_url] if mesh_url else [])]
    proc = kazasu(*args, data_dir=data_dir)
    out, _ = proc.communicate(timeout=120)
    return {c["name"]: c for c in json.loads(out)["checks"]}


def enrolled_terminal(mesh, folder: Path) -> Path:
    code = run_json("mesh", "enroll", "--db", mesh.db_url, "--site", SITE, data_dir=mesh.folder)["code"]
    run_json("terminal", "enroll", "--code", code, "--mesh", mesh.url, data_dir=folder)
    return folder


def db_files(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.iterdir()) if p.name.startswith("kazasu.db"))


def test_one_undecryptable_payload_is_quarantined_and_the_other_39_flow(mesh, tmp_path):
    term = enrolled_terminal(mesh, tmp_path / "term")
    run_json("dev", "seed-events", "--count", "40", "--seed", "16", data_dir=term)
    with sqlite3.connect(term / "kazasu.db") as db:  # one flipped byte in the 6th payload
        victim, blob = db.execute("SELECT id, payload FROM events ORDER BY id LIMIT 1 OFFSET 5").fetchone()
        flipped = bytearray(blob)
        flipped[30] ^= 0x01
        db.execute("UPDATE events SET payload = ? WHERE id = ?", [bytes(flipped), victim])
    assert doctor(term)["payloads"]["status"] == "fail"  # found before anything is sent
    assert doctor(term)["payloads"]["ids"] == [victim]

    passed = run_json("sync", "--once", "--mesh", mesh.url, data_dir=term)
    assert (passed["sent"], passed["accepted"], passed["rejected"], passed["pending"]) == (40, 40, 0, 0)
    assert mesh.events() == 40  # the signed chain is whole: the bad one went as its receipt
    feed = mesh.http.get(f"{mesh.url}/v1/sites/{SITE}/events", params={"limit": 100}).json()["events"]
    served = {e["id"]: e for e in feed}
    assert served[victim]["payload"] == {} and served[victim]["redacted"] is True
    assert sum(1 for e in feed if e["payload"]) == 39

    status = run_json("queue", "status", data_dir=term)
    assert status["quarantined"] == 1 and status["pending"] == 0 and status["lost"] == 0
    shown = [e for e in status["events"] if e["state"] == "quarantined"]
    assert [e["id"] for e in shown] == [victim] and shown[0]["reason"].startswith("decryption_failed")
    check = doctor(term)["payloads"]
    assert check["status"] == "warn" and check["ids"] == [victim] and check["quarantined"] == 1
    # new records still go through, and the set-aside blob is kept for a recovery with the key
    run_json("shelter", "checkin", "--by-hand", "--name", "見本　花子", data_dir=term)  # 2 events
    assert run_json("sync", "--once", "--mesh", mesh.url, data_dir=term)["accepted"] == 2
    with sqlite3.connect(term / "kazasu.db") as db:
        assert bytes(db.execute("SELECT payload FROM events WHERE id = ?", [victim]).fetchone()[0]) \
            == bytes(flipped)


def test_a_bit_flipped_key_file_is_key_invalid_before_anything_is_written(tmp_path):
    term = tmp_path / "term"
    run_json("shelter", "checkin", "--by-hand", "--name", "見本　一郎", data_dir=term)
    key = bytearray((term / "sync.key").read_bytes())
    key[3] ^= 0x04
    (term / "sync.key").write_bytes(bytes(key))
    before = db_files(term)
    error = failing("shelter", "checkin", "--by-hand", "--name", "見本　二郎", data_dir=term)
    assert error["code"] == "key_invalid" and "original key" in error["message_en"]
    assert "鍵" in error["message_ja"]
    assert db_files(term) == before  # not one byte written with the wrong key
    assert failing("queue", "status", data_dir=term)["code"] == "key_invalid"
    check = doctor(term)["database"]
    assert check["status"] == "fail" and check["code"] == "key_invalid"
    assert "unexpectedly" not in check["message_en"]


def _journal_ids(term: Path) -> list[str]:
    return [json.loads(line)["id"] for line in (term / "kazasu.writes").read_text().splitlines()]


def _cut_the_wal(term: Path) -> None:
    """What a disk that lied about its flushes leaves after a power cut: the WAL's later half gone."""
    wal = term / "kazasu.db-wal"
    data = wal.read_bytes()
    page = int.from_bytes(data[8:12], "big")
    frames = (len(data) - WAL_HEADER) // (PAGE_FRAME_HEADER + page)
    assert frames > 20, frames
    with open(wal, "r+b") as handle:
        handle.truncate(WAL_HEADER + frames // 2 * (PAGE_FRAME_HEADER + page))
    (term / "kazasu.db-shm").unlink(missing_ok=True)  # a reboot: no shared memory survives


def _stored_ids(term: Path) -> set[str]:
    with sqlite3.connect(term / "kazasu.db") as db:
        return {r[0] for r in db.execute("SELECT id FROM events")}


def test_writes_lost_with_a_cut_wal_are_named_at_start(tmp_path):
    term = tmp_path / "term"
    seeding = kazasu("dev", "seed-events", "--count", "100000", "--batch", "1", "--seed", "7",
                     data_dir=term)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        journal = term / "kazasu.writes"
        if journal.exists() and journal.read_text().count("\n") >= 60:
            break
        time.sleep(0.05)
    seeding.kill()  # a crash: the WAL is not checkpointed
    seeding.communicate(timeout=30)
    written = _journal_ids(term)
    _cut_the_wal(term)
    missing = set(written) - _stored_ids(term)
    assert missing, "the cut WAL dropped nothing: the test did not reproduce the defect"

    status = run_json("queue", "status", data_dir=term)  # the next start
    assert status["lost"] == len(missing)
    lost = [e for e in status["events"] if e["state"] == "lost"]
    assert {e["id"] for e in lost} == missing and all("journal" in e["reason"] for e in lost)
    check = doctor(term)["lost-writes"]
    assert check["status"] == "fail" and check["lost"] == len(missing)
    assert set(check["ids"]) <= missing and len(check["ids"]) == min(20, len(missing))


def test_acknowledged_writes_lost_locally_are_named_from_the_mesh_feed(mesh, tmp_path):
    """The journal is gone too (a data folder restored from a backup without it): the next pass
    meets the terminal's own events in the site's feed that its database no longer holds."""
    term = tmp_path / "term"
    run_json("dev", "seed-events", "--count", "30", "--seed", "3", "--site", SITE, data_dir=term)
    assert run_json("sync", "--once", "--mesh", mesh.url, data_dir=term)["accepted"] == 30
    backup = tmp_path / "backup"
    backup.mkdir()
    for name in ("kazasu.db", "sync.key", "terminal.json"):
        (backup / name).write_bytes((term / name).read_bytes())
    os.chmod(backup / "sync.key", 0o600)
    run_json("dev", "seed-events", "--count", "12", "--seed", "4", "--site", SITE, data_dir=term)
    assert run_json("sync", "--once", "--mesh", mesh.url, data_dir=term)["accepted"] == 12
    later = _stored_ids(term) - _stored_ids(backup)
    assert len(later) == 12
    status = run_json("queue", "status", data_dir=backup)  # acknowledged-looking, nothing pending
    assert (status["pending"], status["lost"]) == (0, 0)
    passed = run_json("sync", "--once", "--mesh", mesh.url, data_dir=backup)
    assert passed["lost"] == 12 and passed["pulled"] == 0  # its own events are never "pulled"
    status = run_json("queue", "status", data_dir=backup)
    assert {e["id"] for e in status["events"] if e["state"] == "lost"} == later
    assert all("mesh" in e["reason"] for e in status["events"] if e["state"] == "lost")
    assert doctor(backup)["lost-writes"]["lost"] == 12


def test_a_corrupt_database_says_so_and_what_to_do(tmp_path):
    term = tmp_path / "term"
    run_json("shelter", "checkin", "--by-hand", "--name", "見本　三郎", data_dir=term)
    path = term / "kazasu.db"
    data = bytearray(path.read_bytes())
    data[4096:8192] = os.urandom(4096)  # the second page: a table's b-tree
    path.write_bytes(bytes(data))
    for name in ("kazasu.db-wal", "kazasu.db-shm"):
        (term / name).unlink(missing_ok=True)
    check = doctor(term)["database"]
    assert check["status"] == "fail" and check["code"] == "database_corrupt"
    assert "copy the data folder" in check["message_en"] and "unexpectedly" not in check["message_en"]
    path.write_bytes(b"this is not a database at all " * 400)
    error = failing("queue", "status", data_dir=term)
    assert error["code"] == "database_corrupt" and "Do not delete it" in error["message_en"]
    assert "壊れて" in error["message_ja"]
    assert doctor(term)["database"]["code"] == "database_corrupt"
