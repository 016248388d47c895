"""The mesh API through a real uvicorn server on loopback (EmbeddedMesh) and plain HTTP."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from sync.errors import StorageUrlError
from sync.events import Event
from sync.mesh.backends import open_storage


def make(n, site="site-a", kind="shelter.checked_in"):
    return [Event.create(kind, {"n": i}, site=site, terminal="term-1", staff="s").to_dict()
            for i in range(n)]


def post(mesh, events):
    response = httpx.post(mesh.url + "/v1/events/batch", json={"events": events}, timeout=10)
    assert response.status_code == 200, response.text
    return response.json()["results"]


def stats(mesh):
    return httpx.get(mesh.url + "/v1/stats", timeout=10).json()


def test_health_and_openapi(mesh):
    assert httpx.get(mesh.url + "/v1/health").json()["status"] == "ok"
    paths = httpx.get(mesh.url + "/openapi.json").json()["paths"]
    assert {"/v1/events/batch", "/v1/sites/{site}/events", "/v1/health", "/v1/stats"} <= set(paths)


def test_same_batch_twice_is_idempotent(mesh):
    events = make(5)
    first = post(mesh, events)
    assert [r["status"] for r in first] == ["accepted"] * 5
    assert [r["id"] for r in first] == [e["id"] for e in events]
    second = post(mesh, events)
    assert [r["status"] for r in second] == ["duplicate"] * 5
    assert stats(mesh)["events"] == 5
    # the same id inside one batch is stored once
    again = make(1)
    assert [r["status"] for r in post(mesh, again + again)] == ["accepted", "duplicate"]
    assert stats(mesh)["events"] == 6


def test_an_id_again_in_one_batch_is_a_duplicate_or_a_conflict(mesh):
    """The identity of an event stored earlier in the same batch is made only when its id comes
    again: the same event is a duplicate, another one under that id a conflict, and offered again in
    a later batch (the id now held, its conflict kept aside) it gets the same answers."""
    first = make(1)[0]
    other = dict(first, payload={"n": "another"})
    batch = [first, first, other, other]
    assert [r["status"] for r in post(mesh, batch)] == ["accepted", "duplicate", "conflict", "conflict"]
    assert [r["status"] for r in post(mesh, batch)] == ["duplicate", "duplicate", "conflict", "conflict"]
    assert stats(mesh)["events"] == 1


def test_payload_depth_is_bounded_by_brackets_then_walked(mesh):
    """The payload's brackets bound its depth: few of them need no walk; more (inside strings, or
    nested within the limit) are walked and pass; only a payload deeper than the limit is refused,
    with the depth named before any other problem of its envelope."""
    def nested(depth):
        value: dict = {}
        for _ in range(depth - 1):
            value = {"n": value}
        return value

    events = make(5)
    events[0]["payload"] = {"text": "[{" * 40}  # 81 brackets in a string, one level deep
    events[1]["payload"] = nested(32)  # at the limit
    events[2]["payload"] = {"many": [[1], [2], {"a": [3]}] * 20}  # 81 containers, three levels
    events[3]["payload"] = nested(33)
    events[4] = dict(events[4], payload=nested(40), kind="Bad Kind")
    results = post(mesh, events)
    assert [r["status"] for r in results] == ["accepted", "accepted", "accepted", "rejected", "rejected"]
    assert results[3]["reason"] == results[4]["reason"] == "payload nested deeper than 32 levels"


def test_malformed_event_rejected_others_accepted(mesh):
    good = make(3)
    bad_kind = dict(good[1], kind="Bad Kind")
    no_payload = {k: v for k, v in make(1)[0].items() if k != "payload"}
    results = post(mesh, [good[0], bad_kind, 42, no_payload, good[2]])
    assert [r["status"] for r in results] == ["accepted", "rejected", "rejected", "rejected",
                                               "accepted"]
    assert "kind" in results[1]["reason"] and results[1]["id"] == good[1]["id"]
    assert results[2]["id"] is None and "object" in results[2]["reason"]
    assert "payload" in results[3]["reason"]
    assert "reason" not in results[0]
    assert stats(mesh)["events"] == 2


def test_an_id_that_is_not_text_is_rejected_alone(mesh):
    """A lone surrogate in an event's id (valid JSON, not valid text) is that event's rejection, answered
    as ASCII JSON; the batch's other events are stored."""
    good = make(2)
    odd = dict(make(1)[0], id="\ud800" + good[0]["id"][1:])
    body = json.dumps({"events": [good[0], odd, good[1]]})  # ASCII: the surrogate as an escape
    response = httpx.post(mesh.url + "/v1/events/batch", content=body,
                          headers={"content-type": "application/json"}, timeout=10)
    assert response.status_code == 200, response.text
    response.content.decode("ascii")
    results = response.json()["results"]
    assert [r["status"] for r in results] == ["accepted", "rejected", "accepted"]
    assert results[1]["id"] == odd["id"] and "id" in results[1]["reason"]
    assert stats(mesh)["events"] == 2


