"""SyncClient against a real mesh on loopback, and its handling of rejections and outages."""

from __future__ import annotations

import json
import socket

import httpx
import pytest

from sync.client import SyncClient
from sync.errors import MeshResponseError, MeshUnreachableError
from sync.terminal import TerminalConfig

from .conftest import append_person


def test_sync_once_batches_and_acknowledges(store, mesh):
    events = [append_person(store, f"名{i}") for i in range(23)]
    with SyncClient(store, mesh.url, batch_size=5) as client:
        result = client.sync_once()
        assert result == {"sent": 23, "accepted": 23, "duplicates": 0, "rejected": 0, "pending": 0}
        assert client.sync_once()["sent"] == 0
    assert store.status() == {"pending": 0, "acknowledged": 23, "total": 23, "rejected": 0}
    feed = httpx.get(f"{mesh.url}/v1/sites/site-a/events", params={"limit": 100}).json()
    assert [e["id"] for e in feed["events"]] == [e.id for e in events]
    assert feed["events"][0]["payload"] == {"person": {"name": "名0"}}


def test_duplicates_count_as_held(store, mesh):
    events = [append_person(store) for _ in range(4)]
    httpx.post(mesh.url + "/v1/events/batch", json={"events": [e.to_dict() for e in events[:2]]})
    with SyncClient(store, mesh.url) as client:
        assert client.sync_once() == {"sent": 4, "accepted": 2, "duplicates": 2, "rejected": 0,
                                      "pending": 0}


def fake_mesh(reject_index: int, seen: list):
    """A mesh double that rejects one event per batch and accepts the rest."""
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/health":   # the client asks the protocol once (sync.protocol)
            return httpx.Response(200, json={"status": "ok", "protocol": 2})
        events = json.loads(request.content)["events"]
        seen.append(len(events))
        results = [{"id": e["id"], "status": "accepted"} for e in events]
        if reject_index < len(results):
            results[reject_index] = {"id": events[reject_index]["id"], "status": "rejected",
                                     "reason": "site is not enrolled"}
        return httpx.Response(200, json={"results": results})
    return httpx.Client(transport=httpx.MockTransport(handler))


def test_rejected_stay_pending_with_reason(store):
    events = [append_person(store) for _ in range(6)]
    seen: list[int] = []
    client = SyncClient(store, "http://mesh.invalid", batch_size=4, http=fake_mesh(0, seen))
    result = client.sync_once()
    assert seen == [4, 2]  # each pending event offered once per pass, no endless retry loop
    assert result == {"sent": 6, "accepted": 4, "duplicates": 0, "rejected": 2, "pending": 2}
    assert [e.id for e in store.pending(10)] == [events[0].id, events[4].id]
    assert store.last_error(events[0].id) == (1, "site is not enrolled")
    assert store.status()["rejected"] == 2


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_unreachable_mesh_loses_nothing(store):
    append_person(store)
    append_person(store)
    client = SyncClient(store, f"http://127.0.0.1:{free_port()}", timeout=2)
    with pytest.raises(MeshUnreachableError) as info:
        client.sync_once()
    assert info.value.code == "mesh_unreachable"
    assert info.value.message_ja and info.value.details()["pending"] == 2
    assert store.status()["pending"] == 2


def test_mesh_error_status_is_typed(store):
    append_person(store)
    http = httpx.Client(transport=httpx.MockTransport(
        lambda r: httpx.Response(503, json={"error": {"code": "overloaded"}})))
    with pytest.raises(MeshResponseError) as info:
        SyncClient(store, "http://mesh.invalid", http=http).sync_once()
    assert info.value.details()["http_status"] == 503 and info.value.details()["mesh_code"] == "overloaded"
    assert store.status()["pending"] == 1


def test_terminal_config_created_once(tmp_path):
    first = TerminalConfig.load(tmp_path)
    assert first.terminal_id.startswith("term-")
    first.site, first.mesh_url = "shinjuku-1", "http://127.0.0.1:8765"
    first.save()
    again = TerminalConfig.load(tmp_path)
    assert (again.terminal_id, again.site, again.mesh_url) == (first.terminal_id, "shinjuku-1",
                                                               "http://127.0.0.1:8765")
