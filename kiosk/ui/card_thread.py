"""The kiosk's one card thread (kazasu-card): every touch of the card reader happens on it.

`CardThread(source, demo_card)` polls the card source every 300 ms (`presence_changed`, and
`reader_changed` for the status bar), runs the desks' and the shell's card work one task after
another (`run(action, done, failed)`: the counter's, shelter's and library's tries and reads through
kiosk.ui.card_secret, the PIN-free taps of the shelter and library, the staff card), and puts the
demo's emulated card in and out (`demo_card_then(done)`: in, then `done()` once the reader sees it,
for the shelter's and the library's demo buttons). A poll never runs in the middle of a task: they
share the thread.
Results come back on the UI thread. No PIN, 照合番号B, My Number or name is ever logged.
"""

from __future__ import annotations

import logging
from typing import Callable

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from kiosk.ui.tasks import TaskRunner, TaskWorker
from kiosk.ui.threads import BLOCKING

logger = logging.getLogger(__name__)

POLL_MS = 300
DEMO_WAIT_MS = 5000   # the longest wait for the reader to see the demo card (pcscd: well under 1 s)


class _CardWorker(TaskWorker):
    presence_changed = Signal(bool)
    reader_changed = Signal(bool)

    def __init__(self, source, demo_card=None) -> None:
        super().__init__()
        self.source = source
        self.demo_card = demo_card
        self._present: bool | None = None
        self._connected: bool | None = None
        self._timer: QTimer | None = None

    @Slot()
    def start(self) -> None:
        if self.source is None:
            return
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self.poll)
        self._timer.start()
        self.poll()

    @Slot()
    def stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()

    @Slot()
    def poll(self) -> None:
        if self.source is None:
            return
        status = getattr(self.source, "status", None)
        try:
            connected, present = status() if status else (True, bool(self.source.present()))
        except Exception:  # the reader service may come and go: report "no card" and keep polling
            logger.debug("card presence poll failed", exc_info=True)
            connected, present = False, False
        if connected != self._connected:
            self._connected = connected
            self.reader_changed.emit(connected)
        if present != self._present:
            self._present = present
            self.presence_changed.emit(present)

    @Slot()
    def insert_demo(self) -> None:
        if self.demo_card is not None:
            self.demo_card.insert()
            self.poll()

    @Slot()
    def remove_demo(self) -> None:
        if self.demo_card is not None:
            self.demo_card.remove()
            self.poll()


class CardThread(TaskRunner):
    """The one owner of card I/O. `presence_changed(bool)`, `reader_changed(bool)`; `present` and
    `connected` hold the last answers; `run(action, done, failed)` queues card work; `start()` begins
    the polling; `insert_demo()` / `remove_demo()`; `stop()` ends the thread and waits for it."""

    presence_changed = Signal(bool)
    reader_changed = Signal(bool)
    _do_start = Signal()
    _do_stop = Signal()
    _do_insert = Signal()
    _do_remove = Signal()

    def __init__(self, source=None, demo_card=None, parent: QObject | None = None,
                 name: str = "kazasu-card") -> None:
        worker = _CardWorker(source, demo_card)
        super().__init__(parent, name, worker)
        self.source = source
        self.has_demo_card = demo_card is not None
        self.present = False
        self.connected: bool | None = None
        self._do_start.connect(worker.start)
        self._do_stop.connect(worker.stop, BLOCKING)
        self._do_insert.connect(worker.insert_demo)
        self._do_remove.connect(worker.remove_demo)
        worker.presence_changed.connect(self._on_presence)
        worker.reader_changed.connect(self._on_reader)

    def _on_presence(self, present: bool) -> None:
        self.present = present
        self.presence_changed.emit(present)

    def _on_reader(self, connected: bool) -> None:
        self.connected = connected
        self.reader_changed.emit(connected)

    def start(self) -> None:
        self._do_start.emit()

    def insert_demo(self) -> None:
        self._do_insert.emit()

    def remove_demo(self) -> None:
        self._do_remove.emit()

    def demo_card_then(self, done: Callable[[], None], timeout_ms: int = DEMO_WAIT_MS) -> None:
        """Put the demo card on the reader, then `done()` on the UI thread once the reader sees it
        (pcscd notices a card within about half a second), or after `timeout_ms` all the same: the
        read that follows then says what is wrong."""
        if self.present:
            done()
            return
        waiter = _Waiter(self, done, timeout_ms)
        self.presence_changed.connect(waiter.presence)
        self.insert_demo()


class _Waiter(QObject):
    """One wait for the demo card: `done()` once, on the first presence or at the timeout, then gone."""

    def __init__(self, thread: CardThread, done: Callable[[], None], timeout_ms: int) -> None:
        super().__init__(thread)
        self.done = done
        QTimer.singleShot(timeout_ms, self, self.finish)

    def presence(self, present: bool) -> None:
        if present:
            self.finish()

    def finish(self) -> None:
        if self.done is None:
            return
        done, self.done = self.done, None
        self.parent().presence_changed.disconnect(self.presence)
        self.deleteLater()
        done()

    def stop(self) -> None:
        if self._thread.isRunning():
            self._do_stop.emit()   # the polling stops on its own thread before the thread ends
        super().stop()
