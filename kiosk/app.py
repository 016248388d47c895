"""The kiosk window: the start screen and the three desks in a QStackedWidget, the shell around them
(kiosk/shell: staff sign-in and roles, the staff menu, the status bar, lockdown, the resident's
second screen, the settings wizard), and the background services (card, submit, sync, card tasks)
wired to the desks.

`KioskServices` is everything the window needs from outside (card source, store, sync client, data
folder, terminal, staff accounts, kiosk mode); `kazasu demo` and `kazasu run` build it differently,
tests build their own. Without staff accounts (`staff_directory` None or empty) the window runs in
open mode: no sign-in, every screen reachable, each desk's default staff id on its events.
"""

from __future__ import annotations

import gc
import logging
from dataclasses import dataclass, field, replace
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMainWindow, QStackedWidget

from kiosk.ui import theme
from kiosk.ui.card_tasks import CardTaskRunner
from kiosk.messages import text
from kiosk.counter.ui.view import CounterDesk
from kiosk.counter.ui.controller import CounterController
from kiosk.ui.idle import IDLE_TIMEOUT_MS, IDLE_WARNING_MS
from kiosk.ui.screen_fit import plan_layout, show_fitted
from kiosk.library.config import LibraryConfig
from kiosk.ui.barcode_wedge import BarcodeWedge
from kiosk.shelter.ui.desk import ShelterDesk
from kiosk.shell.start import StartScreen
from kiosk.ui.labels import button
from kiosk.shell import laststate
from kiosk.shell.display import DisplayPage
from kiosk.shell.texts import t as st
from kiosk.shell.lockdown import KeyGuard
from kiosk.shell.session import Session
from kiosk.shell.signin import StaffPinScreen
from kiosk.shell.staff_menu import StaffMenu
from kiosk.shell.status import StatusPanel
from kiosk.counter.ui.submitter import SubmitService
from kiosk.shell.sync_service import SYNC_CHILD_FROM, SYNC_MS, SyncService
from kiosk.ui.card_service import CardService
from kiosk.counter import visit as workflow
from kiosk.counter.flow import State
from kiosk.shelter.card import card_reader as shelter_card_reader

logger = logging.getLogger(__name__)
REBUILD = 0x6B7A   # Qt's loop ended for a new display (run() builds the window again), not a quit


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
    desk_idle_ms: dict = field(default_factory=dict)  # the shelter's / library's wipe, where not idle_ms
    sync_ms: int = SYNC_MS
    sync_child_from: int = SYNC_CHILD_FROM  # a backlog this large syncs in a child process
    print_forms: bool = False        # send each visit's PDFs to the printer (kiosk.printing; kazasu run)
    printer: str | None = None       # that CUPS queue; None: kiosk.json's printer, else CUPS' default
    staff_directory: object | None = None  # kiosk.shell.staff.StaffDirectory: sign-in when it has accounts
    locked: bool = False             # kiosk mode: frameless full screen, keys guarded, close refused
    home_desk: str | None = None     # the desk this terminal serves (kiosk.json), opened after sign-in
    resume_desk: str | None = None   # the desk the kiosk was on before a crash (kiosk-state.json)
    demo_staff_hint: bool = False    # the demo's sign-in screen shows its demo staff id and PIN
    second_screen: bool = True       # the counter's resident part on a second monitor when there is one
    display: tuple = (None, None)    # (text scale, high contrast) of kiosk.json; None: the environment's
    signed_in: object | None = None  # a Staff still signed in when the window is built again (display)

    def submit_visit(self, *, person: dict, answers: dict, form_ids: list[str],
                     staff: str | None = None) -> dict:
        """Runs in the submit worker's thread: every form checked, one event per form, then the
        PDFs; report the queue. `staff` is the signed-in staff id (the default when nobody is)."""
        submissions = workflow.submit_visit(
            self.store, person=person, answers=answers, form_ids=form_ids, data_dir=self.data_dir,
            site=self.site, terminal=self.terminal_id, staff=staff or self.staff)
        result = {"submission": submissions[-1], "submissions": submissions,
                  "pending": self.store.status()["pending"]}
        if self.print_forms:  # after the durable commits; a printer problem is reported, PDFs stay
            from kiosk import printing

            result["printing"] = printing.print_submissions([s.pdf for s in submissions], self.printer,
                                                            self.data_dir)
        return result


