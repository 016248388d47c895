"""Fixtures of the shelter tests: a desk on a fresh data folder, fictitious evacuees."""

from __future__ import annotations

import pytest

from kiosk.shelter.desk import ShelterDesk, open_store

SITE = "site-hinanjo-1"


@pytest.fixture
def make_desk(tmp_path):
    """make_desk(name) → a ShelterDesk on its own data folder (one terminal) for SITE."""
    stores = []

    def make(terminal: str = "term-a") -> ShelterDesk:
        store = open_store(tmp_path / terminal)
        stores.append(store)
        return ShelterDesk(store, site=SITE, terminal=terminal)

    yield make
    for store in stores:
        store.close()


@pytest.fixture
def desk(make_desk):
    d = make_desk("term-a")
    d.setup(name="架空市立第一小学校", municipality_code="999999", capacity=10, address="見本県架空市一丁目")
    return d


@pytest.fixture
def cli(tmp_path):
    """The `kazasu` runner (tests/cli_runner.py) on this test's data folder and site-1."""
    from tests.cli_runner import Kazasu

    return Kazasu(data_dir=tmp_path / "data", site="site-1")


@pytest.fixture
def kazasu(cli):
    """`cli` after setting up the shelter site (the shelter tests' `kazasu`)."""
    cli("shelter", "setup", "--name", "架空市立第一小学校", "--municipality-code", "999999",
        "--capacity", "120", "--address", "見本県架空市一丁目")
    return cli
