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