class _ActivityFilter(QObject):
    """Any touch, click or key press restarts the idle countdown."""

    def __init__(self, on_activity) -> None:
        super().__init__()
        self.on_activity = on_activity

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt name)
        if event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.KeyPress, QEvent.Type.TouchBegin):
            self.on_activity()
        return False


DESK_WIDGETS = ("counter", "shelter", "library")


class MainWindow(QMainWindow):
    quit_requested = Signal(int)  # staff quit (kiosk mode): run() ends Qt's loop with this status
    display_requested = Signal()  # staff chose another display: run() builds the window again

    def __init__(self, services: KioskServices) -> None:
        flags = Qt.WindowType.FramelessWindowHint if services.locked else Qt.WindowType.Widget
        super().__init__(None, flags)
        self.services = services
        self.locked = services.locked
        self.exiting = False
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
        self.tasks = CardTaskRunner(self, name="kazasu-shell-tasks")  # PIN checks, enrolment
        self._other_desks(services)
        self.card = CardService(services.card_source, services.demo_card, self)
        self.submitter = SubmitService(services.submit_visit, services.data_dir, self)
        self.sync = SyncService(services.store, services.sync_client, services.sync_ms, self,
                                child_from=services.sync_child_from)
        self.controller = CounterController(self.counter, self.card, self.submitter, services.form_id,
                                            services.idle_ms, services.idle_warn_ms, self)
        self.session = Session(services.staff_directory, self)
        self._default_staff = {"shelter": self.shelter.desk.staff, "library": None}
        self._shell_screens(services)
        self.status = StatusPanel(self.statusBar(), services.note)
        self.status.set_reader(None, getattr(services.card_source, "name", None))
        # the staff menu's way in: on the start screen, where every desk comes back to (the
        # counter by 最初から, the others by 終了), out of the resident's way
        self.menu_button = button(st("menu.open"), name="staff_menu_open", height=theme.MIN_TOUCH)
        self.menu_button.clicked.connect(self.open_staff_menu)
        self.start.layout().addWidget(self.menu_button, 0, Qt.AlignmentFlag.AlignRight)
        self.start.counter_chosen.connect(self.open_counter)
        self.controller.exited.connect(self.show_start)
        self.controller.submitted.connect(self._submitted)
        self.card.presence_changed.connect(self._card_status)
        self.card.reader_changed.connect(self._reader_status)
        self.sync.status.connect(self._queue_status)
        self.session.changed.connect(self._staff_changed)
        self._activity = _ActivityFilter(self._touched)
        QApplication.instance().installEventFilter(self._activity)
        self.key_guard = KeyGuard(self) if self.locked else None
        if self.key_guard is not None:
            QApplication.instance().installEventFilter(self.key_guard)
        self.resident_display = self._second_screen(services)
        self.card.start()
        self.sync.start()
        self._stopped = False
        self.display_change: tuple[float, bool] | None = None
        self._staff_changed(None)
        if services.signed_in is not None:   # built again for another display: the same staff
            self.session.sign_in(services.signed_in)
        self._first_screen()

    # -- the shell's screens -------------------------------------------------------------------
    def _shell_screens(self, services: KioskServices) -> None:
        directory = services.staff_directory
        identify = staff_card_identifier(services)
        self.signin = StaffPinScreen(directory, self.tasks, card_tasks=self.card_tasks,
                                     identify_card=identify, demo=services.demo_staff_hint)
        self.unlock = StaffPinScreen(directory, self.tasks, card_tasks=self.card_tasks,
                                     identify_card=identify, unlock=True)
        self.menu = StaffMenu()
        self.settings_page = None
        self.display_page = DisplayPage()
        for screen in (self.signin, self.unlock, self.menu, self.display_page):
            self.stack.addWidget(screen)
        self.menu.display.connect(self.open_display)
        self.display_page.closed.connect(self._show_menu)
        self.display_page.chosen.connect(self.change_display)
        self.signin.signed_in.connect(self._signed_in)
        self.unlock.signed_in.connect(lambda _staff: self._show_menu())
        self.unlock.cancelled.connect(self._back_from_menu)
        self.menu.sync_now.connect(self.sync_now)
        self.menu.queue.connect(self.show_queue_view)
        self.menu.desks.connect(self._menu_desks)
        self.menu.settings.connect(self.open_settings)
        self.menu.switch.connect(self.sign_out)
        self.menu.quit.connect(self.staff_quit)
        self.menu.closed.connect(self._back_from_menu)
        self._before_menu = None
        self.last_desk: str | None = None

    def _second_screen(self, services: KioskServices):
        if not services.second_screen:
            return None
        from kiosk.counter.ui.second_screen import ResidentDisplay, pick_screens

        app = QApplication.instance()
        _staff, resident = pick_screens(app.screens(), app.primaryScreen())
        if resident is None:
            return None
        display = ResidentDisplay(self, resident)
        display.show()
        return display

    def _first_screen(self) -> None:
        """Open mode: the desk the kiosk was on (after a crash), the terminal's desk, or the start
        screen. With staff accounts: the sign-in screen first (for that desk)."""
        desk = self.services.resume_desk or self.services.home_desk
        if not self.session.signed_in:
            self.show_sign_in(desk)
        elif desk:
            self.open_desk(desk)
        logger.info("kiosk ready (%s)", desk or "start screen")

    def show_sign_in(self, desk: str | None = None) -> None:
        self._pending_desk = desk
        self.signin.ask(desk=text(f"desk.{desk}") if desk else None)
        self.stack.setCurrentWidget(self.signin)

    def _signed_in(self, staff) -> None:
        self.session.sign_in(staff)
        desk = getattr(self, "_pending_desk", None) or self.services.home_desk
        allowed = [d for d in DESK_WIDGETS if self.session.may(f"desk.{d}")]
        if desk not in allowed:
            desk = allowed[0] if len(allowed) == 1 else None
        if desk:
            self.open_desk(desk)
        else:
            self.show_start()

    def _staff_changed(self, staff) -> None:
        """Every event from now on carries this staff id; the start screen offers only the desks the
        role may use; the counter's staff table only to those who may see it."""
        staff_id = staff.staff_id if staff is not None else None
        self.submitter.staff = staff_id
        self.shelter.desk.staff = staff_id or self._default_staff["shelter"]
        if self._library is not None:
            self._library.desk.staff = staff_id or self._default_staff["library"]
        for name, b in zip(DESK_WIDGETS, self.start.desk_buttons):
            b.setEnabled(self.session.may(f"desk.{name}"))
        self.counter.procedures.staff_button.setVisible(self.session.may("metrics"))
        self.status.set_staff(staff_id, open_mode=self.session.open_mode)

    def sign_out(self) -> None:
        """Shift change: forget the person on every desk, sign out, and ask the next staff member to
        sign in for the desk the shift was on."""
        desk = self.current_desk() or self.last_desk
        self.forget_everyone()
        self.session.sign_out()
        self.show_sign_in(desk)

    def forget_everyone(self) -> None:
        """Every desk forgets its person (the counter as by 最初から), and the clipboard is emptied."""
        if self.controller.flow.state is not State.IDLE:
            self.controller.restart()
        self.controller.wipe()
        self.desk_idle.stop()
        self.shelter.forget()
        if self._library is not None:
            self._library.clear()
        clipboard = QApplication.clipboard()
        if clipboard is not None:
            clipboard.clear()

    def current_desk(self) -> str | None:
        """The desk on screen (or under the staff menu)."""
        shown = self.stack.currentWidget()
        if shown in (self.menu, self.unlock) or (shown is not None and shown is self.settings_page):
            shown = self._before_menu
        for name, desk in (("counter", self.counter), ("shelter", self.shelter),
                           ("library", self._library)):
            if desk is not None and shown is desk:
                return name
        if self.resident_display is not None and shown is self.resident_display.note:
            return "counter"
        return None

    # -- the staff menu ------------------------------------------------------------------------
    def open_staff_menu(self) -> None:
        if self.stack.currentWidget() in (self.menu, self.unlock, self.signin) or \
                self.stack.currentWidget() is self.settings_page:
            return
        self._before_menu = self.stack.currentWidget()
        if self.session.open_mode and self.session.staff is None:
            self._show_menu()
            return
        self.unlock.ask(staff_id=self.session.staff_id)
        self.stack.setCurrentWidget(self.unlock)

    def _show_menu(self) -> None:
        self.menu.show_for(self.session, can_quit=self.locked)
        self.stack.setCurrentWidget(self.menu)

    def _back_from_menu(self) -> None:
        back = self._before_menu or self.start
        self._before_menu = None
        self.stack.setCurrentWidget(back)

    def open_display(self) -> None:
        self.display_page.show_current()
        self.stack.setCurrentWidget(self.display_page)

    def change_display(self, scale: float, high_contrast: bool) -> None:
        """Draw every screen at `scale`, in high contrast or not: the window is built again by run()
        (the screens are laid out for a scale when built); nothing of a person goes with it."""
        if (scale, high_contrast) == theme.display():
            self._show_menu()
            return
        self.display_change = (scale, high_contrast)
        self.forget_everyone()
        self.display_requested.emit()

    def _menu_desks(self) -> None:
        self._before_menu = None
        self.forget_everyone()
        self.show_start()

    def sync_now(self) -> None:
        """Staff asked for a pass now: queued to the sync thread, the UI does not wait."""
        self.sync.sync_now()

    def open_settings(self) -> None:
        if not self.session.may("settings"):
            return
        from kiosk.shell.wizard import SetupWizard

        if self.settings_page is None:
            self.settings_page = SetupWizard(self.services.data_dir, self.tasks, first_run=False)
            self.settings_page.finished.connect(self._settings_saved)
            self.settings_page.cancelled.connect(self._show_menu)
            self.stack.addWidget(self.settings_page)
        else:
            from kiosk.shell.settings import KioskSettings

            self.settings_page.load(KioskSettings.load(self.services.data_dir))
            self.settings_page.go(0)
        self.stack.setCurrentWidget(self.settings_page)

    def _settings_saved(self, settings) -> None:
        """The desk and the idle times apply at once; the reader, site and mesh at the next start."""
        self.services.home_desk = settings.desk
        self.services.desk_idle_ms = settings.idle_ms_by_desk()
        self.controller.idle.set_idle(self.services.desk_idle_ms["counter"], settings.idle_warn_s * 1000)
        self._show_menu()

    def staff_quit(self) -> None:
        """Staff leave the kiosk (after their PIN opened the menu): nothing of a person stays."""
        if not self.session.may("exit"):
            return
        laststate.remember_desk(self.services.data_dir, None)
        self.exiting = True
        self.shutdown()
        if self.resident_display is not None:
            self.resident_display.close()
        self.close()
        self.quit_requested.emit(0)

    # -- desks ---------------------------------------------------------------------------------
    def _other_desks(self, services: KioskServices) -> None:
        """The shelter and library desks; their card reads run on the card task thread."""
        self.shelter = ShelterDesk(services.store, services.site, services.terminal_id,
                                   read_card=shelter_card_reader(services.card_source, services.data_dir),
                                   runner=self.card_tasks)
        self.wedge = BarcodeWedge(self).install()
        self.wedge.active = lambda: False  # until the library desk is built and says when it takes scans
        self._library = None  # built when first opened (it pulls in reportlab's barcodes): `library`
        self.stack.addWidget(self.shelter)
        self.start.shelter_chosen.connect(self.open_shelter)
        self.start.library_chosen.connect(self.open_library)
        self.shelter.exited.connect(self.leave_desk)
        # the counter desk has its own idle guard with a warning; the other two forget the person
        # and go back to the start screen after the same time without a touch
        self.desk_idle = QTimer(self)
        self.desk_idle.setSingleShot(True)
        self.desk_idle.setInterval(services.idle_ms)   # each desk sets its own as it opens
        self.desk_idle.timeout.connect(self.leave_desk)

    @property
    def library(self):
        """The library desk, built on first use: a terminal that never opens it does not pay for
        reportlab's barcode modules at startup (about 0.4 s of the kiosk's import time)."""
        if self._library is None:
            from kiosk.library.ui.desk import LibraryDesk

            services = self.services
            desk = LibraryDesk(services.store, services.site, services.terminal_id,
                               library_identifier(services), wedge=self.wedge, runner=self.card_tasks,
                               config=LibraryConfig.load(data_dir=services.data_dir),
                               open_card=services.card_source.open, data_dir=services.data_dir)
            self._default_staff["library"] = desk.desk.staff
            if self.session.staff is not None:
                desk.desk.staff = self.session.staff.staff_id
            desk.exited.connect(self.leave_desk)
            self.stack.addWidget(desk)
            self._library = desk
        return self._library

    def _touched(self) -> None:
        if self.stack.currentWidget() in (self.shelter, self._library):
            self.desk_idle.start()
        else:
            self.controller.touch()

    def open_desk(self, desk: str) -> None:
        {"counter": self.open_counter, "shelter": self.open_shelter, "library": self.open_library}[desk]()

    def _may_open(self, desk: str) -> bool:
        if self.session.may(f"desk.{desk}"):
            return True
        if not self.session.signed_in:
            self.show_sign_in(desk)
        return False

    def open_shelter(self) -> None:
        if not self._may_open("shelter"):
            return
        self.shelter.refresh()
        self.stack.setCurrentWidget(self.shelter)
        self._start_desk_idle("shelter")
        self._remember("shelter")

    def open_library(self) -> None:
        if not self._may_open("library"):
            return
        self.library.refresh()
        self.stack.setCurrentWidget(self.library)
        self._start_desk_idle("library")
        self._remember("library")

    def _start_desk_idle(self, desk: str) -> None:
        """The shelter's or library's wipe after its own time without a touch (kiosk.json)."""
        self.desk_idle.start(self.services.desk_idle_ms.get(desk, self.services.idle_ms))

    def leave_desk(self) -> None:
        """Leave the shelter or library desk: nothing of the person stays on it."""
        self.desk_idle.stop()
        self.shelter.forget()
        if self._library is not None:
            self._library.clear()
        self.show_start()

    def _remember(self, desk: str | None) -> None:
        """The desk name only, for a restart after a crash (kiosk.shell.laststate)."""
        if desk is not None:
            self.last_desk = desk
        try:
            laststate.remember_desk(self.services.data_dir, desk)
        except OSError:
            logger.warning("the kiosk state file could not be written", exc_info=True)

    def _card_status(self, present: bool) -> None:
        self.status.set_card(present)

    def _reader_status(self, connected: bool) -> None:
        self.status.set_reader(connected, getattr(self.services.card_source, "name", None))

    def _queue_status(self, status: dict) -> None:
        self.queue_status = status
        self.status.set_sync(status)

    def _submitted(self, result: dict) -> None:
        self._queue_status({"pending": result.get("pending", 0), "online": None})
        self.sync.sync_now()

    def open_counter(self) -> None:
        if not self._may_open("counter"):
            return
        if self.resident_display is not None:
            self.resident_display.to_staff()
        self.stack.setCurrentWidget(self.counter)
        if self.controller.flow.state is State.IDLE:
            self.controller.enter()
        self._remember("counter")

    def show_start(self) -> None:
        if self.resident_display is not None:
            self.resident_display.to_staff(select=False)
        if not self.session.signed_in:
            self.show_sign_in(None)
            return
        self.stack.setCurrentWidget(self.start)
        self._remember(None)

    def show_queue_view(self) -> None:
        """The staff's view of each queued event's state (kiosk/shell/queue_view.py)."""
        from kiosk.shell.queue_view import open_queue_view

        open_queue_view(self)

    def shutdown(self) -> None:
        """Stop the workers (card, submit, sync) and take the demo card back."""
        if self._stopped:
            return
        self._stopped = True
        app = QApplication.instance()
        app.removeEventFilter(self._activity)
        if self.key_guard is not None:
            app.removeEventFilter(self.key_guard)
        self.controller.wipe()
        self.desk_idle.stop()
        self.shelter.forget()
        if self._library is not None:
            self._library.clear()
        if self.resident_display is not None:
            self.resident_display.close()
        self.card_tasks.stop()
        self.tasks.stop()
        self.card.remove_demo()
        for service in (self.card, self.submitter, self.sync):
            service.stop()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        if self.locked and not self.exiting:
            event.ignore()  # kiosk mode: only staff quit (staff menu, after their PIN)
            return
        self.shutdown()
        super().closeEvent(event)


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or ["kazasu"])
    theme.apply(app)
    return app


