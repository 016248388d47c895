"""Run an action off the UI thread and hand its result back on the UI thread.

`TaskRunner(name)` owns one thread; `run(action, done, failed)` queues `action()` there (tasks run one
after another) and calls `done(result)` or `failed(error)` on the UI thread through a queued signal,
so the screen never freezes. The shell's runner (kazasu-shell-tasks: staff PIN checks, the wizard's
enrolment and test print) is one; the card thread (kiosk.ui.card_thread, kazasu-card) is another,
with the card's presence polling and the demo card on the same thread.
"""

from __future__ import annotations

import itertools
import logging
from typing import Any, Callable

from PySide6.QtCore import QObject, QThread, Signal, Slot

logger = logging.getLogger(__name__)


class TaskWorker(QObject):
    """Lives on the runner's thread: calls each action and reports its result or error."""

    finished = Signal(int, object, object)  # task id, result, error

    @Slot(int, object)
    def call(self, task_id: int, action: Callable[[], Any]) -> None:
        try:
            result = action()
        except Exception as exc:  # handed to the screen, which shows its words (kiosk.messages)
            self.finished.emit(task_id, None, exc)
        else:
            self.finished.emit(task_id, result, None)


class TaskRunner(QObject):
    """`run(action, done, failed)`: action() on this runner's thread, then done(result) or
    failed(error) on the UI thread."""

    _call = Signal(int, object)

    def __init__(self, parent: QObject | None = None, name: str = "kazasu-shell-tasks",
                 worker: TaskWorker | None = None) -> None:
        super().__init__(parent)
        self._ids = itertools.count(1)
        self._pending: dict[int, tuple[Callable[[Any], None], Callable[[BaseException], None]]] = {}
        self._thread = QThread(self)
        self._thread.setObjectName(name)
        self._worker = worker or TaskWorker()
        self._worker.moveToThread(self._thread)
        self._thread.finished.connect(self._worker.deleteLater)
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
        if self._thread.isRunning():
            self._thread.quit()
            if not self._thread.wait(5000):
                logger.warning("the %s thread did not stop within 5 s", self._thread.objectName())
