"""Run a desk's card action off the UI thread and hand its result back on the UI thread (the shell
uses a second runner, named kazasu-shell-tasks, for staff PIN checks and enrolment).

The shelter and library desks read a card with one call (a linked card's id, a PIN-less pseudonym).
A real card takes tens to hundreds of milliseconds, so the call runs on one dedicated thread (tasks
run one after another, never two card sessions at once) and its result or error comes back through
a queued signal, so that the screen never freezes. Desks built without a runner (unit tests) call
synchronously.
"""

from __future__ import annotations

import itertools
import logging
from typing import Any, Callable

from PySide6.QtCore import QObject, QThread, Signal, Slot

logger = logging.getLogger(__name__)


class _Worker(QObject):
    finished = Signal(int, object, object)  # task id, result, error

    @Slot(int, object)
    def call(self, task_id: int, action: Callable[[], Any]) -> None:
        try:
            result = action()
        except Exception as exc:  # handed to the desk, which shows its ja/en message
            self.finished.emit(task_id, None, exc)
        else:
            self.finished.emit(task_id, result, None)


class CardTaskRunner(QObject):
    """`run(action, done, failed)`: action() on the card thread, then done(result) or failed(error)."""

    _call = Signal(int, object)

    def __init__(self, parent: QObject | None = None, name: str = "kazasu-card-tasks") -> None:
        super().__init__(parent)
        self._ids = itertools.count(1)
        self._pending: dict[int, tuple[Callable[[Any], None], Callable[[BaseException], None]]] = {}
        self._thread = QThread(self)
        self._thread.setObjectName(name)
        self._worker = _Worker()
        self._worker.moveToThread(self._thread)
        self._call.connect(self._worker.call)
        self._worker.finished.connect(self._finished)
        self._thread.start()

    def run(self, action: Callable[[], Any], done: Callable[[Any], None],
            failed: Callable[[BaseException], None]) -> None:
        task_id = next(self._ids)
        self._pending[task_id] = (done, failed)
        self._call.emit(task_id, action)

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    @Slot(int, object, object)
    def _finished(self, task_id: int, result: Any, error: BaseException | None) -> None:
        done, failed = self._pending.pop(task_id, (None, None))
        if done is None:
            return
        if error is not None:
            failed(error)
        else:
            done(result)

    def stop(self) -> None:
        self._pending.clear()
        self._thread.quit()
        if not self._thread.wait(5000):
            logger.warning("the card task thread did not stop within 5 s")
