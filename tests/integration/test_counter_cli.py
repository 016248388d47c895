"""The spine end to end, through the real command line only (subprocesses of `kazasu`):

card emulate (slot 1, through the real pcscd + vpcd) → card read with the PIN on stdin → counter
submit (event + local row, then the PDF) → mesh serve on a free loopback port (the terminal enrolled
with a code from `mesh enroll`, so its events are signed) → sync --once twice →
queue status (pending 0) and mesh stats (events 1). Needs the running pcscd (scripts/test.sh).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli_runner import Kazasu, read_line, stop
from tests.sync.processes import MeshServer

pytestmark = pytest.mark.pcscd

SLOT1_READER = "Virtual PCD 00 01"
START_TIMEOUT_S = 15.0


@pytest.fixture
def emulated_card(pcscd, tmp_path, people):
    person_file = tmp_path / "holder.json"
    person_file.write_text(json.dumps(people[0], ensure_ascii=False), encoding="utf-8")
    process = Kazasu(data_dir=tmp_path / "emulator").start("card", "emulate", "--person", str(person_file),
                                                          "--slot", "1")
    try:
        status = json.loads(read_line(process, START_TIMEOUT_S))
        assert status["status"] == "inserted" and status["reader"] == SLOT1_READER
        yield people[0]
    finally:
        stop(process)


@pytest.fixture
def mesh(tmp_path):
    (tmp_path / "mesh").mkdir()
    db = f"sqlite:///{tmp_path / 'mesh' / 'mesh.db'}"
    server = MeshServer(db, tmp_path / "mesh")
    try:
        yield server.url, db
    finally:
        server.stop()


def test_tap_read_submit_sync_end_to_end(emulated_card, mesh, tmp_path):
    holder = emulated_card
    url, db = mesh
    terminal = tmp_path / "terminal"
    kazasu = Kazasu(data_dir=terminal).process   # real processes only

    person = kazasu("card", "read", "--pin-stdin", "--reader", SLOT1_READER, stdin=holder["pin"] + "\n").json
    b = holder["birth_date"]
    assert person == {"name": holder["name"], "address": holder["address"],
                      "birth_date": f"{b[:4]}-{b[4:6]}-{b[6:]}", "sex_code": holder["sex"]}

    # the mesh as deployed takes only enrolled terminals' signed events: enrol first, as staff IT would
    code = kazasu("mesh", "enroll", "--db", db, "--site", "city-hall-1f", data_dir=tmp_path / "mesh")
    enrolled = kazasu("terminal", "enroll", "--code", code["code"], "--mesh", url, data_dir=terminal)
    assert enrolled["site"] == "city-hall-1f"

    person_file, answers_file = tmp_path / "person.json", tmp_path / "answers.json"
    person_file.write_text(json.dumps(person, ensure_ascii=False), encoding="utf-8")
    answers_file.write_text(json.dumps({"visitor": "self", "requester_kana": "やまだ たろう",
                                        "certificate_kind": "all", "copies": 1,
                                        "purpose": "employment"}, ensure_ascii=False),
                            encoding="utf-8")
    submitted = kazasu("counter", "submit", "--person", str(person_file), "--form", "juminhyo_request",
                       "--answers", str(answers_file))
    assert submitted["form"] == "juminhyo_request"
    pdf = Path(submitted["pdf"])
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
    assert pdf.parent == terminal / "print" and pdf.stem == submitted["event_id"]
    assert kazasu("queue", "status")["pending"] == 1

    first = kazasu("sync", "--once", mesh=url)
    assert first["sent"] == 1 and first["accepted"] == 1 and first["pending"] == 0
    second = kazasu("sync", "--once", mesh=url)
    assert second["sent"] == 0 and second["pending"] == 0

    status = kazasu("queue", "status")
    assert status["pending"] == 0 and status["acknowledged"] == 1
    stats = kazasu("mesh", "stats", "--db", db, data_dir=tmp_path / "mesh")
    assert stats["events"] == 1


def test_wrong_pin_through_the_cli_reports_tries_left(emulated_card, tmp_path):
    done = Kazasu(data_dir=tmp_path).process("card", "read", "--pin-stdin", "--reader", SLOT1_READER,
                                             stdin="0000\n", ok=False)
    assert done.error["code"] == "wrong_pin" and done.error["tries_left"] == 2
    assert emulated_card["name"] not in done.out + done.err


def test_counter_metrics_json_and_csv(tmp_path):
    """`kazasu counter metrics`: the per-form medians as JSON and as a CSV file, no personal data."""
    from kiosk.counter import metrics

    terminal = tmp_path / "terminal"
    terminal.mkdir()
    kazasu = Kazasu(data_dir=terminal).process
    assert kazasu("counter", "metrics").json == {"forms": []}
    metrics.record(terminal, [
        {"form_id": "juminhyo_request", "path": "pin", "card_ms": 4000, "asked_ms": 20000,
         "confirm_ms": 5000, "prefilled": 12, "typed": 2},
        {"form_id": "juminhyo_request", "path": "code_b", "card_ms": 8000, "asked_ms": 30000,
         "confirm_ms": 7000, "prefilled": 12, "typed": 4}])
    out = kazasu("counter", "metrics", "--csv", str(tmp_path / "m.csv"))
    [row] = out["forms"]
    assert row["form"] == "juminhyo_request" and row["count"] == 2
    assert row["card_ms_median"] == 6000 and row["typed_median"] == 3
    lines = (tmp_path / "m.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0].split(",") == list(metrics.CSV_COLUMNS)
    assert lines[1].startswith("juminhyo_request,2,6000")