def test_feed_pages_with_cursors(mesh):
    a = make(7, site="site-a")
    post(mesh, a[:3] + make(4, site="site-b") + a[3:])
    seen, cursor, pages = [], 0, 0
    for _ in range(10):  # bounded
        page = httpx.get(f"{mesh.url}/v1/sites/site-a/events",
                         params={"after": cursor, "limit": 3}).json()
        pages += 1
        seen += [e["id"] for e in page["events"]]
        assert len(page["cursors"]) == len(page["events"]) and page["cursors"] == sorted(page["cursors"])
        assert not page["cursors"] or page["cursors"][-1] == page["next_cursor"]
        assert page["next_cursor"] >= cursor
        cursor = page["next_cursor"]
        if not page["has_more"]:
            break
    assert pages == 3
    assert seen == [e["id"] for e in a]  # in arrival order, only site-a, each once
    tail = httpx.get(f"{mesh.url}/v1/sites/site-a/events", params={"after": cursor}).json()
    assert tail["events"] == [] and tail["next_cursor"] == cursor
    first = httpx.get(f"{mesh.url}/v1/sites/site-a/events", params={"limit": 1}).json()
    assert first["events"][0] == a[0]  # stored as sent
    assert stats(mesh)["sites"] == {"site-a": 7, "site-b": 4}


def test_errors_have_one_json_shape(mesh):
    cases = [
        httpx.post(mesh.url + "/v1/events/batch", content=b"{not json",
                   headers={"content-type": "application/json"}),
        httpx.post(mesh.url + "/v1/events/batch", json={"nope": []}),
        httpx.get(mesh.url + "/v1/sites/x/events", params={"limit": 0}),
        httpx.get(mesh.url + "/v1/nothing-here"),
        httpx.post(mesh.url + "/v1/events/batch", json={"events": [{}] * 1001}),
    ]
    assert [r.status_code for r in cases] == [422, 422, 422, 404, 413]
    for response in cases:
        error = response.json()["error"]
        assert set(error) == {"code", "message_ja", "message_en"}


def test_storage_urls(tmp_path):
    for bad in ("mysql://x/y", "sqlite:///", "sqlite://rel.db", ""):
        with pytest.raises(StorageUrlError) as info:
            open_storage(bad)
        assert info.value.code == "unsupported_db_url" and "postgresql://" in info.value.message_en
    storage = open_storage(f"sqlite:///{tmp_path / 'm.db'}")
    assert storage.stats()["events"] == 0
    storage.close()
    reopened = open_storage(f"sqlite:///{tmp_path / 'm.db'}")  # migrations are idempotent
    assert reopened.stats() == {"events": 0, "sites": {}, "terminals": 0, "last_cursor": 0}
    reopened.close()


def test_unreachable_postgres_is_a_typed_error():
    from sync.errors import StorageUnavailableError

    from .conftest import free_port

    with pytest.raises(StorageUnavailableError) as info:
        open_storage(f"postgresql://kazasu@127.0.0.1:{free_port()}/postgres")
    assert info.value.code == "mesh_db_unavailable" and info.value.message_ja


def test_no_nagle_stall_on_loopback(mesh):
    """Regression: a socket made without proto=TCP skipped asyncio's TCP_NODELAY (~44 ms per GET)."""
    import socket
    import statistics
    import time

    from sync.mesh.embedded import bind_socket

    sock = bind_socket()
    assert sock.proto == socket.IPPROTO_TCP
    sock.close()
    with httpx.Client() as client:
        client.get(mesh.url + "/v1/health")
        times = []
        for _ in range(20):
            start = time.perf_counter()
            client.get(mesh.url + "/v1/health")
            times.append(time.perf_counter() - start)
    assert statistics.median(times) < 0.025


def test_a_serving_process_freezes_its_startup_heap_and_still_collects():
    """`mesh serve` and `node serve` leave their startup objects out of the GC's scans
    (freeze_startup_heap); garbage made afterwards (a batch's cycles) is still collected. In a child:
    freezing is for the whole process."""
    code = ("import gc\n"
            "from sync.mesh.serving import freeze_startup_heap\n"
            "freeze_startup_heap()\n"
            "assert gc.get_freeze_count() > 1000, gc.get_freeze_count()\n"
            "class Node:\n    pass\n"
            "for _ in range(100):\n    a, b = Node(), Node(); a.b, b.a = b, a\n"
            "del a, b\n"
            "assert gc.collect() >= 200\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr
