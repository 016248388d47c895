"""Live library desk: terminal B's checkout page shows a patron with a loan made at terminal A; A takes
the item back and sends it to the mesh (a real one on loopback). When B pulls, its store tells the
desk after the commit (as the kiosk window hands it on) and the loan leaves B's open page without
the patron being shown again; B's copy of A's check-out (who read what) is erased."""

from __future__ import annotations

import pytest

from sync.client import SyncClient
from sync.mesh.embedded import EmbeddedMesh

from .conftest import as_read

ITEM = "1000000017"


@pytest.fixture
def mesh(tmp_path):
    with EmbeddedMesh(f"sqlite:///{tmp_path / 'mesh.db'}") as running:
        yield running


def test_a_return_at_a_leaves_bs_open_page(qtbot, make_screen, make_desk, terminal, people, mesh):
    a = make_desk("term-lib-a")
    number = a.register(as_read(people[0]))
    a.checkout(number, ITEM)
    with SyncClient(a.store, mesh.url) as a_client, SyncClient(terminal.store, mesh.url) as b_client:
        a_client.sync_once()
        b_client.pull_feed(terminal.site, own_terminal=terminal.terminal)
        widget = make_screen(identify_card=lambda: ("felica", "00"))
        widget.show_patron(number)
        assert widget.loans.count() == 1 and ITEM in widget.loans.item(0).text()
        told = []
        terminal.store.listen(lambda change: (told.append(change), widget.pulled(change)))
        a.checkin(ITEM)
        a_client.sync_once()
        assert b_client.pull_feed(terminal.site, own_terminal=terminal.terminal)["pulled"] >= 2
    assert told and told[-1].source == "pulled" and told[-1].erased >= 1
    assert widget.loans.count() == 0   # the open page took the return, nobody pressed anything
    assert widget.patron == number
    out = [e for e in terminal.store.remote_events(terminal.site) if e.kind == "library.checked_out"]
    assert len(out) == 1 and out[0].redacted and out[0].payload == {}   # who read what: gone at B
