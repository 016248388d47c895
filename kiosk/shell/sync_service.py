"""The kiosk's sync thread: a pass every few seconds (a long backlog in a child `kazasu sync --once`),
the queue counts for the status bar; `sync_now()` queues a pass, the UI never waits for it."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from kiosk.timeouts import SYNC_CHILD_FROM, SYNC_MS
from kiosk.ui.threads import BLOCKING, Threaded
from sync.errors import SyncError
from sync.events import utc_now_iso

logger = logging.getLogger(__name__)

SYNC_CHILD_TIMEOUT_S = 1800
STORE_FILE = "kazasu.db"   # the store's file in the data folder (kiosk.counter.visit.open_store)


class _SyncWorker(QObject):
    """One pass every `interval_ms`: `client.sync_once()` on this thread, or, with `child_from` or
    more events waiting (a backlog after days offline), `kazasu sync --once` in a child process: a
    long drain in this process shares the interpreter lock with the UI thread and stalled its event
    loop (benchmarks/bench_kiosk.py); a child shares nothing but the SQLite file."""

    status = Signal(object)

    def __init__(self, store, client, interval_ms: int, child_from: int = SYNC_CHILD_FROM) -> None:
        super().__init__()
        self.store = store
        self.client = client
        self.interval_ms = interval_ms
        self.child_from = child_from
        self.child = None  # the running `kazasu sync --once`, if any (SyncService.stop ends it)
        self.passes_in_child = 0
        self.last_sync: str | None = None
        self._timer: QTimer | None = None

    @Slot()
    def start(self) -> None:
        self._timer = QTimer(self)
        self._timer.setInterval(self.interval_ms)
        self._timer.timeout.connect(self.sync)
        self._timer.start()
        self.sync()

    @Slot()
    def stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self.store.close()

    @Slot()
    def sync(self) -> None:
        online = None
        if self.client is not None:
            try:
                if self._backlog():
                    self._sync_in_child()
                else:
                    self.client.sync_once()
                online = True
                self.last_sync = utc_now_iso()
                self.store.purge_if_due()  # erase payloads acknowledged longer ago than the retention
            except Exception as exc:  # offline is normal: the events wait in the outbox
                logger.info("sync failed: %s", getattr(exc, "code", type(exc).__name__))
                online = False
        self.refresh(online)

    def _backlog(self) -> bool:
        path = getattr(self.store, "path", None)
        if path is None or path.name != STORE_FILE or not getattr(self.client, "mesh_url", None):
            return False
        return self.store.status()["pending"] >= self.child_from

    def _sync_in_child(self) -> None:
        """`kazasu sync --once` on the same data folder and mesh, waited for on this thread."""
        command = [*kazasu_command(), "--json", "sync", "--once", "--data-dir", str(self.store.path.parent),
                   "--mesh", self.client.mesh_url, "--batch-size", str(getattr(self.client, "batch_size", 500))]
        env = {k: v for k, v in os.environ.items() if k not in ("KAZASU_DATA_DIR", "KAZASU_MESH_URL")}
        self.child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                      text=True, env=env)
        try:
            out, _ = self.child.communicate(timeout=SYNC_CHILD_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self.child.kill()
            self.child.communicate()
            raise SyncChildError("timeout") from None
        finally:
            code, self.child = self.child.returncode, None
        self.passes_in_child += 1
        if code != 0:
            try:
                error = json.loads(out.strip().splitlines()[-1])["error"]["code"]
            except (ValueError, IndexError, KeyError, TypeError):
                error = f"status {code}"
            raise SyncChildError(error)

    @Slot()
    def refresh(self, online=None) -> None:
        try:
            counts = dict(self.store.status())
        except Exception:
            logger.warning("queue status failed", exc_info=True)
            return
        counts["online"] = online
        counts["last_sync"] = self.last_sync
        self.status.emit(counts)


class SyncService(Threaded):
    """Delivers pending events every few seconds; `status` carries the queue counts (+ `online`,
    and `last_sync`: the UTC ISO time of the last pass that reached the mesh). `sync_now()` (staff
    menu, a new event) only queues a pass on the sync thread: the UI never waits for it."""

    status = Signal(object)
    _stop_worker = Signal()
    _do_start = Signal()
    _do_sync = Signal()

    def __init__(self, store, client=None, interval_ms: int = SYNC_MS, parent=None,
                 child_from: int = SYNC_CHILD_FROM) -> None:
        super().__init__(parent)
        worker = _SyncWorker(store, client, interval_ms, child_from)
        self._do_start.connect(worker.start)
        self._do_sync.connect(worker.sync)
        self._stop_worker.connect(worker.stop, BLOCKING)
        worker.status.connect(self.status)
        self._start_thread(worker, "kazasu-sync")

    def start(self) -> None:
        self._do_start.emit()

    def sync_now(self) -> None:
        self._do_sync.emit()

    def stop(self) -> None:
        child = getattr(getattr(self, "_worker", None), "child", None)
        if child is not None and child.poll() is None:
            child.terminate()  # the pass in a child: acknowledged batches stay marked, the rest waits
        super().stop()


class SyncChildError(SyncError):
    """The child sync pass failed (its error code, e.g. mesh_unreachable): the events wait."""

    def __init__(self, code: str) -> None:
        super().__init__()
        self.code = code


def kazasu_command() -> list[str]:
    """How to start `kazasu` again: the bundle's own executable, or this Python with the CLI."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, "-c", "import sys; from kiosk.cli import main; sys.exit(main())"]
