"""Fixtures for the sync tests: a store in a temporary data folder and a real mesh on loopback."""

from __future__ import annotations

import socket

import pytest

from sync.mesh.embedded import EmbeddedMesh
from sync.store import EventStore


@pytest.fixture
def store(tmp_path):
    s = EventStore(tmp_path / "kazasu.db")
    yield s
    s.close()


@pytest.fixture
def mesh(tmp_path):
    m = EmbeddedMesh(f"sqlite:///{tmp_path / 'mesh.db'}").start()
    yield m
    m.stop()


def append_person(store, name="見本　花子", kind="shelter.checked_in", **extra):
    return store.append(kind, {"person": {"name": name}, **extra}, site="site-a", terminal="term-1",
                        staff="staff-1")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
