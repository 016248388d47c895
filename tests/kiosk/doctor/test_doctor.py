"""`kazasu doctor` on a healthy set-up (real pcscd, a loopback mesh, the installed fonts) and on broken
ones, each reported with its fix: mesh down, no fonts, pcscd unreachable, a missing rare-kanji glyph,
clock skew, an old queue. The shared pcscd is never stopped: its absence is simulated."""

from __future__ import annotations

import json
import socket
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import pytest

from devices.errors import PcscUnavailableError
from kiosk.doctor import DoctorOptions, hardware, run_doctor, site
from sync.mesh.embedded import EmbeddedMesh
from sync.store import EventStore


@pytest.fixture
def mesh(tmp_path):
    embedded = EmbeddedMesh(f"sqlite:///{tmp_path / 'mesh.db'}").start()
    try:
        yield embedded
    finally:
        embedded.stop()


@pytest.fixture
def data_dir(kazasu):
    """The data folder the `kazasu` runner works on."""
    kazasu.data_dir.mkdir()
    return kazasu.data_dir


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def doctor(kazasu, *argv: str) -> tuple[int, dict]:
    """`kazasu doctor --json` on the runner's data folder: (exit status, the report)."""
    done = kazasu("doctor", *argv, ok=None)
    return done.code, done.json


def by_name(result: dict) -> dict[str, dict]:
    return {check["name"]: check for check in result["checks"]}


def enroll(kazasu, mesh) -> None:
    code = kazasu("mesh", "enroll", "--db", mesh.db_url, "--site", "site-a")["code"]
    kazasu("terminal", "enroll", "--code", code, mesh=mesh.url)


def test_healthy_setup_exits_0_with_every_check_ok(pcscd, mesh, data_dir, cups, kazasu):
    cups.queue("counter-printer", default=True)
    enroll(kazasu, mesh)
    rc, result = doctor(kazasu, "--mesh", mesh.url)
    assert rc == 0 and result["ok"] is True
    checks = by_name(result)
    assert set(checks) >= {"pcscd", "readers", "card", "fonts", "rare-kanji", "printer", "mesh",
                           "enrolment", "clock", "disk", "queue"}
    assert all(c["status"] == "ok" for c in result["checks"]), result
    assert checks["readers"]["readers"] >= 1
    assert abs(checks["clock"]["skew_s"]) <= 2
    assert checks["printer"]["queue"] == "counter-printer" and checks["printer"]["is_default"] is True


def test_card_check_names_the_kind_only(pcsc_card, people, data_dir, kazasu):
    person = people[0]
    pcsc_card(person)
    rc, result = doctor(kazasu)
    card = by_name(result)["card"]
    assert rc == 0 and card["status"] == "ok" and card["card_kind"] == "mynumber"
    text = json.dumps(result, ensure_ascii=False)
    for key in ("name", "address", "my_number", "birth_date"):
        if person.get(key):
            assert str(person[key]) not in text


def test_mesh_down_fails_with_its_fix(pcscd, data_dir, kazasu):
    url = closed_port_url()
    rc, result = doctor(kazasu, "--mesh", url, "--timeout", "1")
    mesh = by_name(result)["mesh"]
    assert rc == 1 and result["ok"] is False and mesh["status"] == "fail"
    assert "not reachable" in mesh["message_en"] and "kazasu-mesh" in mesh["message_en"]
    assert "接続できません" in mesh["message_ja"]
    assert by_name(result)["enrolment"]["status"] == "warn"  # not enrolled: a warning, with its fix
    assert "kazasu terminal enroll" in by_name(result)["enrolment"]["message_en"]


def test_no_fonts_fails_with_its_fix(pcscd, data_dir, tmp_path, kazasu):
    empty = tmp_path / "no-fonts"
    empty.mkdir()
    rc, result = doctor(kazasu, "--font-dir", str(empty))
    fonts = by_name(result)["fonts"]
    assert rc == 1 and fonts["status"] == "fail"
    assert "BIZUDGothic-Regular.ttf" in fonts["message_en"]
    assert "fonts-morisawa-bizud-gothic" in fonts["message_en"] and "fonts-ipamj-mincho" in fonts["message_ja"]


