"""Fixtures of the library tests: a desk on a fresh event store, people as `card read --json` prints them."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.library.config import LibraryConfig
from kiosk.library.desk import LibraryDesk
from sync.store import EventStore

SITE = "lib-test"
TODAY = dt.date(2026, 11, 24)   # a Tuesday


def as_read(person: dict) -> dict:
    """The person record `kazasu card read --json` prints for a people.json entry."""
    b = person["birth_date"]
    return {"name": person["name"], "address": person["address"],
            "birth_date": f"{b[:4]}-{b[4:6]}-{b[6:]}", "sex_code": person["sex"]}


class Clock:
    def __init__(self, day: dt.date = TODAY) -> None:
        self.day = day

    def __call__(self) -> dt.date:
        return self.day


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def make_desk(tmp_path, clock):
    stores = []

    def make(name: str = "a", config: LibraryConfig | None = None) -> LibraryDesk:
        store = EventStore(tmp_path / name / "kazasu.db", identity=None)
        stores.append(store)
        return LibraryDesk(store, SITE, f"term-{name}", config or LibraryConfig.load(), today=clock)

    yield make
    for store in stores:
        store.close()


@pytest.fixture
def desk(make_desk) -> LibraryDesk:
    return make_desk("a")
