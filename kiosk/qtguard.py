"""A guard against a reference-count bug of PySide6 6.12.0 on Python 3.11.

That build returns None, True and False from wrapped C++ calls without taking a reference (fine on
Python 3.12+, where these objects are immortal; fatal on 3.11). Every `label.setText(...)` then
drops one reference to None and every `signal.emit(...)` one to True, and after a few thousand calls
Python aborts with "none_dealloc: deallocating None". PySide6 6.11.x does not have the bug.

`install()` measures whether the running PySide6 has the bug and, only if it does, keeps a reserve
of references to the affected objects and tops it up from a QTimer, so the kiosk and its tests run
for as long as they need to. The lasting fix is a PySide6 without the bug (see docs/kiosk.md).
"""

from __future__ import annotations

import ctypes
import logging
import sys

logger = logging.getLogger(__name__)

LOW_WATER = 2_000_000   # top up when the object's reference count falls below this
CHUNK = 2_000_000       # references added per top-up (16 MB of pointers)
TOP_UP_MS = 250

_reserve: list[object] = []
_affected: list[object] = []
_timer = None


def _deficits() -> list[object]:
    """The objects whose reference count the running PySide6 drops on return (None, True)."""
    from PySide6.QtCore import QObject, Signal

    class _Probe(QObject):
        ping = Signal()

    probe = _Probe()
    affected = []
    before = sys.getrefcount(None)
    for _ in range(50):
        probe.setObjectName("probe")
    if sys.getrefcount(None) < before - 25:
        affected.append(None)
    before = sys.getrefcount(True)
    for _ in range(50):
        probe.ping.emit()
    if sys.getrefcount(True) < before - 25:
        affected.extend([True, False])
    return affected


def top_up() -> None:
    for obj in _affected:
        if sys.getrefcount(obj) < LOW_WATER:
            block = [obj] * CHUNK
            # leak the block on purpose: it must outlive interpreter shutdown too, or the deficit
            # reappears while modules are torn down and Python aborts at exit
            ctypes.pythonapi.Py_IncRef(ctypes.py_object(block))
            _reserve.append(block)


def install(start_timer: bool = True) -> bool:
    """Detect the bug and guard against it; returns True when a guard was needed."""
    global _timer
    if not _affected:
        _affected.extend(_deficits())
        if not _affected:
            return False
        logger.warning("PySide6 drops references to %s on return: guarding (use PySide6 6.11)",
                       ", ".join(map(repr, _affected)))
    top_up()
    if start_timer and _timer is None:
        from PySide6.QtCore import QCoreApplication, QTimer

        if QCoreApplication.instance() is not None:
            _timer = QTimer()
            _timer.setInterval(TOP_UP_MS)
            _timer.timeout.connect(top_up)
            _timer.start()
    return True
