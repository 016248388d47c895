"""`kazasu demo` starts and stops cleanly (offscreen, in-process card so slot 0 stays free), and
`kazasu counter submit` reports incomplete answers in the stable error shape."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

KAZASU = Path(sys.executable).parent / "kazasu"


def run(args, tmp_path, timeout=90):
    env = {k: v for k, v in os.environ.items() if not k.startswith("KAZASU_")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    return subprocess.run([str(KAZASU), *args, "--json", "--data-dir", str(tmp_path)],
                          capture_output=True, text=True, timeout=timeout, env=env)


def test_demo_starts_with_embedded_mesh_and_exits(tmp_path):
    done = run(["demo", "--no-pcscd", "--quit-after", "2"], tmp_path)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["ok"] is True and "in-process" in result["card"]
    assert (tmp_path / "demo" / "mesh.db").exists() and (tmp_path / "demo" / "kazasu.db").exists()


def test_counter_submit_with_missing_answers_fails_cleanly(tmp_path):
    person = tmp_path / "p.json"
    person.write_text(json.dumps({"name": "山田　太郎", "address": "東京都新宿区西新宿二丁目８番１号",
                                  "birth_date": "1980-04-02", "sex_code": "1"}), encoding="utf-8")
    answers = tmp_path / "a.json"
    answers.write_text("{}", encoding="utf-8")
    done = run(["counter", "submit", "--person", str(person), "--answers", str(answers)], tmp_path)
    assert done.returncode == 1
    error = json.loads(done.stdout)["error"]
    assert error["code"] == "form_answers_missing" and "purpose" in error["fields"]
    assert "山田" not in done.stdout + done.stderr
