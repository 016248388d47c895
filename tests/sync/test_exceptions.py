"""The mesh's exception list (each rejected event: terminal, site, reason, when, times seen; resolved once
accepted later) over HTTP and the command line, and the terminal's per-event states in `queue status`.
Both backends."""

from __future__ import annotations

import json

import httpx
import pytest

from sync.client import SyncClient
from sync.enrolment import enroll_terminal
from sync.mesh import registry
from sync.mesh.backends import open_storage
from sync.mesh.embedded import EmbeddedMesh
from sync.mesh.exceptions import list_exceptions
from sync.store import EventStore
from sync.terminal import TerminalConfig

from .credentials import operator_headers


@pytest.fixture
def strict_mesh(mesh_db_url):
    mesh = EmbeddedMesh(mesh_db_url, allow_unsigned=False).start()
    mesh.storage = open_storage(mesh_db_url)
    mesh.db_url = mesh_db_url
    yield mesh
    mesh.storage.close()
    mesh.stop()


def test_rejections_are_listed_counted_and_resolved(strict_mesh, tmp_path, kazasu):
    data = tmp_path / "t"
    enroll_terminal(data, registry.issue_code(strict_mesh.storage, "site-a")["code"], strict_mesh.url)
    term = TerminalConfig.load(data).terminal_id
    store = EventStore(data / "kazasu.db")
    events = [store.append("shelter.checked_in", {"person": {"name": f"見本{i}"}}, site="site-a",
                           terminal=term, staff="s") for i in range(3)]
    with SyncClient(store, strict_mesh.url) as client:
        for _ in range(2):  # the first event is held back: the other two leave a gap, twice
            assert client.send_batch(store.pending(10)[1:])["rejected"] == 2
        states = {e["id"]: e for e in store.event_states()}
        assert states[events[0].id]["state"] == "pending" and states[events[0].id]["reason"] is None
        assert states[events[1].id]["state"] == "rejected"
        assert states[events[1].id]["reason"] == "chain gap: expected position 1, got 2"
        assert states[events[2].id]["rejections"] == 2

        staff_it = operator_headers(strict_mesh.storage, ["site-a", "site-b"])
        listed = httpx.get(f"{strict_mesh.url}/v1/exceptions", params={"site": "site-a"},
                           headers=staff_it).json()
        rows = {row["event_id"]: row for row in listed["exceptions"]}
        assert set(rows) == {events[1].id, events[2].id}
        row = rows[events[1].id]
        assert (row["terminal"], row["site"], row["kind"], row["times_seen"]) == (
            term, "site-a", "shelter.checked_in", 2)
        assert row["first_seen"] <= row["last_seen"] and row["resolved_at"] is None
        assert "見本" not in json.dumps(listed, ensure_ascii=False)  # no payload data
        other = httpx.get(f"{strict_mesh.url}/v1/exceptions", params={"site": "site-b"},
                          headers=staff_it).json()
        assert other == {"exceptions": [], "overflow": []}

        assert client.sync_once()["accepted"] == 3  # in order now: all three go in
    resolved = list_exceptions(strict_mesh.storage, "site-a")
    assert all(row["resolved_at"] for row in resolved) and len(resolved) == 2
    assert list_exceptions(strict_mesh.storage, open_only=True) == []
    assert [e["state"] for e in store.event_states()] == ["acknowledged"] * 3
    store.close()

    cli = kazasu("mesh", "exceptions", "--db", strict_mesh.db_url, "--site", "site-a")
    assert {row["event_id"] for row in cli["exceptions"]} == {events[1].id, events[2].id}
    status = kazasu("queue", "status", data_dir=data)
    assert (status["pending"], status["acknowledged"]) == (0, 3)
    assert [e["id"] for e in status["events"]] == [e.id for e in events]
    assert set(status["events"][0]) == {"id", "kind", "created_at", "state", "reason", "rejections"}


def test_the_exception_route_is_in_openapi(strict_mesh):
    spec = httpx.get(f"{strict_mesh.url}/openapi.json").json()
    params = {p["name"] for p in spec["paths"]["/v1/exceptions"]["get"]["parameters"]}
    assert {"site", "open_only", "limit"} <= params
