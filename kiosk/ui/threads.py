"""A main-thread QObject that owns one worker living in a QThread: calls become queued signals to the
worker, results come back as signals, so the UI never waits on a card, a disk or the network."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QThread

BLOCKING = Qt.ConnectionType.BlockingQueuedConnection  # stop() waits until the worker stopped


class Threaded(QObject):
    """Owns a QThread and a worker moved into it; `stop()` ends the thread and waits for it."""

    def _start_thread(self, worker: QObject, name: str) -> None:
        self._thread = QThread()
        self._thread.setObjectName(name)
        self._worker = worker
        worker.moveToThread(self._thread)
        self._thread.finished.connect(worker.deleteLater)
        self._thread.start()

    def stop(self) -> None:
        if getattr(self, "_thread", None) is not None and self._thread.isRunning():
            self._stop_worker.emit()
            self._thread.quit()
            self._thread.wait(5000)
