"""Fixtures of the library tests: the kiosk's desk fixtures (tests/kiosk/conftest.py) for the library
desk on SITE with a fixed day (`clock`), people as `card read --json` prints them, and `mesh_db`: a
mesh database on SQLite or on a fresh PostgreSQL database, with a way to read every row of it."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.library.desk import LibraryDesk
from tests.packaging.cupsd import cups, cups_server  # noqa: F401 (a private CUPS: printing the card)
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
def desk_kind() -> str:
    return "library"


@pytest.fixture
def site() -> str:
    return SITE


@pytest.fixture
def desk_options(clock) -> dict:
    """Every library desk of a test counts days by the test's clock."""
    return {"today": clock}


@pytest.fixture
def desk(make_desk) -> LibraryDesk:
    """The library desk's rules on the test's terminal (term-a)."""
    return make_desk()


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
