"""`kazasu demo` starts and stops cleanly (offscreen, in-process card so slot 0 stays free), and
`kazasu counter submit` reports incomplete answers in the stable error shape."""

from __future__ import annotations

import json
import re

import pytest


@pytest.fixture
def offscreen(kazasu, tmp_path):
    """The command line on tmp_path, with Qt offscreen."""
    return kazasu.using(data_dir=tmp_path, env={"QT_QPA_PLATFORM": "offscreen"})


def test_demo_starts_with_embedded_mesh_and_exits(tmp_path, offscreen):
    result = offscreen.process("demo", "--no-pcscd", "--quit-after", "2", timeout=90)
    assert result["ok"] is True and "in-process" in result["card"]
    assert (tmp_path / "demo" / "mesh.db").exists() and (tmp_path / "demo" / "kazasu.db").exists()
    # the first screen's paint is logged with the process's age and memory (what bench_kiosk reads)
    records = [json.loads(row) for row in (tmp_path / "logs" / "kazasu.log").read_text(
        encoding="utf-8").splitlines()]
    up = [r["msg"] for r in records if r["msg"].startswith("screen up ")]
    assert len(up) == 1, up
    seconds, mb = re.fullmatch(r"screen up ([0-9.]+) s after the process started, ([0-9.]+) MB resident",
                               up[0]).groups()
    assert 0 < float(seconds) < 90 and 40 < float(mb) < 1000, up


def test_counter_submit_with_missing_answers_fails_cleanly(tmp_path, offscreen):
    person = tmp_path / "p.json"
    person.write_text(json.dumps({"name": "山田　太郎", "address": "東京都新宿区西新宿二丁目８番１号",
                                  "birth_date": "1980-04-02", "sex_code": "1"}), encoding="utf-8")
    answers = tmp_path / "a.json"
    answers.write_text("{}", encoding="utf-8")
    done = offscreen.process("counter", "submit", "--person", str(person), "--answers", str(answers), timeout=90,
                          ok=False)
    assert done.error["code"] == "form_answers_missing" and "purpose" in done.error["fields"]
    assert "山田" not in done.out + done.err
