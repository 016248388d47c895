"""The kiosk shell in the real window (offscreen, the reader on vpcd slot 1 of the real pcscd):
lockdown keys and close refused, staff quit with a PIN, sign-in by ID + PIN and by staff IC card,
roles, the signed-in staff id on every event, shift change wiping the person, the status bar and
"sync now" on the sync thread (real loopback mesh), and coming back to the desk after a restart."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kiosk.ui.a11y import plain_text  # a label's words without markup or word joiners
from tests.kiosk.conftest import READER, shoot
from tests.kiosk.test_desks import widget_texts

ACCOUNTS = (("vol1", "volunteer", "1111"), ("sato", "staff", "482193"), ("admin1", "admin", "97531"))
PERSON = {"name": "山田　太郎", "address": "東京都新宿区西新宿二丁目８番１号", "birth_date": "1980-04-02",
          "sex_code": "1"}
ANSWERS = {"visitor": "self", "requester_kana": "やまだ たろう", "certificate_kind": "all",
           "copies": 1, "purpose": "pension"}


@pytest.fixture
def shell(make_window, terminal, pcscd):
    """make(**services) → a MainWindow (tests/kiosk/conftest.py) on slot 1's reader with the three staff
    accounts."""
    from kiosk.cards.source import PcscCardSource
    from kiosk.shell.staff import StaffDirectory

    directory = StaffDirectory(terminal.data_dir)
    for staff_id, role, pin in ACCOUNTS:
        directory.add(staff_id, role, pin, card=("felica", "0123456789ABCDEF") if staff_id == "sato" else None)

    def make(accounts: bool = True, **extra):
        return make_window(extra.pop("card_source", PcscCardSource(READER)),
                           staff_directory=directory if accounts else None, **extra)

    return make


def sign_in(qtbot, window, staff_id: str, pin: str) -> None:
    screen = window.signin
    assert window.stack.currentWidget() is screen
    qtbot.keyClicks(screen.id_edit, staff_id)
    screen.pin_edit.setFocus()
    for digit in pin:  # the screen's own keypad types into the field in focus
        qtbot.mouseClick(screen.findChild(type(screen.ok_button), f"signin_key_{digit}"),
                         Qt.MouseButton.LeftButton)
    assert screen.pin_edit.text() == pin
    qtbot.mouseClick(screen.ok_button, Qt.MouseButton.LeftButton)
    assert screen.pin_edit.text() == ""  # handed to the task thread, gone from the field
    qtbot.waitUntil(lambda: window.session.staff is not None and window.session.staff_id == staff_id,
                    timeout=5000)


def open_menu(qtbot, window, pin: str) -> None:
    if window.stack.currentWidget() is not window.start:
        window._menu_desks() if window.stack.currentWidget() is window.menu else window.show_start()
    qtbot.mouseClick(window.menu_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.unlock
    qtbot.keyClicks(window.unlock.pin_edit, pin)
    qtbot.keyClick(window.unlock.pin_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.menu, timeout=5000)


def events(window) -> list:
    store = window.services.store
    ids = [r[0] for r in store.db.execute("SELECT id FROM events ORDER BY id").fetchall()]
    return [store.get(i) for i in ids]


@pytest.mark.shots
def test_lockdown_keys_do_nothing_close_is_refused_and_staff_quit(shell, qtbot):
    window = shell(locked=True)
    assert window.windowFlags() & Qt.WindowType.FramelessWindowHint
    assert window.stack.currentWidget() is window.signin
    shoot(window, "shell-sign-in.png")
    escapes = [(Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier),
               (Qt.Key.Key_Tab, Qt.KeyboardModifier.AltModifier),
               (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier),
               (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier),
               (Qt.Key.Key_Meta, Qt.KeyboardModifier.NoModifier),
               (Qt.Key.Key_D, Qt.KeyboardModifier.MetaModifier),
               (Qt.Key.Key_Escape, Qt.KeyboardModifier.ControlModifier),
               (Qt.Key.Key_Backspace, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier),
               (Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier),
               (Qt.Key.Key_F2, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)]
    window.signin.id_edit.setFocus()
    for key, modifiers in escapes:
        before = window.key_guard.blocked
        qtbot.keyClick(window.signin.id_edit, key, modifiers)
        assert window.key_guard.blocked > before, key
    assert window.isVisible() and window.signin.id_edit.text() == ""
    blocked = window.key_guard.blocked
    qtbot.keyClicks(window.signin.id_edit, "sato")  # ordinary keys still work
    assert window.signin.id_edit.text() == "sato" and window.key_guard.blocked == blocked
    window.signin.id_edit.setText("")
    assert window.close() is False and window.isVisible()  # a close request is refused

    sign_in(qtbot, window, "vol1", "1111")
    assert window.stack.currentWidget() is window.desk("shelter").widget  # a volunteer has one desk: it opens
    window.desk("shelter").widget.exit_button.click()
    open_menu(qtbot, window, "1111")
    assert window.menu.buttons["quit"].isHidden()  # a volunteer cannot quit the kiosk
    window.menu.buttons["switch"].click()
    sign_in(qtbot, window, "sato", "482193")
    open_menu(qtbot, window, "482193")
    assert not window.menu.buttons["quit"].isHidden()
    with qtbot.waitSignal(window.quit_requested, timeout=3000) as quit:
        window.menu.buttons["quit"].click()
    assert quit.args == [0] and not window.isVisible()
    assert QApplication.instance().eventFilter is not None
    from kiosk.shell.laststate import last_desk

    assert last_desk(window.services.data_dir) is None  # a staff quit is not a crash


def test_wrong_pin_and_unlock_of_the_menu(shell, qtbot):
    window = shell()
    screen = window.signin
    qtbot.keyClicks(screen.id_edit, "sato")
    qtbot.keyClicks(screen.pin_edit, "000000")
    qtbot.keyClick(screen.pin_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.message.isVisible(), timeout=5000)
    assert "暗証番号が違います" in plain_text(screen.message) and "PIN is wrong" in plain_text(screen.message)
    assert screen.pin_edit.text() == "" and window.session.staff is None
    screen.id_edit.setText("")
    sign_in(qtbot, window, "sato", "482193")
    qtbot.mouseClick(window.menu_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.unlock and window.unlock.id_edit.isHidden()
    qtbot.keyClicks(window.unlock.pin_edit, "1111")  # another staff member's PIN does not open it
    qtbot.keyClick(window.unlock.pin_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.unlock.message.isVisible(), timeout=5000)
    assert window.stack.currentWidget() is window.unlock
    window.unlock.cancel_button.click()
    assert window.stack.currentWidget() is window.start


def test_roles_events_carry_the_staff_and_shift_change_wipes(shell, qtbot):
    window = shell()
    sign_in(qtbot, window, "vol1", "1111")
    assert [b.isEnabled() for b in window.start.desk_buttons] == [False, True, False]
    window.open_desk("counter")  # not for a volunteer, even when asked directly
    assert window.stack.currentWidget() is window.desk("shelter").widget
    desk = window.desk("shelter").widget
    desk.name.setText("𠮷田　修")
    qtbot.mouseClick(desk.checkin_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: desk.people.count() == 1, timeout=5000)
    desk.name.setText("𠮷田　花子")  # typed, not yet checked in, when the shift changes
    open_menu(qtbot, window, "1111")
    hidden = {name for name, b in window.menu.buttons.items() if b.isHidden()}
    assert hidden == {"sync_now", "queue", "settings", "node", "quit"}
    window.menu.buttons["switch"].click()
    assert window.stack.currentWidget() is window.signin and window.session.staff is None
    assert "𠮷田" not in widget_texts(window)
    sign_in(qtbot, window, "sato", "482193")
    assert window.stack.currentWidget() is window.desk("shelter").widget  # back to the desk the shift was on
    assert window.desk("counter").widget.procedures.staff_button.isVisibleTo(window.desk("counter").widget.procedures)
    desk.name.setText("鈴木　一郎")
    qtbot.mouseClick(desk.checkin_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: desk.people.count() == 2, timeout=5000)
    with qtbot.waitSignal(window.desk("counter").submitter.submitted, timeout=20000):
        window.desk("counter").submitter.submit(PERSON, ANSWERS, ["juminhyo_request"])
    staff = [(e.kind.split(".")[0], e.staff) for e in events(window)]
    assert ("shelter", "vol1") in staff and ("shelter", "sato") in staff
    assert ("counter", "sato") in staff
    assert all(s in ("vol1", "sato") for _, s in staff)


def test_staff_card_sign_in(shell, qtbot, pcsc_card):
    window = shell()
    pcsc_card.token("felica", bytes.fromhex("0123456789ABCDEF"), slot=1)
    assert not window.signin.card_button.isHidden()
    qtbot.mouseClick(window.signin.card_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.session.staff_id == "sato", timeout=10000)
    assert window.stack.currentWidget() is window.start
    pcsc_card.pull(1)
    pcsc_card.token("type_a", bytes.fromhex("04A1B2C3"), slot=1)
    window.sign_out()
    qtbot.mouseClick(window.signin.card_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.signin.message.isVisible() and "登録されていない" in
                    plain_text(window.signin.message), timeout=10000)
    assert window.session.staff is None


@pytest.mark.shots
def test_status_bar_and_sync_now_on_the_sync_thread(shell, qtbot, tmp_path, terminal, pcsc_card):
    from kiosk.cards.source import PcscCardSource
    from sync.client import SyncClient
    from sync.mesh.embedded import EmbeddedMesh

    mesh = EmbeddedMesh(f"sqlite:///{tmp_path / 'mesh.db'}").start()
    try:
        store = terminal.store
        for n in range(3):
            store.append("shelter.test_event", {"n": n}, site="test-site", terminal="term-test",
                         staff="sato")
        client = SyncClient(terminal.open_store(), mesh.url)
        threads = []
        real = client.sync_once

        def sync_once():  # the real pass, noting the thread it ran on
            threads.append(threading.current_thread())
            return real()

        client.sync_once = sync_once
        window = shell(sync_client=client, sync_ms=600_000)
        status = window.status
        qtbot.waitUntil(lambda: "オンライン" in status.text("sync"), timeout=10000)
        assert "未送信 0 件" in status.text("sync") and "last sync" in status.text("sync")
        assert f"読取機 {READER}" in status.text("card") and "カードなし" in status.text("card")
        assert "nobody signed in" in status.text("staff")
        sign_in(qtbot, window, "sato", "482193")
        assert "係員 sato" in status.text("staff")
        store.append("shelter.test_event", {"n": 9}, site="test-site", terminal="term-test", staff="sato")
        open_menu(qtbot, window, "482193")
        before = len(threads)
        window.menu.buttons["sync_now"].click()
        qtbot.waitUntil(lambda: len(threads) > before, timeout=10000)
        assert all(t is not threading.main_thread() for t in threads)
        qtbot.waitUntil(lambda: "未送信 0 件" in status.text("sync"), timeout=10000)
        shoot(window, "shell-staff-menu.png")
        window.menu.buttons["queue"].click()  # the queue view, and back to the menu
        assert window.stack.currentWidget() is window.queue_view
        window.queue_view.closed.emit()
        assert window.stack.currentWidget() is window.menu
        pcsc_card.token("felica", slot=1)
        qtbot.waitUntil(lambda: "カードあり" in status.text("card"), timeout=5000)
        elsewhere = shell(accounts=False, card_source=PcscCardSource("No Such Reader 00 00"))
        qtbot.waitUntil(lambda: "読取機なし" in elsewhere.status.text("card"), timeout=5000)
        assert "No reader" in elsewhere.status.text("card")
        client.close()
    finally:
        mesh.stop()


def test_back_at_the_desk_after_a_restart(shell, qtbot, terminal):
    from kiosk.shell.laststate import last_desk

    opened = shell(accounts=False)
    opened.open_desk("library")
    assert last_desk(terminal.data_dir) == "library"
    opened.exiting = True
    opened.shutdown()
    again = shell(accounts=False, resume_desk=last_desk(terminal.data_dir))  # open mode: straight to the desk
    assert again.stack.currentWidget() is again.desk("library").widget
    again.shutdown()
    guarded = shell(resume_desk="library")  # with staff: sign in for that desk first
    assert guarded.stack.currentWidget() is guarded.signin and "図書館" in plain_text(guarded.signin.subtitle)
    sign_in(qtbot, guarded, "sato", "482193")
    assert guarded.stack.currentWidget() is guarded.desk("library").widget


def test_the_keys_that_leave_the_kiosk():
    from kiosk.shell.lockdown import leaves_the_kiosk

    K, M = Qt.Key, Qt.KeyboardModifier
    for key, mods in ((K.Key_F4, M.AltModifier), (K.Key_Backtab, M.AltModifier | M.ShiftModifier),
                      (K.Key_Super_L, M.NoModifier), (K.Key_F7, M.ControlModifier | M.AltModifier),
                      (K.Key_Escape, M.AltModifier)):
        assert leaves_the_kiosk(key, mods), key
    for key, mods in ((K.Key_F4, M.NoModifier), (K.Key_Tab, M.NoModifier), (K.Key_A, M.ShiftModifier),
                      (K.Key_W, M.NoModifier), (K.Key_Backspace, M.NoModifier), (K.Key_5, M.NoModifier),
                      (K.Key_Return, M.NoModifier), (K.Key_Backtab, M.ShiftModifier)):
        assert not leaves_the_kiosk(key, mods), key


def test_a_backlog_syncs_in_a_child_process(shell, qtbot, tmp_path, terminal):
    """With `sync_child_from` events or more waiting, the pass is `kazasu sync --once` in a child
    process (a long drain in the kiosk's process stalled its UI): the events reach the real mesh and
    the status bar says so; below it, the pass runs on the sync thread as before."""
    from sync.client import SyncClient
    from sync.mesh.embedded import EmbeddedMesh

    mesh = EmbeddedMesh(f"sqlite:///{tmp_path / 'mesh.db'}").start()
    try:
        store = terminal.store
        for n in range(5):
            store.append("shelter.test_event", {"n": n}, site="test-site", terminal="term-test",
                         staff="sato")
        store.close()
        client = SyncClient(terminal.open_store(), mesh.url)
        in_thread = []
        real = client.sync_once
        client.sync_once = lambda: (in_thread.append(1), real())[1]
        window = shell(accounts=False, sync_client=client, sync_ms=600_000, sync_child_from=5)
        qtbot.waitUntil(lambda: "未送信 0 件" in window.status.text("sync") and
                        "オンライン" in window.status.text("sync"), timeout=30000)
        assert window.sync.passes_in_child == 1 and in_thread == []
        import httpx

        feed = httpx.get(mesh.url + "/v1/sites/test-site/events", params={"after": 0, "limit": 100},
                         timeout=5).json()
        assert sorted(e["payload"]["n"] for e in feed["events"]) == [0, 1, 2, 3, 4]
        window.sync_now()  # nothing waiting now: on the sync thread
        qtbot.waitUntil(lambda: in_thread == [1], timeout=10000)
        client.close()
    finally:
        mesh.stop()
