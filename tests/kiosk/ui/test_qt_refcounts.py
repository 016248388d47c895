"""PySide6 must not drop references to None/True/False returned from Qt calls.

PySide6 6.12.0 on Python 3.11 returns them without taking a reference; after a few thousand calls
Python aborts ("deallocating None"). pyproject.toml keeps that release out; this test fails if a
PySide6 with the bug is ever installed again.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Probe(QObject):
    ping = Signal()


def test_setters_keep_the_reference_count_of_none(qapp):
    probe = _Probe()
    before = sys.getrefcount(None)
    for _ in range(2000):
        probe.setObjectName("probe")
    assert sys.getrefcount(None) >= before - 50


def test_signal_emission_keeps_the_reference_count_of_true(qapp):
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(2000):
        probe.ping.emit()
    assert sys.getrefcount(True) >= before - 50
