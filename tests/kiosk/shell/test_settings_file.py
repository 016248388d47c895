"""kiosk.json as a pydantic model: files of older versions still read, a file that does not fit is a
typed error naming the setting; `kazasu run` shows such an error on a screen of its own and prints it,
for kiosk.json, terminal.json and library.json alike, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.shell.settings import FILE_NAME, KioskSettings, SettingsError

KAZASU = Path(sys.executable).parent / "kazasu"


def write(folder: Path, name: str, data) -> Path:
    path = folder / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_files_of_older_versions_still_read(tmp_path):
    # the keys of the first kiosk.json (commit 321e0bb), before desk_idle_s, text_scale and contrast
    write(tmp_path, FILE_NAME, {"desk": "library", "reader": None, "printer": "counter-1", "idle_s": 90,
                                "idle_warn_s": 15, "setup_done": True})
    settings = KioskSettings.load(tmp_path)
    assert (settings.desk, settings.printer, settings.idle_s, settings.idle_warn_s) == ("library", "counter-1", 90, 15)
    assert (settings.desk_idle_s, settings.text_scale, settings.contrast) == ({}, 1.0, "normal")
    # site and mesh_url are terminal.json's: in kiosk.json they are passed over, as before
    write(tmp_path, FILE_NAME, {"setup_done": True, "site": "stale", "mesh_url": "nonsense"})
    assert KioskSettings.load(tmp_path).site is None


@pytest.mark.parametrize("data, code, field", [
    ({"desk": "bank"}, "settings_desk_invalid", "desk"),
    ({"desk_idle_s": {"library": 5}}, "settings_idle_invalid", "desk_idle_s.library"),
    ({"desk_idle_s": {"bank": 60}}, "settings_idle_invalid", "desk_idle_s.bank"),
    ({"idle_s": 30, "idle_warn_s": 40}, "settings_idle_invalid", "idle_warn_s"),
    ({"idle_s": 30, "idle_warn_s": 4}, "settings_idle_invalid", "idle_warn_s"),
    ({"idle_s": 30, "idle_warn_s": 0}, "settings_idle_invalid", "idle_warn_s"),
    ({"idle_s": "120"}, "settings_idle_invalid", "idle_s"),
    ({"text_scale": 2.5}, "settings_display_invalid", "text_scale"),
    ({"contrast": "dark"}, "settings_display_invalid", "contrast"),
    ({"printer": 3}, "settings_device_invalid", "printer"),
    ({"setup_done": "yes"}, "settings_invalid", "setup_done"),
    ({"idle_sec": 300}, "settings_invalid", "idle_sec"),
])
def test_a_file_that_does_not_fit_names_the_setting(tmp_path, data, code, field):
    path = write(tmp_path, FILE_NAME, data)
    with pytest.raises(SettingsError) as refused:
        KioskSettings.load(tmp_path)
    error = refused.value
    assert (error.code, error.details()) == (code, {"field": field, "file": str(path)})
    assert f"「{field}」" in error.message_ja and f'"{field}"' in error.message_en
    assert "管理者が設定画面で直すか" in error.message_ja and "An administrator corrects it" in error.message_en


def test_a_file_that_is_not_a_json_object(tmp_path):
    (tmp_path / FILE_NAME).write_text('["counter"]', encoding="utf-8")
    with pytest.raises(SettingsError) as refused:
        KioskSettings.load(tmp_path)
    assert refused.value.code == "settings_unreadable"
    assert refused.value.details() == {"file": str(tmp_path / FILE_NAME)}


def test_a_bad_change_is_refused_and_the_settings_stay_as_they_were():
    settings = KioskSettings(desk="counter", idle_s=60, idle_warn_s=20)
    with pytest.raises(SettingsError) as refused:
        settings.idle_warn_s = 60   # the warning would come with the wipe
    assert (refused.value.code, refused.value.field) == ("settings_idle_invalid", "idle_warn_s")
    with pytest.raises(SettingsError):
        settings.desk = "bank"
    assert (settings.desk, settings.idle_warn_s) == ("counter", 20)


def test_a_warning_shorter_than_5_seconds_is_refused_in_words():
    """A resident needs time to see 「まだお使いですか？」 and touch it: under 5 s is refused, saying so."""
    settings = KioskSettings(idle_s=60, idle_warn_s=5)
    with pytest.raises(SettingsError) as refused:
        settings.idle_warn_s = 4
    assert (refused.value.code, refused.value.field) == ("settings_idle_invalid", "idle_warn_s")
    assert "5秒以上" in refused.value.message_ja and "at least 5 s" in refused.value.message_en
    assert settings.idle_warn_s == 5


def test_the_error_screen_says_what_and_where(qtbot, tmp_path):
    from kiosk.shell.settings_error import SettingsErrorScreen
    from kiosk.ui.a11y import plain_text, unnamed

    path = write(tmp_path, FILE_NAME, {"desk": "bank"})
    with pytest.raises(SettingsError) as refused:
        KioskSettings.load(tmp_path)
    screen = SettingsErrorScreen(refused.value)
    qtbot.addWidget(screen)
    screen.resize(1280, 800)
    screen.show()
    shown, where = plain_text(screen.message), plain_text(screen.where)
    assert "受付は counter / shelter / library" in shown and "The desk must be counter" in shown
    assert str(path) in where and "desk" in where
    assert unnamed(screen) == []
    with qtbot.waitSignal(screen.closed, timeout=2000):
        screen.close_button.click()


def _run(data_dir: Path, *args: str) -> tuple[int, dict, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KAZASU_")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    done = subprocess.run([str(KAZASU), "--json", *args, "--windowed", "--quit-after", "1", "--data-dir",
                           str(data_dir)], capture_output=True, text=True, timeout=120, env=env)
    return done.returncode, json.loads(done.stdout.strip().splitlines()[-1]), done.stderr


@pytest.mark.parametrize("name, data, code, field", [
    (FILE_NAME, {"setup_done": True, "desk": "bank"}, "settings_desk_invalid", "desk"),
    ("terminal.json", {"terminal_id": "term-1", "retention_days": -1}, "terminal_config_invalid",
     "retention_days"),
    ("library.json", {"municipality_code": "131041"}, "library_config_invalid", "patron_number"),
])
def test_kazasu_run_shows_and_prints_a_file_that_does_not_fit(tmp_path, name, data, code, field):
    write(tmp_path, name, data)
    status, out, stderr = _run(tmp_path, "run")
    assert status == 1 and "Traceback" not in stderr
    error = out["error"]
    assert (error["code"], error["field"], error["file"]) == (code, field, str(tmp_path / name))
    assert error["message_ja"] and error["message_en"]


def test_kazasu_demo_checks_its_own_folder(tmp_path):
    (tmp_path / "demo").mkdir()
    write(tmp_path / "demo", FILE_NAME, {"setup_done": True, "text_scale": 9})
    status, out, stderr = _run(tmp_path, "demo", "--no-pcscd")
    assert status == 1 and "Traceback" not in stderr
    assert (out["error"]["code"], out["error"]["field"]) == ("settings_display_invalid", "text_scale")