def run(services: KioskServices, *, fullscreen: bool = False) -> int:
    """Show the kiosk and run Qt's loop until the window closes (kiosk mode: until staff quit). When
    staff choose another display (text size, contrast), the window is built again with it, the
    same services and the same staff signed in."""
    app = make_application()
    while True:
        scale, high = services.display   # the text size and contrast, before any screen is built
        theme.apply(app, text_scale=scale, high_contrast=high)
        plan_layout(full_screen=fullscreen or services.locked)   # the screens' width: the screen's
        window = MainWindow(services)
        window.quit_requested.connect(app.exit)
        window.display_requested.connect(lambda: app.exit(REBUILD))
        show_fitted(window, full_screen=fullscreen or services.locked)   # the screen it is on
        QTimer.singleShot(0, freeze_startup_objects)  # once the first screen is up
        try:
            code = app.exec()
        finally:
            window.shutdown()
        change, staff = window.display_change, window.session.staff
        window.exiting = True   # gone with all it holds before anything else is built
        window.close()
        window.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
        if code != REBUILD or change is None:
            return code
        logger.info("display changed: the window is built again")
        services = replace(services, display=change, signed_in=staff, resume_desk=None)


def freeze_startup_objects() -> None:
    """Move everything made at startup (Qt wrappers, modules, form and address tables) out of the
    cycle collector's reach (gc.freeze). Without it, a full collection during a long sync walked all
    of them with the interpreter stopped: 330 ms event-loop stalls (benchmarks/bench_kiosk.py)."""
    gc.freeze()


