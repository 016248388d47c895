"""The kiosk window runs one sync loop (sync.background.BackgroundSync): it pushes AND pulls the site's
feed, so what another terminal recorded reaches this one's store and its desks see it when opened.

Defect (issue 16): the window's worker only pushed; nothing in the running kiosk ever pulled, so a
resident checked in at terminal A never appeared at terminal B however long B ran. Here terminal A is
separate `kazasu` processes on their own data folder, the mesh a real `kazasu mesh serve`, and B the
real MainWindow (offscreen)."""

from __future__ import annotations

import pytest

from tests.sync.processes import SITE, demo_mesh, run_json


@pytest.fixture
def mesh(tmp_path):
    yield from demo_mesh(tmp_path)


def test_the_window_pulls_what_another_terminal_recorded(mesh, qtbot, tmp_path, pcscd):
    from kiosk.app import MainWindow
    from kiosk.cards.source import PcscCardSource
    from kiosk.counter.visit import open_store
    from kiosk.services import KioskServices
    from sync.client import SyncClient

    a, b = tmp_path / "a", tmp_path / "b"
    run_json("shelter", "checkin", "--by-hand", "--name", "見本　太郎", "--kana", "みほん たろう", data_dir=a)
    run_json("sync", "--once", "--mesh", mesh.url, data_dir=a)
    services = KioskServices(card_source=PcscCardSource("No Such Reader 00 00"), store=open_store(b),
                             data_dir=b, terminal_id="term-b", site=SITE,
                             sync_client=SyncClient(open_store(b), mesh.url), sync_ms=300)
    window = MainWindow(services)
    qtbot.addWidget(window)
    try:
        qtbot.waitUntil(lambda: window.sync.loop.state().pulled >= 2, timeout=15000)
        qtbot.waitUntil(lambda: "オンライン" in window.status.text("sync"), timeout=5000)  # relayed
        window.open_desk("shelter")  # the desk folds what the loop stored
        names = [p.fields["name"] for p in window.desk("shelter").widget.desk.roster().people.values()]
        assert names == ["見本　太郎"]
        # and the other way: B's own check-in is pushed by the same loop, A pulls it
        window.desk("shelter").widget.desk.register({"name": "見本　花子"}, source="by_hand")
        window.sync_now()
        qtbot.waitUntil(lambda: window.sync.loop.state().pending == 0 and
                        window.sync.loop.state().acknowledged == 2, timeout=15000)
        assert run_json("sync", "--once", "--mesh", mesh.url, data_dir=a)["pulled"] == 2
        assert run_json("shelter", "find", "見本　花子", data_dir=a)["count"] == 1
    finally:
        window.exiting = True
        window.shutdown()
        services.sync_client.close()
        services.store.close()
