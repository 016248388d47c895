"""Staff accounts without Qt: PIN hashes, sign-in, lock-out, roles, staff IC cards (through the real
pcscd + vpcd), the settings and state files, and `kazasu staff add|list|remove`."""

from __future__ import annotations

import json
import sqlite3

import pytest

from kiosk.shell import laststate
from kiosk.shell.settings import KioskSettings
from kiosk.shell.staff import RIGHTS, StaffDirectory, StaffError, allowed, check_pin, hash_pin


def test_pin_hash_is_salted_slow_and_checks(tmp_path):
    one, two = hash_pin("4821"), hash_pin("4821")
    assert one != two and one.startswith("scrypt$16384$") and "4821" not in one
    assert check_pin("4821", one) and not check_pin("4822", one)
    with pytest.raises(StaffError) as bad:
        hash_pin("12a4")
    assert bad.value.code == "staff_pin_invalid" and bad.value.message_ja and bad.value.message_en


def test_sign_in_lock_out_and_no_clear_pin_on_disk(tmp_path):
    d = StaffDirectory(tmp_path)
    d.add("sato", "staff", "482193")
    assert d.sign_in("sato", "482193").role == "staff"
    for _ in range(4):
        with pytest.raises(StaffError) as wrong:
            d.sign_in("sato", "000000", now=1000.0)
        assert wrong.value.code == "staff_sign_in_failed"
    with pytest.raises(StaffError):
        d.sign_in("sato", "000000", now=1000.0)  # the fifth wrong PIN locks for a minute
    with pytest.raises(StaffError) as locked:
        d.sign_in("sato", "482193", now=1010.0)
    assert locked.value.code == "staff_locked" and "50" in locked.value.message_en
    assert d.sign_in("sato", "482193", now=1061.0).staff_id == "sato"
    with pytest.raises(StaffError) as unknown:
        d.sign_in("nobody", "482193")
    assert unknown.value.message_en == wrong.value.message_en  # an unknown id says the same
    raw = (tmp_path / "staff.db").read_bytes()
    assert b"482193" not in raw


def test_roles_decide_what_is_reachable():
    assert allowed("volunteer", "desk.shelter")
    assert not any(allowed("volunteer", what) for what in ("desk.counter", "desk.library", "export",
                                                             "settings", "exit", "sync_now"))
    assert all(allowed("staff", what) for what in ("desk.counter", "desk.library", "export", "exit"))
    assert not allowed("staff", "settings") and not allowed("staff", "enrol")
    assert RIGHTS["staff"] < RIGHTS["admin"] and allowed("admin", "settings")
    assert not allowed(None, "desk.shelter") and not allowed("root", "desk.shelter")


def test_the_roles_that_may_erase_are_the_ones_the_mesh_accepts():
    """A redaction carries the signed-in role; the mesh accepts it only from sync.redaction's list,
    which must be exactly the roles the kiosk lets erase."""
    from kiosk.shell.staff import ROLES
    from sync.redaction import REDACTING_ROLES

    assert {role for role in ROLES if allowed(role, "redact")} == set(REDACTING_ROLES)


def test_staff_card_through_pcscd(tmp_path, pcsc_card):
    from devices.card_id import identify_card
    from devices.pcsc import PcscTransport

    card, reader = pcsc_card.token("felica", bytes.fromhex("0123456789ABCDEF"), slot=1)
    d = StaffDirectory(tmp_path)
    d.add("ito", "volunteer", "1357", card=("felica", "0123456789ABCDEF"))
    transport = PcscTransport.open(reader)
    try:
        seen = identify_card(transport, "staff", lambda: pytest.fail("not a My Number card"))
    finally:
        transport.close()
    assert d.by_card(seen.kind, seen.pseudonym).staff_id == "ito"
    with pytest.raises(StaffError) as other:
        d.by_card("type_a", "04A1B2C3")
    assert other.value.code == "staff_card_unknown"
    raw = (tmp_path / "staff.db").read_bytes()
    assert b"0123456789ABCDEF" not in raw.upper()


def test_staff_cli_add_list_remove(tmp_path, kazasu):
    kazasu = kazasu.using(data_dir=tmp_path)
    added = kazasu("staff", "add", "--id", "suzuki", "--role", "admin", "--pin-stdin", "--card",
                   "type_a:04A1B2C3", stdin="97531\n")
    assert added.json == {"id": "suzuki", "role": "admin", "card": True}
    assert "97531" not in added.out + added.err
    assert StaffDirectory(tmp_path).sign_in("suzuki", "97531").role == "admin"
    assert StaffDirectory(tmp_path).by_card("type_a", "04a1b2c3").staff_id == "suzuki"
    again = kazasu("staff", "add", "--id", "suzuki", "--role", "staff", "--pin-stdin", stdin="1111\n",
                   ok=False)
    assert again.error["code"] == "staff_exists"
    short = kazasu("staff", "add", "--id", "kato", "--role", "staff", "--pin-stdin", stdin="12\n", ok=False)
    assert short.error["code"] == "staff_pin_invalid"
    assert "4" in short.error["message_ja"] and short.error["message_en"]
    assert kazasu("staff", "list").json == {"staff": [{"id": "suzuki", "role": "admin"}]}
    assert kazasu("staff", "remove", "--id", "suzuki").json == {"removed": "suzuki"}
    gone = kazasu("staff", "remove", "--id", "suzuki", ok=False)
    assert gone.error["code"] == "staff_unknown"


