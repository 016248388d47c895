"""Live shelter desk: terminal B's kiosk window has the shelter reception open; terminal A checks a
resident in and sends it to the mesh (a real one on loopback). B's open desk shows A's resident — in the
who-is-here list, the counts and the family inquiry — without being opened again, long before B's next
poll (once a minute here): the mesh pushed the new feed position, B's loop pulled, the store told the
window after the commit. What B's volunteer was typing stays."""

from __future__ import annotations

import pytest

from sync.client import SyncClient
from sync.mesh.embedded import EmbeddedMesh
from tests.kiosk.conftest import shoot

WAIT_MS = 15_000   # B polls once a minute: only the push brings it sooner


@pytest.fixture
def mesh(tmp_path):
    with EmbeddedMesh(f"sqlite:///{tmp_path / 'mesh.db'}") as running:
        yield running


@pytest.mark.shots
def test_a_check_in_at_a_shows_on_bs_open_desk(qtbot, make_services, make_desk, mesh):
    from kiosk.app import MainWindow

    services = make_services(sync_ms=60_000)
    b_client = services.sync_client = SyncClient(services.store, mesh.url)   # as `kazasu run` has it
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    try:
        see_it_live(qtbot, window, make_desk, mesh)
    finally:
        window.shutdown()
        b_client.close()


def see_it_live(qtbot, window, make_desk, mesh) -> None:
    qtbot.waitUntil(lambda: window.sync.loop.state().live, timeout=WAIT_MS)
    window.open_desk("shelter")
    desk = window.desk("shelter").widget
    desk.name.setText("途中　入力")   # B's volunteer is typing someone in
    before, counted = desk.people.count(), desk.counts.accessibleName()
    a = make_desk("term-b-other")
    a.setup(name="架空市立第一小学校", municipality_code="999999", capacity=10, address="見本県架空市一丁目")
    pid = a.register({"name": "架空　一郎", "kana": "かくう いちろう", "birth_date": "1980-01-02"},
                     source="by_hand")["person_id"]
    a_client = SyncClient(a.store, mesh.url)
    assert a_client.sync_once()["accepted"] == 3   # the set-up, the registration, the check-in
    qtbot.waitUntil(lambda: any("架空　一郎" in desk.people.item(i).text()
                                for i in range(desk.people.count())), timeout=WAIT_MS)
    assert desk.people.count() == before + 1
    assert desk.counts.accessibleName() != counted   # the counts took A's resident (and capacity)
    assert desk.name.text() == "途中　入力"   # what was typed stays
    desk.show_page("inquiry")
    desk.inquiry.query.setText("架空")
    desk.inquiry.show_matches()
    assert any("架空　一郎" in desk.inquiry.results.item(i).text()
               for i in range(desk.inquiry.results.count()))
    shoot(window, "shelter-live-update.png")
    desk.open_person(pid)   # B's volunteer has A's resident open; A records them gone out
    assert desk.person_page.buttons["out"].isEnabled()
    a.move(pid, "shelter.temporarily_out")
    assert a_client.sync_once()["accepted"] == 1
    qtbot.waitUntil(lambda: not desk.person_page.buttons["out"].isEnabled(), timeout=WAIT_MS)
    assert desk.person_page.buttons["back"].isEnabled() and desk.page() == "person"
    a_client.close()
    window.leave_desk()   # a desk that is not open takes nothing in
    assert desk.people.count() == 0
