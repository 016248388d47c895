"""Every test under tests/devices runs with all logging captured at DEBUG and fails if a secret of a
fixture person appears in it: a PIN (as a word or as its ASCII hex), 照合番号B, a My Number (digits or
ASCII hex) or a name (whole, its parts of two characters or more, or its UTF-8 hex).

A test that proves a leak on purpose (e.g. nfcpy without its frame filter) asks for the
`allow_secret_logs` fixture.
"""

from __future__ import annotations

import logging
import re

import pytest

from tests.devices.secrets import person_secrets


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.lines.append(self.format(record))
        except Exception:  # a record that cannot be formatted is a bug of its own, shown as such
            self.lines.append(f"<unformattable record from {record.name}>")


@pytest.fixture
def allow_secret_logs() -> None:
    """Opt out of the log guard for one test."""


@pytest.fixture(autouse=True)
def no_secrets_in_logs(request, people):
    handler = _Collect()
    handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
    if "allow_secret_logs" in request.fixturenames:
        return
    text = "\n".join(handler.lines)
    leaks = sorted({label for label, pattern in person_secrets(people) if re.search(pattern, text)})
    assert not leaks, f"secrets in the logs: {leaks}"
