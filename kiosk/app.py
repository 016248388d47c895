"""The kiosk window, wired: the start screen and the desks of kiosk.desks in one QStackedWidget, the
shell around them (kiosk/shell: staff sign-in and roles, the staff menu, the status bar, lockdown,
display and settings), and the background services (card, card tasks, sync).

The window drives every desk through kiosk.ui.desk.Desk: it opens the one chosen (when the role may),
passes touches on to the one on screen, hands each the signed-in staff id and its idle time, and has
every desk forget its person on a shift change, on the way back to the desk choice, before a new
display and on quitting. What is built from outside comes in `kiosk.services.KioskServices`; start-up
(the QApplication, the loop that builds the window again for a new display, the first-run wizard)
is kiosk.startup.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMainWindow, QStackedWidget

from kiosk.desks import DESKS
from kiosk.messages import text
from kiosk.services import KioskServices
from kiosk.shell import laststate
from kiosk.shell.display import DisplayPage
from kiosk.shell.lockdown import KeyGuard
from kiosk.shell.session import Session
from kiosk.shell.settings import KioskSettings
from kiosk.shell.signin import StaffPinScreen
from kiosk.shell.staff_card import staff_card_identifier
from kiosk.shell.staff_menu import StaffMenu
from kiosk.shell.start import StartScreen
from kiosk.shell.status import StatusPanel
from kiosk.shell.sync_service import SyncService
from kiosk.shell.texts import t as st
from kiosk.ui import theme
from kiosk.ui.card_thread import CardThread
from kiosk.ui.desk import Desk
from kiosk.ui.labels import button
from kiosk.ui.tasks import TaskRunner
from kiosk.ui.voice import VoiceGuide

if TYPE_CHECKING:  # loaded when an administrator first opens it: sync.transport brings httpx
    from kiosk.shell.node_page import NodePage
    from kiosk.shell.wizard import SetupWizard  # loaded when settings are first opened

logger = logging.getLogger(__name__)


class _ActivityFilter(QObject):
    """Any touch, click or key press restarts the idle countdown."""

    def __init__(self, on_activity) -> None:
        super().__init__()
        self.on_activity = on_activity

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt name)
        if event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.KeyPress, QEvent.Type.TouchBegin):
            self.on_activity()
        return False


class _WhenShown(QObject):
    """Calls `then` once, on a turn of Qt's loop after the window's first screen has been painted
    and the window is active (never before: the desks' build takes the loop for a while, and the
    window's activation comes first)."""

    def __init__(self, window: QMainWindow, watched: QObject, then) -> None:
        super().__init__(window)
        self.window, self.watched, self.then = window, watched, then
        self.painted = self.done = False
        watched.installEventFilter(self)
        window.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt name)
        kind = event.type()
        if kind == QEvent.Type.Paint and obj is self.watched:
            self.painted = True
        if not self.done and self.painted and kind in (QEvent.Type.Paint, QEvent.Type.WindowActivate,
                                                       QEvent.Type.ActivationChange) \
                and self.window.isActiveWindow():
            self.done = True
            QTimer.singleShot(0, self, self._call)
        return False

    def _call(self) -> None:
        self.watched.removeEventFilter(self)
        self.window.removeEventFilter(self)
        self.then()


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
        self.start = StartScreen([entry.name for entry in DESKS])
        self.stack.addWidget(self.start)
        self.setCentralWidget(self.stack)
        self.voice = VoiceGuide(self)   # spoken guidance: staff turn it on for a visit, or the help key
        # the one card thread: presence, every desk's and the shell's card work, the demo card
        self.card = CardThread(services.card_source, services.demo_card, self)
        self.tasks = TaskRunner(self, name="kazasu-shell-tasks")  # staff PIN checks, enrolment (no card)
        self.sync = SyncService(services.store, services.sync_client, services.sync_ms, self,
                                child_from=services.sync_child_from, site=services.site,
                                terminal_id=services.terminal_id)
        self.session = Session(services.staff_directory, self)
        self._desks: dict[str, Desk | None] = {entry.name: None for entry in DESKS}
        # the desks not built on first open are built once the first screen is painted and the window
        # is active (or when one is opened before that): the sign-in shows without the desks' code
        self._when_shown = _WhenShown(self, self.stack, self._build_desks)
        self._shell_screens(services)
        self.status = StatusPanel(self.statusBar(), services.note)
        self.status.set_reader(None, getattr(services.card_source, "name", None))
        # the staff menu's way in: on the start screen, where every desk comes back to (Desk.exited),
        # out of the resident's way
        self.menu_button = button(st("menu.open"), name="staff_menu_open", height=theme.MIN_TOUCH)
        self.menu_button.clicked.connect(self.open_staff_menu)
        self.start.layout().addWidget(self.menu_button, 0, Qt.AlignmentFlag.AlignRight)
        self.start.chosen.connect(self.open_desk)
        self.card.presence_changed.connect(self.status.set_card)
        self.card.reader_changed.connect(self._reader_status)
        self.sync.status.connect(self._queue_status)
        self.sync.pulled.connect(self._pulled)
        self.session.changed.connect(self._staff_changed)
        self._activity = _ActivityFilter(self._touched)
        QApplication.instance().installEventFilter(self._activity)
        self.key_guard = KeyGuard(self) if self.locked else None
        if self.key_guard is not None:
            QApplication.instance().installEventFilter(self.key_guard)
        self.card.start()
        self.sync.start()
        self._stopped = False
        self.display_change: tuple[float, bool] | None = None
        self._staff_changed(None)
        if services.signed_in is not None:   # built again for another display: the same staff
            self.session.sign_in(services.signed_in)
        self._first_screen()

    # -- the desks (kiosk.desks, driven through kiosk.ui.desk.Desk) ------------------------------
    def desk(self, name: str) -> Desk:
        """The desk called `name`, built now if kiosk.desks builds it on first open."""
        desk = self._desks[name]
        if desk is None:
            entry = next(e for e in DESKS if e.name == name)
            desk = self._desks[name] = entry.build(self, self.services)
            desk.exited.connect(self.show_start)
            desk.exited.connect(self.voice.visit_over)
            desk.set_staff(self.session.staff_id)
        return desk

    def _build_desks(self) -> None:
        """The desks built with the window (kiosk.desks: not on first open), once its first screen is
        painted and the window is active (_WhenShown)."""
        if self._stopped:
            return
        for entry in DESKS:
            if not entry.on_first_open:
                self.desk(entry.name)
        logger.info("desks built (%s)", ", ".join(desk.name for desk in self.built_desks()))

    def desks_ready(self) -> bool:
        """Whether the desks built with the window (not on first open) are built."""
        return all(self._desks[entry.name] is not None for entry in DESKS if not entry.on_first_open)

    def built_desks(self) -> list[Desk]:
        return [desk for desk in self._desks.values() if desk is not None]

    def may(self, right: str) -> bool:
        """What the signed-in role may do (kiosk.ui.desk.DeskHost)."""
        return self.session.may(right)

    def recorded(self, pending: int) -> None:
        """A desk wrote events (kiosk.ui.desk.DeskHost): the status bar's count, and a sync pass now."""
        self._queue_status({"pending": pending, "online": None})
        self.sync.sync_now()

    def _pulled(self, change) -> None:
        """Other terminals' events were stored (after their commit): each open desk updates."""
        for desk in self.built_desks():
            desk.pulled(change)

    def open_desk(self, name: str) -> None:
        if not self._may_open(name):
            return
        desk = self.desk(name)
        desk.set_idle(*self.services.idle_times(name))
        desk.open()
        self._remember(name)

    def _may_open(self, name: str) -> bool:
        if self.session.may(f"desk.{name}"):
            return True
        if not self.session.signed_in:
            self.show_sign_in(name)
        return False

    def current_desk(self) -> str | None:
        """The desk on screen (or under the staff menu)."""
        shown = self.stack.currentWidget()
        if shown in (self.menu, self.unlock) or (shown is not None and shown in self._admin_pages()):
            shown = self._before_menu
        return next((desk.name for desk in self.built_desks() if desk.shows(shown)), None)

    def _touched(self) -> None:
        name = self.current_desk()
        if name is not None:
            self.desk(name).touched()

    def forget_everyone(self) -> None:
        """Every desk forgets its person, and the clipboard is emptied; the spoken guidance ends."""
        self.voice.visit_over()
        for desk in self.built_desks():
            desk.forget()
        clipboard = QApplication.clipboard()
        if clipboard is not None:
            clipboard.clear()

    def leave_desk(self) -> None:
        """Leave the desk on screen: nothing of the person stays on any desk; the start screen."""
        for desk in self.built_desks():
            desk.forget()
        self.show_start()

    def show_start(self) -> None:
        if not self.session.signed_in:
            self.show_sign_in(None)
            return
        self.stack.setCurrentWidget(self.start)
        self._remember(None)

    def _remember(self, desk: str | None) -> None:
        """The desk name only, for a restart after a crash (kiosk.shell.laststate)."""
        if desk is not None:
            self.last_desk = desk
        try:
            laststate.remember_desk(self.services.data_dir, desk)
        except OSError:
            logger.warning("the kiosk state file could not be written", exc_info=True)

    # -- the shell's screens -------------------------------------------------------------------
    def _shell_screens(self, services: KioskServices) -> None:
        directory = services.staff_directory
        identify = staff_card_identifier(services.card_source)
        self.signin = StaffPinScreen(directory, self.tasks, card_thread=self.card,
                                     identify_card=identify, demo=services.demo_staff_hint)
        self.unlock = StaffPinScreen(directory, self.tasks, card_thread=self.card,
                                     identify_card=identify, unlock=True)
        self.menu = StaffMenu()
        self.settings_page: SetupWizard | None = None
        self.node_page: NodePage | None = None
        self.display_page = DisplayPage()
        for screen in (self.signin, self.unlock, self.menu, self.display_page):
            self.stack.addWidget(screen)
        self.menu.display.connect(self.open_display)
        self.menu.voice.connect(self._voice_for_visit)
        self.display_page.closed.connect(self._show_menu)
        self.display_page.chosen.connect(self.change_display)
        self.signin.signed_in.connect(self._signed_in)
        self.unlock.signed_in.connect(lambda _staff: self._show_menu())
        self.unlock.cancelled.connect(self._back_from_menu)
        self.menu.sync_now.connect(self.sync_now)
        self.menu.queue.connect(self.show_queue_view)
        self.menu.desks.connect(self._menu_desks)
        self.menu.settings.connect(self.open_settings)
        self.menu.node.connect(self.open_node_page)
        self.menu.switch.connect(self.sign_out)
        self.menu.quit.connect(self.staff_quit)
        self.menu.closed.connect(self._back_from_menu)
        self._before_menu = None
        self.last_desk: str | None = None

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
        allowed = [entry.name for entry in DESKS if self.session.may(f"desk.{entry.name}")]
        if desk not in allowed:
            desk = allowed[0] if len(allowed) == 1 else None
        if desk:
            self.open_desk(desk)
        else:
            self.show_start()

    def _staff_changed(self, staff) -> None:
        """Every event from now on carries this staff id; the start screen offers only the desks the
        role may use."""
        staff_id = staff.staff_id if staff is not None else None
        # redactions carry the signed-in role (the mesh refuses one from a role that may not erase);
        # open mode, without staff accounts, may do everything
        self.services.store.staff_role = (staff.role if staff is not None else
                                          "admin" if self.session.open_mode else None)
        for desk in self.built_desks():
            desk.set_staff(staff_id)
        for name, b in self.start.buttons.items():
            b.setEnabled(self.session.may(f"desk.{name}"))
        self.status.set_staff(staff_id, open_mode=self.session.open_mode)

    def sign_out(self) -> None:
        """Shift change: forget the person on every desk, sign out, and ask the next staff member to
        sign in for the desk the shift was on."""
        desk = self.current_desk() or self.last_desk
        self.forget_everyone()
        self.session.sign_out()
        self.show_sign_in(desk)

    # -- the staff menu ------------------------------------------------------------------------
    def open_staff_menu(self) -> None:
        if self.stack.currentWidget() in (self.menu, self.unlock, self.signin) or \
                self.stack.currentWidget() in self._admin_pages():
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
        """Draw every screen at `scale`, in high contrast or not: the window is built again by
        kiosk.startup.run (the screens are laid out for a scale when built); nothing of a person goes
        with it."""
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

    def _voice_for_visit(self) -> None:
        """Spoken guidance for the next person (the staff menu): on until the visit ends."""
        self._back_from_menu()
        self.voice.start()

    def sync_now(self) -> None:
        """Staff asked for a pass now: queued to the sync thread, the UI does not wait."""
        self.sync.sync_now()

    def show_queue_view(self) -> None:
        """The staff's view of each queued event's state (kiosk/shell/queue_view.py)."""
        from kiosk.shell.queue_view import open_queue_view  # not at start: only staff open it

        open_queue_view(self)

    def open_settings(self) -> None:
        if not self.session.may("settings"):
            return
        if self.settings_page is None:
            from kiosk.shell.wizard import SetupWizard  # not at start: the sign-in does not need it

            self.settings_page = SetupWizard(self.services.data_dir, self.tasks, first_run=False)
            self.settings_page.finished.connect(self._settings_saved)
            self.settings_page.cancelled.connect(self._show_menu)
            self.stack.addWidget(self.settings_page)
        else:
            self.settings_page.load(KioskSettings.load(self.services.data_dir))
            self.settings_page.go(0)
        self.stack.setCurrentWidget(self.settings_page)

    def open_node_page(self) -> None:
        """「このPCを避難所ノードにする」 (kiosk.shell.node_page), for an administrator."""
        if not self.session.may("settings"):
            return
        if self.node_page is None:
            from kiosk.shell.node_page import NodePage  # not at start: sync.transport loads httpx, x509

            self.node_page = NodePage(self.services.data_dir, self.tasks)
            self.node_page.closed.connect(self._show_menu)
            self.stack.addWidget(self.node_page)
        else:
            self.node_page.load()
        self.stack.setCurrentWidget(self.node_page)

    def _admin_pages(self) -> list:
        """The staff menu's pages built so far (settings, node): not desks."""
        return [page for page in (self.settings_page, self.node_page) if page is not None]

    def _settings_saved(self, settings) -> None:
        """The desk and the idle times apply at once; the reader, site and mesh at the next start."""
        self.services.home_desk = settings.desk
        self.services.desk_idle_ms = settings.idle_ms_by_desk()
        self.services.idle_warn_ms = settings.idle_warn_s * 1000
        for desk in self.built_desks():
            desk.set_idle(*self.services.idle_times(desk.name))
        self._show_menu()

    def staff_quit(self) -> None:
        """Staff leave the kiosk (after their PIN opened the menu): nothing of a person stays."""
        if not self.session.may("exit"):
            return
        laststate.remember_desk(self.services.data_dir, None)
        self.exiting = True
        self.shutdown()
        self.close()
        self.quit_requested.emit(0)

    # -- the status bar ------------------------------------------------------------------------
    def _reader_status(self, connected: bool) -> None:
        self.status.set_reader(connected, getattr(self.services.card_source, "name", None))

    def _queue_status(self, status: dict) -> None:
        self.queue_status = status
        self.status.set_sync(status)

    # -- closing -------------------------------------------------------------------------------
    def shutdown(self) -> None:
        """Every desk forgets its person and stops; then the card and sync threads (and the demo
        card is taken back)."""
        if self._stopped:
            return
        self._stopped = True
        app = QApplication.instance()
        app.removeEventFilter(self._activity)
        self.voice.shutdown()
        if self.key_guard is not None:
            app.removeEventFilter(self.key_guard)
        for desk in self.built_desks():
            desk.shutdown()
        self.tasks.stop()
        self.card.remove_demo()
        for service in (self.card, self.sync):
            service.stop()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        if self.locked and not self.exiting:
            event.ignore()  # kiosk mode: only staff quit (staff menu, after their PIN)
            return
        self.shutdown()
        super().closeEvent(event)
