"""The staff's queue view in the real window (offscreen, the reader on vpcd slot 1 of the real pcscd):
each waiting event with the state a real loopback mesh gave it — acknowledged, rejected with the mesh's
reason, or still pending — and no personal data on screen; closing goes back where staff were."""

from __future__ import annotations

import httpx
import pytest
from PySide6.QtCore import Qt

from kiosk.ui.a11y import plain_text  # a label's words without markup or word joiners
from sync.client import SyncClient
from sync.mesh.embedded import EmbeddedMesh
from tests.kiosk.conftest import READER, shoot

NAME = "見本　花子"


@pytest.fixture
def mesh(tmp_path):
    demo_mesh = EmbeddedMesh(f"sqlite:///{tmp_path / 'demo.db'}", allow_unsigned=True).start()
    yield demo_mesh
    demo_mesh.stop()


@pytest.mark.shots
def test_queue_view_shows_each_events_state(make_window, qtbot, pcscd, mesh):
    from kiosk.cards.source import PcscCardSource

    window = make_window(PcscCardSource(READER))
    store = window.services.store
    kinds = ["counter.application_submitted", "shelter.checked_in", "library.loaned"]
    events = [store.append(kind, {"person": {"name": NAME}}, site="test-site", terminal="term-test",
                           staff="staff-1") for kind in kinds]
    # another terminal's event already holds the second one's id: the mesh answers it `conflict`
    squatter = {**events[1].to_dict(), "terminal": "term-other", "payload": {}}
    assert httpx.post(mesh.url + "/v1/events/batch",
                      json={"events": [squatter]}).json()["results"][0]["status"] == "accepted"
    with SyncClient(store, mesh.url) as client:  # the first one is taken, the second one refused
        client.send_batch([store.get(events[0].id)])
        client.send_batch([store.get(events[1].id)])
    waiting = store.append("counter.application_submitted", {"person": {"name": NAME}},
                           site="test-site", terminal="term-test", staff="staff-1")

    before = window.stack.currentWidget()
    window.show_queue_view()
    view = window.queue_view
    assert window.stack.currentWidget() is view
    assert view.row_count() == 4
    states = [view.cell(r, 2) for r in range(view.row_count())]
    assert states == ["差し戻し / Rejected", "送信待ち / Pending", "送信待ち / Pending",
                      "送信済み / Acknowledged"]  # waiting ones first, in order; then acknowledged
    assert [view.cell(r, 1) for r in range(4)] == [
        "避難所  checked_in", "図書館  loaned", "窓口  application_submitted",
        "窓口  application_submitted"]
    assert view.cell(0, 3).startswith("conflict:")  # the mesh's own reason
    assert view.cell(1, 3) == "" and view.cell(3, 3) == ""
    shown = [view.cell(r, c) for r in range(4) for c in range(4)] + [view.counts.text()]
    assert not any(NAME in s or "花子" in s for s in shown)
    assert "送信待ち 3 件（うち差し戻し 1 件）" in plain_text(view.counts)
    assert view.model.data(view.model.index(0, 2), Qt.ItemDataRole.ForegroundRole) is not None
    shoot(window, "queue-view.png")

    store.mark_acknowledged([waiting.id])  # refresh reads the store again
    qtbot.mouseClick(view.refresh_button, Qt.MouseButton.LeftButton)
    assert [view.cell(r, 2) for r in range(view.row_count())].count("送信済み / Acknowledged") == 2
    qtbot.mouseClick(view.close_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is before


def test_lost_and_quarantined_records_are_shown_first_in_red(make_window, pcscd):
    """Issue 16: a record set aside because it does not decrypt, and one this terminal wrote but no
    longer holds, are named in the staff's view with why, never only counted somewhere else."""
    from kiosk.cards.source import PcscCardSource

    window = make_window(PcscCardSource(READER))
    store = window.services.store
    bad, _fine = (store.append("shelter.checked_in", {"person": {"name": NAME}}, site="test-site",
                              terminal="term-test", staff="staff-1") for _ in range(2))
    with store.db.atomic() as db:  # one flipped byte in one payload
        blob = bytearray(db.execute("SELECT payload FROM events WHERE id = ?", [bad.id]).fetchone()[0])
        blob[20] ^= 1
        db.execute("UPDATE events SET payload = ? WHERE id = ?", [bytes(blob), bad.id])
    store.pending(10)  # read once: set aside
    store.journal.record([{"id": "01900000-0000-7000-8000-000000000001", "kind": "shelter.checked_in",
                           "seq": None}])  # written, then lost with the end of the WAL
    assert store.check_journal() == ["01900000-0000-7000-8000-000000000001"]
    window.show_queue_view()
    view = window.queue_view
    rows = [[view.cell(r, c) for c in range(4)] for r in range(view.row_count())]
    assert [r[2] for r in rows] == ["欠落 / Lost", "隔離（復号不可） / Set aside (unreadable)",
                                    "送信待ち / Pending"]
    assert rows[0][0] == "—" and "missing from its database" in rows[0][3]
    assert rows[1][3].startswith("decryption_failed")
    assert "欠落 1 件・隔離 1 件" in plain_text(view.counts)
    for row in range(2):
        assert view.model.data(view.model.index(row, 2), Qt.ItemDataRole.ForegroundRole) is not None
