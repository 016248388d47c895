"""Who is signed in at this terminal, and what their role lets them reach (Qt signal, no widgets).

Open mode: a terminal without any staff account (tests, development) needs no sign-in; events keep
each desk's default staff id and every screen is reachable. With accounts, nobody is signed in at
start; `sign_in(staff)` and `sign_out()` change the session and emit `changed`.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from kiosk.shell.staff import Staff, StaffDirectory


class Session(QObject):
    changed = Signal(object)  # the Staff now signed in, or None

    def __init__(self, directory: StaffDirectory | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.directory = directory
        self.open_mode = directory is None or not directory.has_accounts()
        self.staff: Staff | None = None

    def may(self, what: str) -> bool:
        if self.open_mode:
            return True
        return self.staff is not None and self.staff.may(what)

    @property
    def signed_in(self) -> bool:
        return self.open_mode or self.staff is not None

    @property
    def staff_id(self) -> str | None:
        return self.staff.staff_id if self.staff else None

    def sign_in(self, staff: Staff) -> None:
        self.staff = staff
        self.open_mode = False
        self.changed.emit(staff)

    def sign_out(self) -> None:
        self.staff = None
        if self.directory is not None and self.directory.has_accounts():
            self.open_mode = False
        self.changed.emit(None)