def test_pcscd_unreachable_fails_with_its_fix(data_dir, monkeypatch, kazasu):
    def no_pcscd():
        raise PcscUnavailableError()

    monkeypatch.setattr(hardware, "_pcsc_listing", no_pcscd)
    rc, result = doctor(kazasu)
    checks = by_name(result)
    assert rc == 1 and checks["pcscd"]["status"] == "fail"
    assert "systemctl start pcscd" in checks["pcscd"]["message_en"]
    assert "pcscd --foreground" in checks["pcscd"]["message_ja"]
    assert "readers" not in checks and checks["card"]["card_present"] is False


def test_table_output_names_the_problem_and_exits_1(data_dir, tmp_path, kazasu):
    result = run_doctor(DoctorOptions(data_dir=data_dir, font_dirs=[tmp_path],
                                      list_readers=lambda: (_ for _ in ()).throw(PcscUnavailableError())))
    assert result["ok"] is False
    out = kazasu("doctor", "--font-dir", str(tmp_path), "--no-card", "--timeout", "1",
                 mesh=closed_port_url(), json=False, ok=False).out
    assert "FAIL" in out and "en: The mesh at" in out and "ja: フォント" in out
    assert "ok: False" in out


def test_missing_rare_kanji_glyph_fails():
    checks = hardware.check_fonts(glyph="\U0010FFFD")  # a private-use code point no font draws
    assert [c.status for c in checks] == ["ok", "fail"]
    assert "fonts-ipamj-mincho" in checks[1].message_en


def test_clock_skew_over_the_limit_warns():
    now = datetime.now(timezone.utc)
    header = format_datetime(now - timedelta(seconds=300), usegmt=True)
    check = site._skew(header, now.timestamp(), 120)
    assert check.status == "warn" and "timedatectl set-ntp true" in check.message_en
    assert site._skew(format_datetime(now, usegmt=True), now.timestamp(), 120).status == "ok"


def test_old_pending_event_warns_without_showing_it(data_dir):
    store = EventStore(data_dir / "kazasu.db")
    try:
        store.append("counter.application_submitted", {"secret": "山田"}, site="s", terminal="t",
                     staff="x")
    finally:
        store.close()
    fresh = site.check_queue(data_dir)
    assert fresh.status == "ok" and fresh.data["pending"] == 1
    late = site.check_queue(data_dir, now=datetime.now(timezone.utc) + timedelta(hours=48))
    assert late.status == "warn" and late.data["oldest_pending_age_h"] >= 47.9
    assert "kazasu sync --once" in late.message_en and "山田" not in json.dumps(late.to_dict())


def test_low_disk_space_warns(data_dir):
    check = site.check_disk(data_dir, min_free_gib=10 ** 9)
    assert check.status == "warn" and "free some space" in check.message_en


def test_no_printer_warns_and_says_pdfs_are_kept(data_dir, cups, kazasu):
    rc, result = doctor(kazasu, "--no-card")
    printer = by_name(result)["printer"]
    assert printer["status"] == "warn" and "PDFs kept" in printer["message_en"]
    assert "プリンタ" in printer["message_ja"]


def test_configured_printer_stopped_or_missing_fails_with_its_fix(data_dir, cups, kazasu):
    cups.queue("counter-printer", default=True)
    cups.queue("jammed")
    (data_dir / "kiosk.json").write_text(json.dumps({"printer": "jammed"}), encoding="utf-8")
    assert cups.run("cupsdisable", "jammed").returncode == 0
    rc, result = doctor(kazasu, "--no-card")
    printer = by_name(result)["printer"]
    assert rc == 1 and printer["status"] == "fail" and printer["queue"] == "jammed"
    assert "cupsenable jammed" in printer["message_en"] and "停止" in printer["message_ja"]

    rc, result = doctor(kazasu, "--no-card", "--printer", "gone")
    printer = by_name(result)["printer"]
    assert rc == 1 and printer["status"] == "fail" and "lpstat -p" in printer["message_en"]


def test_configured_printer_with_cups_down_fails(data_dir, cups, monkeypatch, tmp_path, kazasu):
    monkeypatch.setenv("CUPS_SERVER", str(tmp_path / "no-cupsd.sock"))
    rc, result = doctor(kazasu, "--no-card", "--printer", "counter")
    printer = by_name(result)["printer"]
    assert rc == 1 and printer["status"] == "fail" and "systemctl start cups" in printer["message_en"]
    rc, result = doctor(kazasu, "--no-card")  # nothing configured
    assert by_name(result)["printer"]["status"] == "warn"
