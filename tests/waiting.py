"""Waiting on a condition instead of sleeping and hoping: `wait_until(condition, timeout, what)` asks
the condition again and again until it holds (its value is returned) and fails with what it waited for
once the deadline has passed. In Qt tests, pytest-qt's `qtbot.waitUntil` / `waitSignal` do the same
while Qt's events run."""

from __future__ import annotations

import time
from typing import Callable, TypeVar

T = TypeVar("T")
POLL_S = 0.02


def wait_until(condition: Callable[[], T], timeout: float = 5.0, what: str | None = None,
               interval: float = POLL_S) -> T:
    """The first true value of `condition()`; AssertionError naming `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(f"waited {timeout} s for {what or getattr(condition, '__name__', condition)}"
                                 ", in vain")
        time.sleep(interval)
