"""The staff's queue view in the real window (offscreen, the reader on vpcd slot 1 of the real pcscd):
each waiting event with the state a real loopback mesh gave it — acknowledged, rejected with the mesh's
reason, or still pending — and no personal data on screen; closing goes back where staff were."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from sync.client import SyncClient
from sync.mesh.embedded import EmbeddedMesh
from kiosk.ui.a11y import plain_text  # a label's words without markup or word joiners
from tests.kiosk.conftest import READER, shoot

NAME = "見本　花子"


@pytest.fixture
def meshes(tmp_path):
    open_mesh = EmbeddedMesh(f"sqlite:///{tmp_path / 'open.db'}", allow_unsigned=True).start()
    strict_mesh = EmbeddedMesh(f"sqlite:///{tmp_path / 'strict.db'}", allow_unsigned=False).start()
    yield open_mesh, strict_mesh
    open_mesh.stop()
    strict_mesh.stop()


@pytest.mark.shots
def test_queue_view_shows_each_events_state(make_window, qtbot, pcscd, meshes):
    from kiosk.cards.source import PcscCardSource

    window = make_window(PcscCardSource(READER))
    store = window.services.store
    kinds = ["counter.application_submitted", "shelter.checked_in", "library.loaned"]
    events = [store.append(kind, {"person": {"name": NAME}}, site="test-site", terminal="term-test",
                           staff="staff-1") for kind in kinds]
    open_mesh, strict_mesh = meshes
    with SyncClient(store, open_mesh.url) as client:  # the first one reaches a mesh that takes it
        client.send_batch([store.get(events[0].id)])
    with SyncClient(store, strict_mesh.url) as client:  # this one only takes enrolled terminals
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
    assert view.cell(0, 3).startswith("unsigned event")  # the mesh's own reason
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
