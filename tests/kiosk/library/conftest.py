"""Fixtures of the library tests: a desk on a fresh event store, people as `card read --json` prints
them, and `mesh_db`: a mesh database on SQLite or on a fresh PostgreSQL database, with a way to read
every row of it."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.library.config import LibraryConfig
from kiosk.library.desk import LibraryDesk
from sync.store import EventStore
from tests.sync.conftest import postgres_db_url  # noqa: F401 (the fixture, for mesh_db below)

SITE = "lib-test"
TODAY = dt.date(2026, 11, 24)   # a Tuesday


def as_read(person: dict) -> dict:
    """The person record `kazasu card read --json` prints for a people.json entry."""
    b = person["birth_date"]
    return {"name": person["name"], "address": person["address"],
            "birth_date": f"{b[:4]}-{b[4:6]}-{b[6:]}", "sex_code": person["sex"]}


def card_identifier(reader: str, data_dir):
    """What the kiosk hands the library desk (kiosk.library.reader.library_identifier): identify() →
    (kind, pseudonym) of the card on `reader`, read through pcscd by the configured link provider."""
    from kiosk.cards.source import PcscCardSource
    from kiosk.library.reader import library_identifier

    return library_identifier(PcscCardSource(reader), data_dir)


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


@pytest.fixture(params=["sqlite", "postgresql"])
def mesh_db(request, tmp_path):
    """(database URL, rows()) — rows() gives every row of every mesh table as one text each."""
    if request.param == "sqlite":
        import sqlite3

        path = tmp_path / "mesh.db"

        def sqlite_rows() -> list[str]:
            with sqlite3.connect(path) as db:
                tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
                return [_text(row) for table in tables for row in db.execute(f'SELECT * FROM "{table}"')]

        return f"sqlite:///{path}", sqlite_rows
    import psycopg

    url = request.getfixturevalue("postgres_db_url")

    def pg_rows() -> list[str]:
        with psycopg.connect(url) as db:
            tables = [r[0] for r in db.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")]
            return [_text(row) for table in tables for row in db.execute(f'SELECT * FROM "{table}"')]

    return url, pg_rows


def _text(row) -> str:
    return " ".join(bytes(v).decode("utf-8", "replace") if isinstance(v, (bytes, memoryview)) else str(v)
                    for v in row)
