"""Background work for the kiosk screens: card I/O, submitting, syncing, each in its own QThread.

Each service is a main-thread QObject that owns one worker living in a QThread. Calls become queued
signals to the worker; results come back as signals, so the UI never waits on a card, a disk or the
network. Exactly one thread (the card worker's) ever touches the card reader.
No PIN, My Number or name is ever logged.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal, Slot

from sync.events import utc_now_iso

logger = logging.getLogger(__name__)

POLL_MS = 300
SYNC_MS = 5000
SYNC_CHILD_FROM = 2000     # a pass over this many waiting events runs in a child process (see _SyncWorker)
SYNC_CHILD_TIMEOUT_S = 1800
STORE_FILE = "kazasu.db"   # the store's file in the data folder (kiosk.counter.visit.open_store)
BLOCKING = Qt.ConnectionType.BlockingQueuedConnection  # stop() waits until the worker stopped


class _Threaded(QObject):
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


# -- card ---------------------------------------------------------------------------------------
class _CardWorker(QObject):
    presence_changed = Signal(bool)
    reader_changed = Signal(bool)
    tries_checked = Signal(object)
    code_b_tries_checked = Signal(object)
    person_read = Signal(object)
    failed = Signal(str, object)
    demo_changed = Signal(bool)

    def __init__(self, source, demo_card=None) -> None:
        super().__init__()
        self.source = source
        self.demo_card = demo_card
        self._present: bool | None = None
        self._connected: bool | None = None
        self._timer: QTimer | None = None

    @Slot()
    def start(self) -> None:
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

    def _with_card(self, what: str, action, done) -> None:
        """Open a session with the card, run `action(transport)`, always close (unpowering the card),
        then emit `done(result)`, or `failed(what, error)`: typed card errors go to the screen."""
        try:
            transport = self.source.open()
            try:
                result = action(transport)
            finally:
                transport.close()
        except Exception as exc:
            self._fail(what, exc)
            return
        done.emit(result)

    def _fail(self, what: str, exc: Exception) -> None:
        logger.info("card %s failed: %s", what, getattr(exc, "code", type(exc).__name__))
        self.failed.emit(what, exc)

    @Slot()
    def check_tries(self) -> None:
        from devices.input_support import InputSupportApp

        self._with_card("tries", lambda t: InputSupportApp(t).tries_left(require_pin=True),
                        self.tries_checked)

    @Slot()
    def check_code_b_tries(self) -> None:
        from devices.input_support import InputSupportApp

        self._with_card("code_b_tries", lambda t: InputSupportApp(t).code_b_tries_left(),
                        self.code_b_tries_checked)

    @Slot(str, bool, str)
    def read(self, pin: str, allow_last_try: bool, purpose: str = "") -> None:
        """The PIN read; the My Number too only when `purpose` is given (a chosen form's legal
        basis allows it)."""
        from devices.reading import read_card

        self._with_card("read", lambda t: read_card(t, pin=pin, with_number=bool(purpose),
                                                    purpose=purpose or None,
                                                    allow_last_try=allow_last_try).to_dict(),
                        self.person_read)

    @Slot(str, str, str, bool)
    def read_code_b(self, birth: str, expiry: str, security: str, allow_last_try: bool) -> None:
        """The no-PIN path: 照合番号B from the card face (the four facts only, never the number).
        Its format is checked before the card is touched."""
        from devices.credentials import CodeB
        from devices.reading import read_basic_four_with_code_b

        try:
            code_b = CodeB.from_card_face(birth, expiry, security)
        except Exception as exc:
            self._fail("code_b", exc)
            return
        self._with_card("code_b", lambda t: read_basic_four_with_code_b(
            t, code_b, allow_last_try=allow_last_try).to_dict(), self.person_read)

    @Slot()
    def insert_demo(self) -> None:
        if self.demo_card is not None:
            self.demo_card.insert()
            self.demo_changed.emit(True)
            self.poll()

    @Slot()
    def remove_demo(self) -> None:
        if self.demo_card is not None:
            self.demo_card.remove()
            self.demo_changed.emit(False)
            self.poll()


class CardService(_Threaded):
    """The one owner of card I/O. Results: presence_changed, reader_changed (the reader is there or
    not), tries_checked, code_b_tries_checked, person_read, failed (stage "tries", "read",
    "code_b_tries" or "code_b")."""

    presence_changed = Signal(bool)
    reader_changed = Signal(bool)
    tries_checked = Signal(object)
    code_b_tries_checked = Signal(object)
    person_read = Signal(object)
    failed = Signal(str, object)
    _stop_worker = Signal()
    _do_start = Signal()
    _do_tries = Signal()
    _do_code_b_tries = Signal()
    _do_read = Signal(str, bool, str)
    _do_read_code_b = Signal(str, str, str, bool)
    _do_insert = Signal()
    _do_remove = Signal()

    def __init__(self, source, demo_card=None, parent=None) -> None:
        super().__init__(parent)
        self.source = source
        self.has_demo_card = demo_card is not None
        self.present = False
        self.connected: bool | None = None
        worker = _CardWorker(source, demo_card)
        self._stop_worker.connect(worker.stop, BLOCKING)
        for ours, theirs in ((self._do_start, worker.start),
                             (self._do_tries, worker.check_tries), (self._do_read, worker.read),
                             (self._do_code_b_tries, worker.check_code_b_tries),
                             (self._do_read_code_b, worker.read_code_b),
                             (self._do_insert, worker.insert_demo), (self._do_remove, worker.remove_demo)):
            ours.connect(theirs)
        worker.presence_changed.connect(self._on_presence)
        worker.reader_changed.connect(self._on_reader)
        worker.tries_checked.connect(self.tries_checked)
        worker.code_b_tries_checked.connect(self.code_b_tries_checked)
        worker.person_read.connect(self.person_read)
        worker.failed.connect(self.failed)
        self._start_thread(worker, "kazasu-card")

    def _on_presence(self, present: bool) -> None:
        self.present = present
        self.presence_changed.emit(present)

    def _on_reader(self, connected: bool) -> None:
        self.connected = connected
        self.reader_changed.emit(connected)

    def start(self) -> None:
        self._do_start.emit()

    def check_tries(self) -> None:
        self._do_tries.emit()

    def read(self, pin: str, allow_last_try: bool = False, purpose: str | None = None) -> None:
        self._do_read.emit(pin, allow_last_try, purpose or "")

    def check_code_b_tries(self) -> None:
        self._do_code_b_tries.emit()

    def read_code_b(self, birth: str, expiry: str, security: str, allow_last_try: bool = False) -> None:
        self._do_read_code_b.emit(birth, expiry, security, allow_last_try)

    def insert_demo(self) -> None:
        self._do_insert.emit()

    def remove_demo(self) -> None:
        self._do_remove.emit()


# -- submitting ---------------------------------------------------------------------------------
class _SubmitWorker(QObject):
    submitted = Signal(object)
    failed = Signal(object)

    def __init__(self, submit, data_dir) -> None:
        super().__init__()
        self.submit_fn = submit
        self.data_dir = data_dir

    @Slot(object, object, object, object, object)
    def submit(self, person, answers, form_ids, metrics_rows, staff) -> None:
        extra = {"staff": staff} if staff else {}
        try:
            result = self.submit_fn(person=person, answers=answers, form_ids=list(form_ids), **extra)
        except Exception as exc:
            logger.warning("submitting failed: %s", getattr(exc, "code", type(exc).__name__))
            self.failed.emit(exc)
            return
        self._record_metrics(metrics_rows)
        self.submitted.emit(result)

    def _record_metrics(self, rows) -> None:
        if not rows or self.data_dir is None:
            return
        from kiosk.counter import metrics

        try:
            metrics.record(self.data_dir, rows)
        except Exception:  # metrics never stop a visit
            logger.warning("metrics not recorded", exc_info=True)

    @Slot()
    def stop(self) -> None:
        pass


class SubmitService(_Threaded):
    """Runs the counter workflow (record the event, then print) off the UI thread."""

    submitted = Signal(object)
    failed = Signal(object)
    _stop_worker = Signal()
    _do_submit = Signal(object, object, object, object, object)

    def __init__(self, submit_visit, data_dir, parent=None) -> None:
        """`submit_visit(person=, answers=, form_ids=)` returns {"submission", "submissions",
        "pending"} (KioskServices.submit_visit); the metrics file goes to `data_dir`."""
        super().__init__(parent)
        self.data_dir = data_dir
        self.staff: str | None = None  # the signed-in staff id (the shell sets it); None: the default
        worker = _SubmitWorker(submit_visit, self.data_dir)
        self._do_submit.connect(worker.submit)
        self._stop_worker.connect(worker.stop, BLOCKING)
        worker.submitted.connect(self.submitted)
        worker.failed.connect(self.failed)
        self._start_thread(worker, "kazasu-submit")

    def submit(self, person: dict, answers: dict, form_ids: list[str] | str,
               metrics_rows: list[dict] | None = None) -> None:
        ids = [form_ids] if isinstance(form_ids, str) else list(form_ids)
        self._do_submit.emit(person, answers, ids, list(metrics_rows or []), self.staff)


# -- syncing ------------------------------------------------------------------------------------
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


class SyncService(_Threaded):
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


class SyncChildError(Exception):
    """The child sync pass failed (its error code, e.g. mesh_unreachable): the events wait."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def kazasu_command() -> list[str]:
    """How to start `kazasu` again: the bundle's own executable, or this Python with the CLI."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, "-c", "import sys; from kiosk.cli import main; sys.exit(main())"]
