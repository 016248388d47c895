"""Logs: JSON lines, rotated by size, and no personal data through any path — a PIN, a My Number and
a name are sent through every way into the log we can think of (extra fields, dict and object
arguments, formatted text, an exception, warnings, the core packages' loggers), then a real card read
through pcscd with -v and a counter submission; the files are searched for them."""

from __future__ import annotations

import json
import logging
import warnings

import pytest

from devices.basic_four import BasicFour
from devices.credentials import CodeB
from kiosk import logs

READER = "Virtual PCD 00 00"


@pytest.fixture
def person(people) -> dict:
    return next(p for p in people if p["name"] == "𠮷田　修")  # PIN 2580


@pytest.fixture
def log_dir(tmp_path):
    logs.configure(tmp_path)
    yield tmp_path
    logs.configure(None)  # back to stderr only; the file is closed


def lines(data_dir) -> list[dict]:
    text = "".join(p.read_text(encoding="utf-8") for p in sorted((data_dir / "logs").glob("kazasu.log*")))
    return [json.loads(line) for line in text.splitlines()]


def everything_logged(data_dir) -> str:
    return "".join(p.read_text(encoding="utf-8") for p in (data_dir / "logs").glob("kazasu.log*"))


def assert_nothing_personal(text: str, person: dict) -> None:
    family, given = person["name"].split("　")
    for secret in (person["pin"], person["my_number"], person["my_number"][:4] + " " + person["my_number"][4:8],
                   family, given, person["address"][:6]):
        assert secret not in text, secret


def test_json_lines_with_what_is_needed(log_dir):
    logging.getLogger("kiosk.test").info("visit recorded (event %s, form %s)", "ev-1", "juminhyo_request")
    try:
        raise ValueError("a broken thing")
    except ValueError:
        logging.getLogger("sync.test").exception("sync failed")
    first, second = lines(log_dir)
    assert first["level"] == "INFO" and first["logger"] == "kiosk.test"
    assert first["msg"] == "visit recorded (event ev-1, form juminhyo_request)" and first["ts"].endswith("+00:00")
    assert second["level"] == "ERROR" and "ValueError: a broken thing" in second["exc"]
    assert (log_dir / "logs" / "kazasu.log").stat().st_mode & 0o777 == 0o600


def test_every_path_with_personal_data_is_refused(capsys, log_dir, person):
    log = logging.getLogger("devices.test")
    four = BasicFour(name=person["name"], address=person["address"], birth_date=__import__("datetime").date(
        1990, 1, 1), sex_code="1")
    number, pin, name = person["my_number"], person["pin"], person["name"]
    log.info("read done", extra={"pin": pin})
    log.info("read done", extra={"address": person["address"], "my_number": number})
    log.info("person %s", {"name": name, "address": person["address"]})
    log.info("card holder %s", four)
    log.info("code %s", CodeB.from_card_face("900101", "2030", "1234"))
    log.info("PIN entered: %s", pin)
    log.warning("暗証番号 %s が違います", pin)
    log.info(f"number {number}")
    log.info(f"number {number[:4]} {number[4:8]} {number[8:]}")
    log.info(f"code b {person['birth_date'][2:]}20301234")
    log.info(f"hello {name}")
    logging.getLogger("sync.test").error("payload for %s", name)
    try:
        raise RuntimeError(f"card said {number}")
    except RuntimeError:
        logging.getLogger("forms.test").exception("failed")
    with warnings.catch_warnings():  # pytest records warnings itself: route this one as kazasu does
        warnings.simplefilter("always")
        logging.captureWarnings(False)
        logging.captureWarnings(True)
        warnings.warn(f"odd holder {name}", stacklevel=1)
    logging.getLogger("kiosk.test").info("nothing personal here: form juminhyo_request, 2 copies")

    entries = lines(log_dir)
    refused = [e for e in entries if e.get("refused")]
    assert len(refused) == 14 and len(entries) == 15
    assert all(e["msg"].startswith("log record refused: it carried personal data (") for e in refused)
    assert "(pin)" in refused[0]["msg"] and "(address, my_number" in refused[1]["msg"]
    assert entries[-1]["msg"] == "nothing personal here: form juminhyo_request, 2 copies"
    assert_nothing_personal(everything_logged(log_dir), person)
    err = capsys.readouterr().err  # the stderr handler (WARNING and up) refuses them too
    assert err.count("log record refused: it carried personal data") == 4  # the WARNING and ERROR ones
    assert_nothing_personal(err, person)


def test_rotation_by_size(tmp_path, monkeypatch):
    monkeypatch.setenv("KAZASU_LOG_MAX_BYTES", "2000")
    monkeypatch.setenv("KAZASU_LOG_BACKUPS", "2")
    logs.configure(tmp_path)
    try:
        for i in range(100):
            logging.getLogger("kiosk.test").info("event %04d synced", i)
    finally:
        logs.configure(None)
    files = sorted(p.name for p in (tmp_path / "logs").iterdir())
    assert files == ["kazasu.log", "kazasu.log.1", "kazasu.log.2"]
    assert all((tmp_path / "logs" / f).stat().st_size <= 2000 for f in files)
    assert lines(tmp_path)[-1]["msg"].endswith("0099 synced") or "0099" in everything_logged(tmp_path)


def test_a_command_that_logs_nothing_leaves_no_log(tmp_path, kazasu):
    kazasu("queue", "status", data_dir=tmp_path / "d")
    assert not (tmp_path / "d" / "logs").exists() or all(
        "refused" not in line for line in everything_logged(tmp_path / "d").splitlines())


@pytest.mark.pcscd
def test_real_card_read_and_counter_submission_log_nothing_personal(pcsc_card, person, tmp_path, kazasu):
    data = tmp_path / "data"
    pcsc_card(person, slot=0)
    read = kazasu("-v", "card", "read", "--reader", READER, "--pin-stdin", data_dir=data,
                  stdin=person["pin"] + "\n")
    (tmp_path / "person.json").write_text(read.out, encoding="utf-8")
    answers = {"visitor": "self", "requester_kana": "よしだ おさむ", "certificate_kind": "all", "copies": 1,
               "purpose": "employment"}
    (tmp_path / "answers.json").write_text(json.dumps(answers, ensure_ascii=False), encoding="utf-8")
    err = kazasu("-v", "counter", "submit", "--person", str(tmp_path / "person.json"), "--answers",
                 str(tmp_path / "answers.json"), data_dir=data).err
    logs.configure(None)
    logged = everything_logged(data)
    assert "counter application recorded" in logged  # the file holds the INFO records
    assert_nothing_personal(logged, person)
    assert_nothing_personal(read.err + err, person)
    assert "よしだ" not in logged
