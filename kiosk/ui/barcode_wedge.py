"""Barcode scanners type like a keyboard: digits (NW-7 may add start/stop letters A–D) and Enter.

`BarcodeWedge` is an application-wide event filter (install it on the QApplication once). Key presses
of 0–9 and A–D that arrive while no text field has the focus are collected; Enter emits
`scanned(text)` and is swallowed. The keys are buffered with a per-key timeout: a scanner types a
code in a few milliseconds, but a librarian typing a damaged label's number on the scanner's keyboard
types one key a second or slower, and every key counts; only a gap longer than `key_timeout_ms`
(3 s) since the last key starts over, so a stray key long ago never prefixes the next scan. Enter
ends the code (one shorter than `min_length` is not a code: its Enter goes on to the focused
button). Keys typed into a focused text field are left alone (the field gets them, as it should).
The owner sets `active` (a callable): while it says False — another desk
on screen, the counter's PIN pad, a library page that takes no scans — the wedge collects nothing and
swallows nothing, so a fast keypad's Enter always reaches its screen.
`chars` widens what is collected: a 2D-code page (kiosk.ui.qr_scan) takes `KZ` and digits.
"""

from __future__ import annotations

import time
from typing import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

TEXT_INPUTS = (QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSpinBox, QComboBox)
WEDGE_CHARS = set("0123456789ABCDabcd")
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
KEY_TIMEOUT_MS = 3000   # the longest pause between two keys of one code (a person typing by hand)


class BarcodeWedge(QObject):
    scanned = Signal(str)

    def __init__(self, parent: QObject | None = None, *, key_timeout_ms: int = KEY_TIMEOUT_MS,
                 min_length: int = 4, chars: set[str] | frozenset[str] = frozenset(WEDGE_CHARS)) -> None:
        super().__init__(parent)
        self.key_timeout_ms, self.min_length, self.chars = key_timeout_ms, min_length, frozenset(chars)
        self._buffer = ""
        self._last = 0.0
        self.active: Callable[[], bool] = lambda: True
        self.installed = False   # filtering the application's events (install, until uninstall)

    def install(self, app: QApplication | None = None) -> "BarcodeWedge":
        (app or QApplication.instance()).installEventFilter(self)
        self.installed = True
        return self

    def uninstall(self, app: QApplication | None = None) -> None:
        app = app or QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.installed = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        if event.type() != QEvent.Type.KeyPress or event.isAutoRepeat():
            return False
        focus = QApplication.focusWidget()
        # a key press travels from the window to the focus widget and up its parents: look at it once,
        # when it reaches its first widget receiver
        first = focus if focus is not None else (
            watched if isinstance(watched, QWidget) and watched.isWindow() else None)
        if watched is not first:
            return False
        if isinstance(focus, TEXT_INPUTS) or not self.active():
            self._buffer = ""
            return False
        now = time.monotonic()
        if (now - self._last) * 1000 > self.key_timeout_ms:
            self._buffer = ""
        self._last = now
        if event.key() in ENTER_KEYS:
            code, self._buffer = self._buffer, ""
            if len(code) >= self.min_length:
                self.scanned.emit(code)
                return True
            return False
        char = event.text()
        if len(char) == 1 and char in self.chars:
            self._buffer += char
        return False
