"""Fixtures for the sync tests: a store in a temporary data folder and a real mesh on loopback.

`mesh_db_url` (and so `mesh`) is parametrised over the mesh's two backends: SQLite in the test's
folder, and a fresh PostgreSQL database per test on the server named by KAZASU_TEST_PG_URL (started by
scripts/with-postgres.sh). Without that variable the PostgreSQL cases FAIL, unless
KAZASU_ALLOW_NO_POSTGRES=1 (then they are skipped). `mesh_process` is a signed mesh in a process of its
own on SQLite in the test's folder: (server, database URL, folder).
"""

from __future__ import annotations

import os
import secrets
import socket
from urllib.parse import urlsplit, urlunsplit

import pytest

from sync.mesh.embedded import EmbeddedMesh
from sync.store import EventStore
from tests.sync.processes import MeshServer

BACKENDS = ["sqlite", "postgresql"]


def postgres_base_url() -> str:
    url = os.environ.get("KAZASU_TEST_PG_URL")
    if url:
        return url
    if os.environ.get("KAZASU_ALLOW_NO_POSTGRES") == "1":
        pytest.skip("KAZASU_TEST_PG_URL is not set and KAZASU_ALLOW_NO_POSTGRES=1")
    pytest.fail("KAZASU_TEST_PG_URL is not set: run the tests through scripts/with-postgres.sh "
                "(or set KAZASU_ALLOW_NO_POSTGRES=1 to skip the PostgreSQL cases)")


@pytest.fixture
def postgres_db_url():
    """A new, empty PostgreSQL database for one test (dropped afterwards)."""
    import psycopg

    base = postgres_base_url()
    name = f"kazasu_test_{secrets.token_hex(6)}"
    with psycopg.connect(base, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(base)
    yield urlunsplit(parts._replace(path="/" + name))
    with psycopg.connect(base, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=BACKENDS)
def mesh_db_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'mesh.db'}"
    return request.getfixturevalue("postgres_db_url")


@pytest.fixture
def store(tmp_path):
    s = EventStore(tmp_path / "kazasu.db")
    yield s
    s.close()


@pytest.fixture
def mesh(mesh_db_url):
    m = EmbeddedMesh(mesh_db_url).start()
    yield m
    m.stop()


@pytest.fixture
def mesh_process(tmp_path):
    folder = tmp_path / "mesh"
    folder.mkdir()
    db = f"sqlite:///{folder / 'mesh.db'}"
    server = MeshServer(db, folder, signed=True)
    yield server, db, folder
    server.stop()


def append_person(store, name="見本　花子", kind="shelter.checked_in", **extra):
    return store.append(kind, {"person": {"name": name}, **extra}, site="site-a", terminal="term-1",
                        staff="staff-1")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
