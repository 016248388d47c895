"""`kazasu demo` starts and stops cleanly (offscreen, in-process card so slot 0 stays free), and
`kazasu counter submit` reports incomplete answers in the stable error shape."""

from __future__ import annotations

import json

import pytest


@pytest.fixture
def offscreen(kazasu, tmp_path):
    """The command line on tmp_path, with Qt offscreen."""
    return kazasu.using(data_dir=tmp_path, env={"QT_QPA_PLATFORM": "offscreen"})


def test_demo_starts_with_embedded_mesh_and_exits(tmp_path, offscreen):
    result = offscreen.process("demo", "--no-pcscd", "--quit-after", "2", timeout=90)
    assert result["ok"] is True and "in-process" in result["card"]
    assert (tmp_path / "demo" / "mesh.db").exists() and (tmp_path / "demo" / "kazasu.db").exists()


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
