"""Mesh storage on both backends: migrations with a version table, concurrent writers never commit feed
positions out of order, restart and reconnection. Parametrised by `mesh_db_url` (SQLite, PostgreSQL)."""

from __future__ import annotations

import threading

import httpx

from sync.events import Event
from sync.mesh import storage as storage_module
from sync.mesh.backends import open_storage
from sync.mesh.embedded import EmbeddedMesh
from sync.mesh.storage import ACCEPTED, DUPLICATE, FEED_LOCK, MIGRATIONS, MeshStorage


def events(n, site="site-a", terminal="term-1"):
    return [Event.create("shelter.checked_in", {"n": i}, site=site, terminal=terminal, staff="s")
            for i in range(n)]


def test_migrations_recorded_once_and_idempotent(mesh_db_url):
    first = open_storage(mesh_db_url)
    newest = max(version for version, _ in MIGRATIONS)
    assert first.schema_version() == newest
    with first.reading() as tx:
        versions = [row[0] for row in tx.all("SELECT version FROM mesh_migrations ORDER BY version")]
    assert versions == [version for version, _ in MIGRATIONS]
    first.insert_events(events(2))
    first.close()
    again = open_storage(mesh_db_url)  # reopening applies nothing twice and keeps the data
    assert again.schema_version() == newest and again.stats()["events"] == 2
    again.close()


def test_a_new_migration_is_applied_on_open(mesh_db_url, monkeypatch):
    open_storage(mesh_db_url).close()
    extra = (10_000, ["CREATE TABLE mesh_test_extra (x INTEGER)"])
    monkeypatch.setattr(storage_module, "MIGRATIONS", [*MIGRATIONS, extra])
    upgraded = open_storage(mesh_db_url)
    assert upgraded.schema_version() == 10_000
    with upgraded.reading() as tx:
        assert tx.one("SELECT count(*) FROM mesh_test_extra")[0] == 0
    upgraded.close()


def test_concurrent_openers_migrate_once(mesh_db_url):
    opened, errors = [], []

    def open_one():
        try:
            opened.append(open_storage(mesh_db_url))
        except Exception as exc:  # pragma: no cover - shows in the assert
            errors.append(exc)

    threads = [threading.Thread(target=open_one) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors and len(opened) == 6
    with opened[0].reading() as tx:
        assert tx.one("SELECT count(*) FROM mesh_migrations")[0] == len(MIGRATIONS)
    for s in opened:
        s.close()


def test_concurrent_writers_never_let_a_follower_miss_an_event(mesh_db_url):
    """Four writers (own connections, like four mesh processes) insert while a follower reads the feed
    by cursor, as terminals do: the follower must end up with every event exactly once."""
    writers = [open_storage(mesh_db_url) for _ in range(4)]
    follower = open_storage(mesh_db_url)
    batches = {i: [events(5, terminal=f"term-{i}") for _ in range(15)] for i in range(4)}
    done = threading.Event()
    seen: list[str] = []

    def write(i):
        for batch in batches[i]:
            writers[i].insert_events(batch)

    def follow():
        cursor = 0
        while True:
            finished = done.is_set()  # read before the page: a last page after all commits
            page = follower.feed("site-a", after=cursor, limit=1000)
            seen.extend(e["id"] for e in page.events)
            cursor = page.next_cursor
            if finished and not page.has_more:
                return

    reader = threading.Thread(target=follow)
    reader.start()
    threads = [threading.Thread(target=write, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    done.set()
    reader.join(60)
    expected = {e.id for i in batches for batch in batches[i] for e in batch}
    assert len(seen) == len(set(seen)) == len(expected) == 300
    assert set(seen) == expected
    for s in [*writers, follower]:
        s.close()


def test_a_batch_insert_meeting_a_held_id_falls_back_event_by_event(mesh_db_url):
    """insert_new_rows is given ids the caller found new; should one be held after all, the batched
    statement is rolled back and the events go one by one: the held one is a duplicate, nothing is
    stored twice and nothing is lost."""
    storage = open_storage(mesh_db_url)
    held, *fresh = events(3)
    assert storage.insert_events([held]) == [ACCEPTED]
    with storage.transaction(lock=FEED_LOCK) as tx:
        assert MeshStorage.insert_new_rows(tx, fresh) == [ACCEPTED, ACCEPTED]
    more = events(2)
    with storage.transaction(lock=FEED_LOCK) as tx:
        assert MeshStorage.insert_new_rows(tx, [more[0], held, more[1]]) == [ACCEPTED, DUPLICATE, ACCEPTED]
    page = storage.feed("site-a", limit=100)
    assert [e["id"] for e in page.events] == [e.id for e in [held, *fresh, *more]]
    assert page.events[1]["payload"] == fresh[0].payload
    storage.close()


def test_mesh_restart_keeps_events_and_cursor(mesh_db_url):
    sent = [e.to_dict() for e in events(4)]
    with EmbeddedMesh(mesh_db_url) as mesh:
        httpx.post(mesh.url + "/v1/events/batch", json={"events": sent})
        cursor = httpx.get(mesh.url + "/v1/sites/site-a/events").json()["next_cursor"]
    with EmbeddedMesh(mesh_db_url) as mesh:
        again = httpx.post(mesh.url + "/v1/events/batch", json={"events": sent}).json()["results"]
        assert [r["status"] for r in again] == ["duplicate"] * 4
        more = [e.to_dict() for e in events(1)]
        httpx.post(mesh.url + "/v1/events/batch", json={"events": more})
        tail = httpx.get(mesh.url + "/v1/sites/site-a/events", params={"after": cursor}).json()
        assert [e["id"] for e in tail["events"]] == [more[0]["id"]]


def test_postgres_connection_loss_is_503_with_retry_after_then_recovers(postgres_db_url):
    import psycopg

    with EmbeddedMesh(postgres_db_url) as mesh:
        httpx.post(mesh.url + "/v1/events/batch", json={"events": [e.to_dict() for e in events(1)]})
        with psycopg.connect(postgres_db_url, autocommit=True) as admin:  # cut the mesh's connection
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                          " WHERE application_name = 'kazasu-mesh'")
        answer = httpx.get(mesh.url + "/v1/stats")
        assert answer.status_code == 503 and answer.headers["retry-after"] == "5"
        assert answer.json()["error"]["code"] == "mesh_db_unavailable"
        assert httpx.get(mesh.url + "/v1/stats").json()["events"] == 1  # reconnected
