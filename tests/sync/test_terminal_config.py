"""terminal.json as a pydantic model: what kazasu wrote before still reads, a file that does not fit is
a typed error naming the setting (on the command line too), and a bad value is refused when set."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kiosk.cli import main as kazasu
from sync.errors import TerminalConfigError
from sync.terminal import CONFIG_FILE_NAME, TerminalConfig

UPGRADE = Path(__file__).resolve().parents[1] / "fixtures" / "upgrade" / "schema3" / "terminal"


def write(folder: Path, data) -> Path:
    path = folder / CONFIG_FILE_NAME
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_first_use_writes_the_file_and_it_reads_back(tmp_path):
    made = TerminalConfig.load(tmp_path)
    assert made.terminal_id.startswith("term-") and made.retention_days == 30
    assert json.loads((tmp_path / CONFIG_FILE_NAME).read_text(encoding="utf-8")) == {
        "terminal_id": made.terminal_id, "site": None, "mesh_url": None, "retention_days": 30}
    assert TerminalConfig.load(tmp_path) == made


def test_the_file_of_an_older_kazasu_still_reads(tmp_path):
    shutil.copy(UPGRADE / CONFIG_FILE_NAME, tmp_path / CONFIG_FILE_NAME)  # written at commit 385b3d2
    config = TerminalConfig.load(tmp_path)
    assert (config.terminal_id, config.site, config.mesh_url, config.retention_days) == \
        ("term-b025c3e95563", "city-hall-1f", "http://127.0.0.1:8765", 30)


@pytest.mark.parametrize("data, field, words_en", [
    ({"terminal_id": "t", "retention_days": -1}, "retention_days", "at least 0"),
    ({"terminal_id": "t", "retention_days": "7"}, "retention_days", "whole number"),
    ({"terminal_id": "t", "mesh_url": "mesh.example.lg.jp"}, "mesh_url", "https://"),
    ({"terminal_id": "t", "site": "  "}, "site", "blank"),
    ({"terminal_id": "x" * 129}, "terminal_id", "at most 128"),
    ({"site": "s"}, "terminal_id", "required"),
    ({"terminal_id": "t", "mesh_ur1": "https://mesh"}, "mesh_ur1", "no setting of that name"),
])
def test_a_file_that_does_not_fit_names_the_setting(tmp_path, data, field, words_en):
    path = write(tmp_path, data)
    with pytest.raises(TerminalConfigError) as refused:
        TerminalConfig.load(tmp_path)
    error = refused.value
    assert error.code == "terminal_config_invalid"
    assert error.details() == {"file": str(path), "field": field}
    assert field in error.message_en and field in error.message_ja and words_en in error.message_en
    assert "Correct it in the file" in error.message_en and "ファイルを直して" in error.message_ja


@pytest.mark.parametrize("text", ["{not json", "[1, 2]", ""])
def test_a_file_that_is_not_a_json_object(tmp_path, text):
    (tmp_path / CONFIG_FILE_NAME).write_text(text, encoding="utf-8")
    with pytest.raises(TerminalConfigError) as refused:
        TerminalConfig.load(tmp_path)
    assert refused.value.code == "terminal_config_unreadable"
    assert refused.value.details() == {"file": str(tmp_path / CONFIG_FILE_NAME)}


def test_a_bad_value_is_refused_when_set_and_nothing_is_written(tmp_path):
    config = TerminalConfig.load(tmp_path)
    before = (tmp_path / CONFIG_FILE_NAME).read_text(encoding="utf-8")
    with pytest.raises(TerminalConfigError) as refused:
        config.mesh_url = "ftp://mesh"
    assert refused.value.details()["field"] == "mesh_url"
    assert config.mesh_url is None and (tmp_path / CONFIG_FILE_NAME).read_text(encoding="utf-8") == before


def test_the_command_line_prints_the_error_with_its_field(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("KAZASU_MESH_URL", raising=False)
    write(tmp_path, {"terminal_id": "t", "retention_days": 1.5})
    code = kazasu(["sync", "--once", "--json", "--data-dir", str(tmp_path)])
    out = capsys.readouterr()
    assert code == 1 and "Traceback" not in out.out + out.err
    error = json.loads(out.out.strip().splitlines()[-1])["error"]
    assert error["code"] == "terminal_config_invalid" and error["field"] == "retention_days"
    assert error["file"] == str(tmp_path / CONFIG_FILE_NAME) and error["message_ja"] and error["message_en"]
