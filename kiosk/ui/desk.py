"""What the kiosk window needs of a desk, and what a desk may ask of the window.

`Desk` is how kiosk.app.MainWindow drives the counter, the shelter reception and the library without
knowing which one it drives: it opens a desk, asks whether the page on screen is that desk's, hands
it the signed-in staff id and its idle time, passes every touch on to the desk on screen, has every
desk forget its person (shift change, leaving for the desk choice, a new display) and shuts them
down; a desk's `exited` takes the window back to the start screen. Each desk implements it in its
own `ui/kiosk_desk.py`; kiosk.desks lists them.

`DeskHost` is the window as a desk sees it: the stack of pages a desk adds its own to and brings to
the front when opened, the kiosk mode (locked, exiting), the signed-in role's rights, the card
service and the card task thread, and `recorded()` for the status bar and the next sync pass after a
desk wrote events.

`WarnedIdleDesk` is the protocol for a desk that is one page (the shelter reception, the library):
after its time without a touch it warns first, as the counter does (kiosk.ui.idle: 「まだお使いですか？」
over the desk, the seconds left, 「続ける」 puts the person back where they were with everything typed
kept); unanswered, or on its own exit button, the desk forgets its person and goes back to the start
screen. The counter has its own guard (its controller's).
While it is open (opened and not forgotten since) it passes the site's pulled events on to its
page (`pulled`: live desks).
"""

from __future__ import annotations

from typing import Any, Callable, Protocol, runtime_checkable

from PySide6.QtCore import QObject, Signal, SignalInstance
from PySide6.QtWidgets import QStackedWidget, QWidget

from kiosk.ui.idle import IdleGuard, IdleWarning


@runtime_checkable
class Desk(Protocol):
    name: str               # "counter", "shelter", "library": the right to use it is "desk.<name>"
    widget: QWidget         # its page in the window's stack
    exited: SignalInstance  # it has forgotten its person and is done: the window shows the start screen

    def open(self) -> None:
        """Come on screen: its page in front, its contents refreshed, its idle countdown running
        as the desk counts it."""

    def forget(self) -> None:
        """The person is wiped (idle timeout, shift change, leaving for the desk choice, a new
        display, quitting): nothing of them stays in its widgets or its memory; its idle stops."""

    def set_staff(self, staff_id: str | None) -> None:
        """The signed-in staff id its events carry from now on (None: nobody is signed in, the
        desk's own default id)."""

    def set_idle(self, idle_ms: int, warn_ms: int) -> None:
        """Forget the person after `idle_ms` without a touch; a desk that warns first (the counter's
        「まだお使いですか？」) does so `warn_ms` before. Applies at once."""

    def touched(self) -> None:
        """A touch, a click or a key while it is on screen (or under the staff menu): its idle
        countdown starts again."""

    def shows(self, page: QWidget | None) -> bool:
        """Whether `page` (the window stack's current page) is this desk's."""

    def shutdown(self) -> None:
        """The window closes: the person forgotten, its own threads stopped, its own windows closed."""

    def pulled(self, change: Any) -> None:
        """Events of the site's other terminals were stored (a `sync.store.StoreChange`, told after
        its commit): a desk that is open updates what it shows; a closed or forgotten one does
        nothing (it reads everything when next opened)."""


class DeskHost(Protocol):
    stack: QStackedWidget   # the window's pages
    locked: bool            # kiosk mode: full screen, keys guarded, windows refuse to close …
    exiting: bool           # … until staff quit
    card: Any               # the one card thread (presence, every card task, the demo card: kiosk.ui.card_thread)

    def may(self, right: str) -> bool:
        """Whether the signed-in role may do `right` (kiosk.shell.staff; open mode: always)."""

    def recorded(self, pending: int) -> None:
        """A desk wrote events: `pending` wait for the mesh; the window starts a sync pass."""


class WarnedIdleDesk(QObject):
    """`widget` is the desk's page: it has an `exited` signal (its exit button), `refresh()` (read
    what changed since it was last shown) and its domain desk at `widget.desk`, whose `staff` goes on
    the events; `wipe()` empties the page of everyone shown. A subclass names the desk (`name`).
    `pulled(change)` (other terminals' events while open) reaches the page.
    `warning` is the idle warning over the page, `idle` its guard (kiosk.ui.idle.IdleGuard)."""

    exited = Signal()
    name: str

    def __init__(self, host: DeskHost, widget: QWidget, wipe: Callable[[], None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.host, self.widget, self._wipe = host, widget, wipe
        host.stack.addWidget(widget)
        self.default_staff = widget.desk.staff   # on the events while nobody is signed in
        self.is_open = False   # opened and not forgotten since: live updates reach its page
        self.warning = IdleWarning(widget)   # over the desk's page, hidden until needed
        self.idle = IdleGuard(self.warning, self._leave, parent=self)
        widget.exited.connect(self._leave)

    def _leave(self) -> None:
        self.forget()
        self.exited.emit()

    def open(self) -> None:
        self.widget.refresh()
        self.host.stack.setCurrentWidget(self.widget)
        self.idle.start()
        self.is_open = True

    def forget(self) -> None:
        self.idle.stop()
        self.is_open = False
        self._wipe()

    def set_staff(self, staff_id: str | None) -> None:
        self.widget.desk.staff = staff_id or self.default_staff

    def set_idle(self, idle_ms: int, warn_ms: int) -> None:
        running = self.idle.isActive() and not self.idle.warning_shown
        self.idle.set_idle(idle_ms, warn_ms)
        if running:
            self.idle.start()   # the new time applies at once

    def touched(self) -> None:
        self.idle.start()   # while the warning shows, only 続ける answers it

    def shows(self, page: QWidget | None) -> bool:
        return page is not None and page is self.widget

    def shutdown(self) -> None:
        self.forget()

    def pulled(self, change: Any) -> None:
        if self.is_open:
            self.widget.pulled(change)
