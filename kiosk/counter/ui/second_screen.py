"""The counter's resident-facing part on a second monitor when there is one.

`pick_screens(screens, primary)` → (staff screen, resident screen or None): the staff keep the primary
screen; the resident gets the first other screen (the left-most if several). With one screen nothing
moves. With two, `ResidentDisplay` keeps a frameless `ResidentWindow` full screen on the second
monitor and moves the whole counter desk (step bar, page, 戻る / 最初から, the idle warning) into it
while the resident acts — waiting for the card, the PIN pad, reading, what was read, confirm, done —
and back to the staff's window for the staff's steps (procedures, 照合番号B typed from the card face,
by hand, errors, the metrics table). The staff's window then shows which step the resident is on,
with 最初から to end the visit. The counter desk (kiosk_desk.py) makes one when it finds a second
screen and closes it when the kiosk shuts down.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from kiosk.counter.flow import STEP, State
from kiosk.messages import Bilingual, text
from kiosk.ui.labels import button, label, set_bilingual
from kiosk.ui.layout import vbox

RESIDENT_STATES = frozenset({"waiting_card", "checking", "pin", "reading", "preview", "confirm",
                             "submitting", "done"})
WORDS: dict[str, tuple[str, str]] = {   # for the staff and the waiting resident: not translated
    "elsewhere": ("お客様側の画面で操作中です", "The resident is using the other screen"),
    "step": ("いまの手順：{step}", "Current step: {step}"),
    "title": ("かざす — お客様用画面", "kazasu — resident screen"),
    "waiting": ("係員が準備しています。少しお待ちください。", "Staff are getting ready. Please wait a moment."),
}


def t(key: str, **values: object) -> Bilingual:
    ja, en = WORDS[key]
    return Bilingual(ja.format(**values), en.format(**values))


def pick_screens(screens, primary):
    """(staff screen, resident screen or None) from the QScreens Qt knows."""
    others = sorted((s for s in screens if s is not primary and s != primary),
                    key=lambda s: (s.geometry().x(), s.geometry().y()))
    return primary, (others[0] if others else None)


class ResidentWindow(QWidget):
    """The resident's monitor: the counter desk while the resident acts, a waiting note otherwise."""

    def __init__(self, guard_close) -> None:
        super().__init__(None, Qt.WindowType.FramelessWindowHint)
        self.setObjectName("resident_window")
        title = t("title")
        self.setWindowTitle(f"{title.ja} / {title.en}")
        self._guard_close = guard_close
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.stack = QStackedWidget()
        layout.addWidget(self.stack)
        self.waiting = QWidget()
        box = vbox(self.waiting, margins=64)
        box.addStretch(1)
        note = label(t("waiting"), "title", en_pt=18)
        note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        box.addWidget(note)
        box.addStretch(1)
        self.stack.addWidget(self.waiting)

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        if self._guard_close():
            event.ignore()
            return
        super().closeEvent(event)


class ElsewhereNote(QWidget):
    """In the staff's window while the counter desk is on the resident's monitor."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("resident_elsewhere")
        box = vbox(self, margins=64)
        box.addStretch(1)
        box.addWidget(label(t("elsewhere"), "title", en_pt=18))
        self.step = label(None, "subtitle", en_pt=14)
        box.addWidget(self.step)
        self.restart_button = button(text("nav.restart"), name="resident_elsewhere_restart")
        box.addWidget(self.restart_button, 0, Qt.AlignmentFlag.AlignLeft)
        box.addStretch(2)

    def show_step(self, state: str) -> None:
        pair = text(f"step.{STEP.get(State(state), 1)}")
        set_bilingual(self.step, Bilingual(t("step", step=pair.ja).ja, t("step", step=pair.en).en), en_pt=14)


class ResidentDisplay(QObject):
    """Moves the counter desk's view between the window's stack (`host.stack`) and the resident's
    window by counter state."""

    def __init__(self, host, view: QWidget, controller, resident_screen, parent=None) -> None:
        super().__init__(parent)
        self.host, self.view, self.screen = host, view, resident_screen
        self.stack: QStackedWidget = host.stack
        self.resident = ResidentWindow(lambda: host.locked and not host.exiting)
        self.note = ElsewhereNote()
        self.stack.addWidget(self.note)
        self.note.restart_button.clicked.connect(controller.restart)  # staff end the visit
        self.on_resident_side = False
        controller.state_changed.connect(self.follow)

    def show(self) -> None:
        self.resident.setScreen(self.screen)
        self.resident.setGeometry(self.screen.geometry())
        if self.host.locked:
            self.resident.showFullScreen()
        else:
            self.resident.show()

    def follow(self, state: str) -> None:
        counter_open = self.stack.currentWidget() in (self.view, self.note)
        if state in RESIDENT_STATES and counter_open:
            self.to_resident()
            self.note.show_step(state)
        else:
            self.to_staff(select=counter_open and state != "idle")

    def to_resident(self) -> None:
        if self.on_resident_side:
            return
        self.stack.removeWidget(self.view)
        self.resident.stack.addWidget(self.view)
        self.resident.stack.setCurrentWidget(self.view)
        self.stack.setCurrentWidget(self.note)
        self.on_resident_side = True

    def to_staff(self, select: bool = True) -> None:
        if not self.on_resident_side:
            return
        self.resident.stack.removeWidget(self.view)
        self.stack.addWidget(self.view)
        self.resident.stack.setCurrentWidget(self.resident.waiting)
        if select:
            self.stack.setCurrentWidget(self.view)
        self.on_resident_side = False

    def close(self) -> None:
        self.to_staff(select=False)
        self.resident.close()
        self.resident.deleteLater()
