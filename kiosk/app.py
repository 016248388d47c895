"""The kiosk window: the start screen and the three desks in a QStackedWidget, a status bar (reader,
card, sync queue), and the background services (card, submit, sync, card tasks) wired to the desks.

`KioskServices` is everything the window needs from outside (card source, store, sync client, data
folder, terminal); `kazasu demo` and `kazasu run` build it differently, tests build their own.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QStackedWidget

from kiosk import theme
from kiosk.card_tasks import CardTaskRunner
from kiosk.messages import text
from kiosk.screens.counter import CounterDesk
from kiosk.screens.counter_controller import CounterController
from kiosk.screens.idle import IDLE_TIMEOUT_MS, IDLE_WARNING_MS
from kiosk.library.config import LibraryConfig
from kiosk.screens.library import LibraryDesk
from kiosk.screens.library_scanner import BarcodeWedge
from kiosk.screens.shelter import ShelterDesk
from kiosk.screens.start import StartScreen
from kiosk.screens.widgets import plain
from kiosk.workers import SYNC_MS, CardService, SubmitService, SyncService
from kiosk.workflows import counter as workflow
from kiosk.workflows.shelter import card_reader as shelter_card_reader

logger = logging.getLogger(__name__)


@dataclass
class KioskServices:
    card_source: object
    store: object
    data_dir: Path
    terminal_id: str
    site: str
    demo_card: object | None = None
    sync_client: object | None = None
    staff: str = workflow.DEFAULT_STAFF
    form_id: str = workflow.DEFAULT_FORM
    note: str | None = None          # shown on the status bar (e.g. "in-process card, no pcscd")
    idle_ms: int = IDLE_TIMEOUT_MS   # the counter desk's wipe after this long without a touch …
    idle_warn_ms: int = IDLE_WARNING_MS  # … and its 「まだお使いですか？」 this long before it
    sync_ms: int = SYNC_MS

    def submit_visit(self, *, person: dict, answers: dict, form_ids: list[str]) -> dict:
        """Runs in the submit worker's thread: every form checked, one event per form, then the
        PDFs; report the queue."""
        submissions = workflow.submit_visit(
            self.store, person=person, answers=answers, form_ids=form_ids, data_dir=self.data_dir,
            site=self.site, terminal=self.terminal_id, staff=self.staff)
        return {"submission": submissions[-1], "submissions": submissions,
                "pending": self.store.status()["pending"]}


class _ActivityFilter(QObject):
    """Any touch, click or key press restarts the idle countdown."""

    def __init__(self, on_activity) -> None:
        super().__init__()
        self.on_activity = on_activity

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt name)
        if event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.KeyPress, QEvent.Type.TouchBegin):
            self.on_activity()
        return False


class MainWindow(QMainWindow):
    def __init__(self, services: KioskServices) -> None:
        super().__init__()
        self.services = services
        title = text("app.title")
        self.setWindowTitle(f"{title.ja} / {title.en}")
        self.resize(1280, 800)
        self.stack = QStackedWidget()
        self.start = StartScreen()
        self.counter = CounterDesk(demo=services.demo_card is not None)
        self.stack.addWidget(self.start)
        self.stack.addWidget(self.counter)
        self.setCentralWidget(self.stack)
        self.card_tasks = CardTaskRunner(self)
        self._other_desks(services)
        self.card = CardService(services.card_source, services.demo_card, self)
        self.submitter = SubmitService(services.submit_visit, services.data_dir, self)
        self.sync = SyncService(services.store, services.sync_client, services.sync_ms, self)
        self.controller = CounterController(self.counter, self.card, self.submitter, services.form_id,
                                            services.idle_ms, services.idle_warn_ms, self)
        self._status_bar()
        self.start.counter_chosen.connect(self.open_counter)
        self.controller.exited.connect(self.show_start)
        self.controller.submitted.connect(self._submitted)
        self.card.presence_changed.connect(self._card_status)
        self.sync.status.connect(self._queue_status)
        self._activity = _ActivityFilter(self._touched)
        QApplication.instance().installEventFilter(self._activity)
        self.card.start()
        self.sync.start()
        self._stopped = False

    def _other_desks(self, services: KioskServices) -> None:
        """The shelter and library desks; their card reads run on the card task thread."""
        self.shelter = ShelterDesk(services.store, services.site, services.terminal_id,
                                   read_card=shelter_card_reader(services.card_source, services.data_dir),
                                   runner=self.card_tasks)
        self.wedge = BarcodeWedge(self).install()
        self.library = LibraryDesk(services.store, services.site, services.terminal_id,
                                   library_identifier(services), wedge=self.wedge, runner=self.card_tasks,
                                   config=LibraryConfig.load(data_dir=services.data_dir),
                                   open_card=services.card_source.open, data_dir=services.data_dir)
        for desk in (self.shelter, self.library):
            self.stack.addWidget(desk)
        self.start.shelter_chosen.connect(self.open_shelter)
        self.start.library_chosen.connect(self.open_library)
        self.shelter.exited.connect(self.leave_desk)
        self.library.exited.connect(self.leave_desk)
        # the counter desk has its own idle guard with a warning; the other two forget the person
        # and go back to the start screen after the same time without a touch
        self.desk_idle = QTimer(self)
        self.desk_idle.setSingleShot(True)
        self.desk_idle.setInterval(services.idle_ms)
        self.desk_idle.timeout.connect(self.leave_desk)

    def _touched(self) -> None:
        if self.stack.currentWidget() in (self.shelter, self.library):
            self.desk_idle.start()
        else:
            self.controller.touch()

    def open_shelter(self) -> None:
        self.shelter.refresh()
        self.stack.setCurrentWidget(self.shelter)
        self.desk_idle.start()

    def open_library(self) -> None:
        self.library.refresh()
        self.stack.setCurrentWidget(self.library)
        self.desk_idle.start()

    def leave_desk(self) -> None:
        """Leave the shelter or library desk: nothing of the person stays on it."""
        self.desk_idle.stop()
        self.shelter.forget()
        self.library.clear()
        self.show_start()

    def _status_bar(self) -> None:
        bar = self.statusBar()
        bar.setSizeGripEnabled(False)  # a kiosk window is never resized by hand
        bar.setContentsMargins(8, 0, 8, 4)
        name = getattr(self.services.card_source, "name", None) or "—"
        reader = text("status.reader")
        self.reader_label = plain(f"{reader.ja} {reader.en}: {name}", wrap=False)
        self.card_label = plain(wrap=False)
        self.queue_label = plain(wrap=False)
        self.queue_label.setObjectName("status_queue")
        self.note_label = plain(self.services.note or "", wrap=False)
        bar.addWidget(self.reader_label, 2)
        bar.addWidget(self.card_label, 1)
        bar.addWidget(self.queue_label, 1)
        bar.addPermanentWidget(self.note_label)
        self._card_status(False)
        self._queue_status({"pending": 0, "online": None})

    def _card_status(self, present: bool) -> None:
        pair = text("status.card_yes" if present else "status.card_no")
        self.card_label.setText(f"{'●' if present else '○'} {pair.ja} {pair.en}")

    def _queue_status(self, status: dict) -> None:
        self.queue_status = status
        pair = text("status.queue", n=status.get("pending", 0))
        note = text("status.sync_offline") if status.get("online") is False else None
        suffix = f" ({note.ja} {note.en})" if note else ""
        self.queue_label.setText(f"{pair.ja} {pair.en}{suffix}")

    def _submitted(self, result: dict) -> None:
        self._queue_status({"pending": result.get("pending", 0), "online": None})
        self.sync.sync_now()

    def open_counter(self) -> None:
        self.stack.setCurrentWidget(self.counter)
        self.controller.enter()

    def show_start(self) -> None:
        self.stack.setCurrentWidget(self.start)

    def show_queue_view(self) -> None:
        """The staff's view of each queued event's state (kiosk/screens/queue_view.py)."""
        from kiosk.screens.queue_view import open_queue_view

        open_queue_view(self)

    def shutdown(self) -> None:
        """Stop the workers (card, submit, sync) and take the demo card back."""
        if self._stopped:
            return
        self._stopped = True
        QApplication.instance().removeEventFilter(self._activity)
        self.controller.wipe()
        self.leave_desk()
        self.card_tasks.stop()
        self.card.remove_demo()
        for service in (self.card, self.submitter, self.sync):
            service.stop()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        self.shutdown()
        super().closeEvent(event)


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or ["kazasu"])
    theme.apply(app)
    return app


def run(services: KioskServices, *, fullscreen: bool = False) -> int:
    """Show the kiosk and run Qt's loop until the window closes."""
    app = make_application()
    window = MainWindow(services)
    if fullscreen:
        window.showFullScreen()
    else:
        window.show()
    try:
        return app.exec()
    finally:
        window.shutdown()


def library_identifier(services: KioskServices):
    """The library desk's tap: the card's id for the library (a per-service pseudonym for a My Number
    card, the IDm or UID for other cards), read without any PIN on the card task thread."""
    from kiosk.library.link import provider_for

    provider = provider_for(LibraryConfig.load(data_dir=services.data_dir), services.data_dir)

    def identify() -> tuple[str, str]:
        transport = services.card_source.open()
        try:
            card = provider.identify(transport)
            return card.kind, card.pseudonym
        finally:
            transport.close()

    return identify
