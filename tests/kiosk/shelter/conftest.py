"""Fixtures of the shelter tests: the kiosk's desk fixtures (tests/kiosk/conftest.py) for the shelter
desk on SITE, a desk set up, and the command line on a data folder of its own."""

from __future__ import annotations

import pytest

SITE = "site-hinanjo-1"


@pytest.fixture
def desk_kind() -> str:
    return "shelter"


@pytest.fixture
def site() -> str:
    return SITE


@pytest.fixture
def desk(make_desk):
    """The shelter desk's rules on the test's terminal (term-a), the shelter set up."""
    d = make_desk()
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