def run_setup_wizard(data_dir: Path, *, locked: bool = True) -> bool:
    """The first-run wizard as the only window (full screen in kiosk mode) until it is saved."""
    from kiosk.shell.lockdown import KeyGuard
    from kiosk.shell.wizard import SetupWizard

    app = make_application()
    tasks = CardTaskRunner(name="kazasu-shell-tasks")
    from kiosk.shell.staff import StaffDirectory

    wizard = SetupWizard(Path(data_dir), tasks, first_run=True,
                         ask_admin=not StaffDirectory(data_dir).has_accounts())
    guard = KeyGuard()
    if locked:
        app.installEventFilter(guard)
        wizard.setWindowFlag(Qt.WindowType.FramelessWindowHint)
    done: list[bool] = []
    wizard.finished.connect(lambda _settings: (done.append(True), app.exit(0)))
    show_fitted(wizard, full_screen=locked)
    try:
        app.exec()
    finally:
        app.removeEventFilter(guard)
        tasks.stop()
        wizard.hide()
        wizard.deleteLater()
    return bool(done)


def staff_card_identifier(services: KioskServices):
    """A staff IC card's (kind, token): FeliCa IDm or Type A UID, read on the card task thread.
    A My Number card is never a staff card (no pseudonym is made for it)."""
    from devices.card_id import identify_card
    from kiosk.shell.staff import StaffError

    def refuse_my_number() -> bytes:
        raise StaffError("staff_card_mynumber", "マイナンバーカードは係員カードに使えません。係員IDと暗証番号でサインインしてください。",
                         "A My Number card cannot be a staff card. Sign in with your staff ID and PIN.")

    def identify() -> tuple[str, str]:
        transport = services.card_source.open()
        try:
            card = identify_card(transport, "staff", refuse_my_number)
            return card.kind, card.pseudonym
        finally:
            transport.close()

    return identify


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
