"""`kazasu library` in ILS mode (library.json with an `ils` part) against the test ILS: show, checkout,
renew, checkin, block, the off-line outbox (ils-queue, ils-replay, ils-resolve) and ils-status; the
own-circulation commands refused with words that say why; output never holds a name."""

from __future__ import annotations

import json

from tests.cli_runner import Kazasu
from tests.kiosk.library.sip2.conftest import ils_config


def runner(tmp_path, ils) -> Kazasu:
    folder = tmp_path / "term"
    folder.mkdir()
    (folder / "library.json").write_text(json.dumps(ils_config(ils).data, ensure_ascii=False), encoding="utf-8")
    return Kazasu(data_dir=folder, site="lib-test")


def test_the_ils_mode_from_the_command_line(tmp_path, ils):
    kazasu = runner(tmp_path, ils)
    status = kazasu("library", "ils-status").json
    assert status["online"] and status["acs"]["offline_ok"] and status["pending"] == 0
    shown = kazasu("library", "show", "--patron", "2000001").json
    assert shown["may_borrow"] and "name" not in shown and "図書" not in json.dumps(shown, ensure_ascii=False)
    out = kazasu("library", "checkout", "--patron", "2000001", "--item", "1000001").json
    assert out["ok"] and out["item"] == "1000001" and out["due_date"]
    assert kazasu("library", "renew", "--patron", "2000001", "--item", "1000001").json["ok"]
    assert kazasu("library", "checkin", "--item", "1000001").json["ok"]
    assert kazasu("library", "block", "--patron", "2000003").json["blocked"] == "staff"
    refused = kazasu("library", "checkout", "--patron", "2000001", "--item", "1000009", ok=False).error
    assert refused["code"] == "ils_refused" and refused["screen"]

    ils.kill()
    assert kazasu("library", "checkout", "--patron", "2000001", "--item", "1000009").json["offline"]
    assert kazasu("library", "ils-status").json["online"] is False
    queue = kazasu("library", "ils-queue").json
    assert [(p["kind"], p["item"]) for p in queue["pending"]] == [("checkout", "1000009")]
    ils.start()
    replayed = kazasu("library", "ils-replay").json
    assert replayed["sent"] == 1 and replayed["refused"] == 1
    seq = kazasu("library", "ils-queue").json["refused"][0]["seq"]
    assert kazasu("library", "ils-resolve", "--seq", str(seq)).json == {"resolved": seq}
    assert kazasu("library", "ils-queue").json == {"pending": [], "refused": []}
    gone = kazasu("library", "ils-resolve", "--seq", str(seq), ok=False).error
    assert gone["code"] == "ils_no_such_refusal"


def test_own_circulation_commands_are_refused_in_ils_mode(tmp_path, ils):
    kazasu = runner(tmp_path, ils)
    error = kazasu("library", "blocked", ok=False).error
    assert error["code"] == "ils_mode" and "ILS" in error["message_ja"] and "ILS" in error["message_en"]


def test_ils_commands_need_an_ils(tmp_path):
    kazasu = Kazasu(data_dir=tmp_path, site="lib-test")
    error = kazasu("library", "ils-queue", ok=False).error
    assert error["code"] == "not_ils_mode" and "library.json" in error["message_en"]
