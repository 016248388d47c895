"""The counter's card thread: presence polling every 300 ms, the tries left, the PIN and 照合番号B reads,
the demo card in and out. Exactly one thread (this worker's) touches the card reader for these; results
come back as signals. No PIN, 照合番号B, My Number or name is ever logged."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from devices.credentials import CodeB
from devices.input_support import InputSupportApp
from devices.reading import read_basic_four_with_code_b, read_card
from kiosk.ui.threads import BLOCKING, Threaded

logger = logging.getLogger(__name__)

POLL_MS = 300


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
        self._with_card("tries", lambda t: InputSupportApp(t).tries_left(require_pin=True),
                        self.tries_checked)

    @Slot()
    def check_code_b_tries(self) -> None:
        self._with_card("code_b_tries", lambda t: InputSupportApp(t).code_b_tries_left(),
                        self.code_b_tries_checked)

    @Slot(str, bool, str)
    def read(self, pin: str, allow_last_try: bool, purpose: str = "") -> None:
        """The PIN read; the My Number too only when `purpose` is given (a chosen form's legal
        basis allows it)."""
        self._with_card("read", lambda t: read_card(t, pin=pin, with_number=bool(purpose),
                                                    purpose=purpose or None,
                                                    allow_last_try=allow_last_try).to_dict(),
                        self.person_read)

    @Slot(str, str, str, bool)
    def read_code_b(self, birth: str, expiry: str, security: str, allow_last_try: bool) -> None:
        """The no-PIN path: 照合番号B from the card face (the four facts only, never the number).
        Its format is checked before the card is touched."""
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


class CardService(Threaded):
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
