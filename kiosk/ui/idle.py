"""The idle warning: 「まだお使いですか？ / Are you still there?」 over the desk, the seconds left counting
down, and a big 「続ける / Continue」 button (`IdleWarning`), and the timers behind it (`IdleGuard`).

After `idle_ms - warn_ms` without a touch the warning shows with the seconds left; 続ける puts the
person back where they were (focus too) and restarts the countdown; if nobody answers within
`warn_ms`, the guard calls the desk's wipe (CounterController.restart, the same as 最初から; the
shelter's and the library's forget() and the start screen, kiosk.ui.desk.WarnedIdleDesk). While the
warning shows, other touches do not answer it and the desk beneath is disabled (no Tab behind the
layer). Both times are per desk (`set_idle`).
"""

from __future__ import annotations

import math

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QFrame, QVBoxLayout, QWidget
from shiboken6 import isValid

from kiosk.messages import text
from kiosk.timeouts import IDLE_TIMEOUT_MS, IDLE_WARNING_MS
from kiosk.ui import theme
from kiosk.ui.dimmed_layer import DimmedLayer
from kiosk.ui.labels import button, label, set_bilingual

TICK_MS = 250               # how often the seconds left are redrawn


class IdleWarning(DimmedLayer):
    """A dimmed layer over its parent (it follows the parent's size) with a panel in the middle."""

    continue_clicked = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("idle_warning")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(120, 60, 120, 60)
        outer.addStretch(1)
        panel = QFrame()
        panel.setProperty("role", "card")
        panel.setObjectName("idle_panel")
        panel.setStyleSheet(f"QFrame#idle_panel {{ background: {theme.SURFACE}; border: 3px solid "
                            f"{theme.PRIMARY}; border-radius: 12px; }}")
        box = QVBoxLayout(panel)
        box.setContentsMargins(40, 28, 40, 28)
        box.setSpacing(16)
        self.title = label(text("idle.title"), "title", en_pt=18)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = label(None, "subtitle")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setObjectName("idle_message")
        self.continue_button = button(text("idle.continue"), primary=True, name="idle_continue")
        self.continue_button.clicked.connect(self.continue_clicked)
        for w in (self.title, self.message, self.continue_button):
            box.addWidget(w)
        outer.addWidget(panel)
        outer.addStretch(1)
        self.hide()

    def show_seconds(self, seconds: int) -> None:
        set_bilingual(self.message, text("idle.warning", n=seconds))

    def open(self, seconds: int) -> None:
        self.show_seconds(seconds)
        self.show_over_desk()
        self.continue_button.setFocus()

    def clear(self) -> None:
        self.message.clear()
        self.hide_from_desk()


class IdleGuard(QObject):
    """Counts the time without a touch; warns, then calls `expire` (the wipe)."""

    def __init__(self, overlay: IdleWarning, expire, idle_ms: int = IDLE_TIMEOUT_MS,
                 warn_ms: int = IDLE_WARNING_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.overlay, self.expire = overlay, expire
        self.active = lambda: True   # the desk says whether anyone is being served
        self.quiet = QTimer(self)    # no touch for a while → the warning
        self.quiet.setSingleShot(True)
        self.quiet.timeout.connect(self._warn)
        self.deadline = QTimer(self)  # the warning unanswered → the wipe
        self.deadline.setSingleShot(True)
        self.deadline.timeout.connect(self._expired)
        self.tick = QTimer(self)
        self.tick.setInterval(TICK_MS)
        self.tick.timeout.connect(self._tick)
        self._focus_before = None
        overlay.continue_clicked.connect(self.keep_going)
        self.set_idle(idle_ms, warn_ms)

    def set_idle(self, idle_ms: int, warn_ms: int = IDLE_WARNING_MS) -> None:
        """The wipe after `idle_ms` without a touch, the warning `warn_ms` before it (0: none)."""
        self.idle_ms = idle_ms
        self.warn_ms = max(0, min(warn_ms, idle_ms))
        self.quiet.setInterval(idle_ms - self.warn_ms)
        self.deadline.setInterval(self.warn_ms)

    @property
    def warning_shown(self) -> bool:
        return self.deadline.isActive()

    def isActive(self) -> bool:  # noqa: N802 (like QTimer)
        return self.quiet.isActive() or self.deadline.isActive()

    def interval(self) -> int:
        """Like QTimer's: the time without a touch until the wipe, warning included (ms)."""
        return self.idle_ms

    def start(self) -> None:
        """A touch: the countdown from the start (unless the warning is waiting for 続ける)."""
        if not self.warning_shown:
            self.quiet.start()

    def stop(self) -> None:
        for timer in (self.quiet, self.deadline, self.tick):
            timer.stop()
        self._focus_before = None
        self.overlay.clear()

    def keep_going(self) -> None:
        """続ける: back where they were, the countdown from the start."""
        focus = self._focus_before
        self.stop()
        if focus is not None and isValid(focus) and focus.isVisible():
            focus.setFocus()
        self.start()

    def _warn(self) -> None:
        if not self.active():
            return
        if self.warn_ms == 0:
            self._expired()
            return
        self._focus_before = QApplication.focusWidget()
        self.deadline.start()
        self.tick.start()
        self.overlay.open(math.ceil(self.warn_ms / 1000))

    def _tick(self) -> None:
        self.overlay.show_seconds(max(0, math.ceil(self.deadline.remainingTime() / 1000)))

    def _expired(self) -> None:
        self.stop()
        self.expire()