def test_settings_file_and_terminal_config(tmp_path):
    settings = KioskSettings(desk="shelter", reader="Virtual PCD 00 01", printer="counter-1",
                             site="minato-01", mesh_url="https://mesh.example.lg.jp", setup_done=True,
                             desk_idle_s={"shelter": 300, "library": 60})
    path = settings.save(tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data == {"desk": "shelter", "reader": "Virtual PCD 00 01", "printer": "counter-1",
                    "idle_s": 120, "idle_warn_s": 20, "desk_idle_s": {"shelter": 300, "library": 60},
                    "text_scale": 1.0, "contrast": "normal", "setup_done": True}
    assert settings.idle_ms_by_desk() == {"counter": 120_000, "shelter": 300_000, "library": 60_000}
    terminal = json.loads((tmp_path / "terminal.json").read_text(encoding="utf-8"))
    assert terminal["site"] == "minato-01" and terminal["mesh_url"] == "https://mesh.example.lg.jp"
    assert KioskSettings.load(tmp_path) == settings
    for bad, code in (({"desk": "bank"}, "settings_desk_invalid"),
                      ({"mesh_url": "mesh.example"}, "settings_mesh_invalid"),
                      ({"mesh_url": "http://mesh.example.lg.jp"}, "settings_mesh_insecure"),
                      ({"idle_s": 60, "idle_warn_s": 60}, "settings_idle_invalid"),
                      ({"desk_idle_s": {"bank": 60}}, "settings_idle_invalid"),
                      ({"desk_idle_s": {"library": 5}}, "settings_idle_invalid"),
                      ({"desk_idle_s": {"library": "60"}}, "settings_idle_invalid"),
                      ({"desk_idle_s": {"counter": 15}}, "settings_idle_invalid"),
                      ({"text_scale": 3}, "settings_display_invalid"),
                      ({"text_scale": "2"}, "settings_display_invalid"),
                      ({"contrast": "dark"}, "settings_display_invalid")):
        with pytest.raises(StaffError) as error:  # refused as they are made: such settings never exist
            KioskSettings(**bad).save(tmp_path)
        assert error.value.code == code and error.value.message_ja
    assert KioskSettings.load(tmp_path) == settings  # a refused save changed nothing
    (tmp_path / "kiosk.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(StaffError) as broken:
        KioskSettings.load(tmp_path)
    assert broken.value.code == "settings_unreadable"


def test_state_file_holds_only_the_desk(tmp_path):
    assert laststate.last_desk(tmp_path) is None
    laststate.remember_desk(tmp_path, "library")
    assert json.loads((tmp_path / "kiosk-state.json").read_text()) == {"desk": "library"}
    assert laststate.last_desk(tmp_path) == "library"
    laststate.remember_desk(tmp_path, "../../etc")
    assert laststate.last_desk(tmp_path) is None
    (tmp_path / "kiosk-state.json").write_text("garbage")
    assert laststate.last_desk(tmp_path) is None


def test_staff_db_has_no_pin_column_in_clear(tmp_path):
    StaffDirectory(tmp_path).add("abe", "volunteer", "2468")
    rows = sqlite3.connect(tmp_path / "staff.db").execute("SELECT * FROM staff").fetchall()
    assert rows and all("2468" not in str(cell) for cell in rows[0])


def test_the_terminals_text_size_and_contrast_apply_at_start_and_the_environment_wins(qtbot, make_services,
                                                                                      terminal):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from kiosk import startup
    from kiosk.app import MainWindow
    from kiosk.cards.source import PcscCardSource
    from kiosk.cli.app_commands import _shell
    from kiosk.ui import theme

    data = terminal.data_dir
    KioskSettings(setup_done=True, text_scale=2.0, contrast="high").save(data)
    assert KioskSettings.load(data).display({}) == (2.0, True)
    assert KioskSettings.load(data).display({"KAZASU_TEXT_SCALE": "150%"}) == (None, True)
    assert KioskSettings.load(data).display({"KAZASU_CONTRAST": "normal"}) == (2.0, None)
    seen = []
    services = make_services(PcscCardSource("Virtual PCD 00 01"), **{**_shell(data), "display": (2.0, True)})

    def look_and_quit():
        window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))
        seen.append((theme.text_scale, theme.palette is theme.HIGH_CONTRAST, window.font().pointSize()))
        QApplication.instance().exit(0)

    QTimer.singleShot(300, look_and_quit)
    try:
        assert startup.run(services) == 0
    finally:
        theme.apply(QApplication.instance(), text_scale=1.0, high_contrast=False)
    assert seen == [(2.0, True, 2 * theme.BODY_PT)]
