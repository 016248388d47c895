"""The counter desk as the kiosk window drives it (the kiosk.ui.desk.Desk protocol).

It holds the view (view.py), its controller (controller.py), the submit thread (submitter.py) and,
when the kiosk has a second monitor, the resident's part on it (second_screen.py). Idle: the
controller's guard with its 「まだお使いですか？」 warning (kiosk.ui.idle.IdleGuard); `exited` is the
controller's, after 最初から or the idle wipe. The staff table behind the procedures step is shown
only to a role with the "metrics" right.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.counter.flow import State
from kiosk.counter.ui.controller import CounterController
from kiosk.counter.ui.second_screen import ResidentDisplay, pick_screens
from kiosk.counter.ui.submitter import SubmitService
from kiosk.counter.ui.view import CounterDesk
from kiosk.ui.desk import DeskHost


class CounterKioskDesk(QObject):
    exited = Signal()
    name = "counter"

    def __init__(self, host: DeskHost, *, submit_visit: Callable[..., dict], data_dir: Path, form_id: str,
                 demo: bool = False, second_screen: bool = True, site: str = "",
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.view = CounterDesk(demo=demo)
        self.widget: QWidget = self.view
        host.stack.addWidget(self.view)
        self.submitter = SubmitService(submit_visit, data_dir, self)
        self.controller = CounterController(self.view, host.card, self.submitter, form_id, parent=self)
        self.controller.site = site   # pre-registration codes are opened with this site's key
        self.controller.exited.connect(self.exited)
        self.controller.submitted.connect(lambda result: host.recorded(result.get("pending", 0)))
        self.resident_display = self._second_screen() if second_screen else None

    def _second_screen(self) -> ResidentDisplay | None:
        app = QApplication.instance()
        _staff, resident = pick_screens(app.screens(), app.primaryScreen())
        if resident is None:
            return None
        display = ResidentDisplay(self.host, self.view, self.controller, resident, self)
        display.show()
        return display

    def open(self) -> None:
        """On screen (in the staff's window first); a new visit starts at its procedures."""
        if self.resident_display is not None:
            self.resident_display.to_staff()
        self.host.stack.setCurrentWidget(self.view)
        if self.controller.flow.state is State.IDLE:
            self.controller.enter()

    def forget(self) -> None:
        """As 最初から when someone is being served, then every widget emptied; the view comes back
        from the resident's monitor."""
        if self.controller.flow.state is not State.IDLE:
            self.controller.restart()
        self.controller.wipe()
        if self.resident_display is not None:
            self.resident_display.to_staff(select=False)

    def set_staff(self, staff_id: str | None) -> None:
        self.submitter.staff = staff_id   # None: KioskServices.staff, the counter's default
        self.view.procedures.staff_button.setVisible(self.host.may("metrics"))

    def set_idle(self, idle_ms: int, warn_ms: int) -> None:
        self.controller.idle.set_idle(idle_ms, warn_ms)

    def touched(self) -> None:
        self.controller.touch()

    def shows(self, page: QWidget | None) -> bool:
        note = self.resident_display.note if self.resident_display is not None else None
        return page is not None and (page is self.view or page is note)

    def shutdown(self) -> None:
        self.controller.wipe()
        if self.resident_display is not None:
            self.resident_display.close()
        self.submitter.stop()

    def pulled(self, change) -> None:
        """Other terminals' events change nothing the counter shows: one resident's own visit."""
