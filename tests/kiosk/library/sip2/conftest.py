"""The test ILS (pysip2's server in its own process) for the SIP2 tests."""

from __future__ import annotations

from typing import Iterator

import pytest

from tests.kiosk.library.sip2.server import IlsServer


@pytest.fixture
def ils(tmp_path) -> Iterator[IlsServer]:
    server = IlsServer(tmp_path)
    yield server
    server.kill()


def ils_config(server: IlsServer, **changes):
    """The default library.json with an `ils` part for `server`."""
    import json

    from kiosk.library.config import DEFAULT_PATH, LibraryConfig

    data = json.loads(DEFAULT_PATH.read_text(encoding="utf-8"))
    data["ils"] = server.ils_json(**changes)
    return LibraryConfig(data, "library.json")


@pytest.fixture
def make_ils_desk(tmp_path, ils):
    """make(name="term-a", **ils changes) → an IlsDesk on its own terminal store, talking to `ils`."""
    from kiosk.library.ils import IlsDesk
    from sync.store import EventStore

    made = []

    def make(name: str = "term-a", **changes) -> IlsDesk:
        folder = tmp_path / name
        folder.mkdir(exist_ok=True)
        desk = IlsDesk(EventStore(folder / "kazasu.db"), "lib-test", name, ils_config(ils, **changes))
        made.append(desk)
        return desk

    yield make
    for desk in made:
        desk.client.close()
        desk.store.close()
