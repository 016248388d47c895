"""Kiosk lockdown in Qt: the keys that leave or switch applications do nothing.

`KeyGuard` is an application-wide event filter. It swallows (as far as Qt sees them — a compositor
such as cage takes Ctrl+Alt+F1… itself) Alt+F4, Alt+Tab / Alt+Shift+Tab, Alt+Esc, Ctrl+Esc, Ctrl+W,
Ctrl+Q, every key with Meta (the Windows / Super key) held and Meta itself, Ctrl+Alt+Backspace,
Ctrl+Alt+Delete and Ctrl+Alt+F1…F12 (console switch), for key presses, releases and shortcut
overrides alike. Every other key goes on (the desks are fully keyboard-operable). Closing the
windows is refused by the windows themselves (kiosk.app.MainWindow.closeEvent) until staff quit.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt

K = Qt.Key
M = Qt.KeyboardModifier
_FILTERED = (QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.ShortcutOverride)
_FUNCTION_KEYS = {getattr(K, f"Key_F{n}") for n in range(1, 13)}


def leaves_the_kiosk(key: int, modifiers) -> bool:
    """True for a key (with its modifiers) that closes the window or switches away from it."""
    key = K(key) if not isinstance(key, K) else key
    ctrl = bool(modifiers & M.ControlModifier)
    alt = bool(modifiers & M.AltModifier)
    if key in (K.Key_Meta, K.Key_Super_L, K.Key_Super_R, K.Key_Hyper_L, K.Key_Hyper_R, K.Key_Menu):
        return True
    if modifiers & M.MetaModifier:
        return True
    if alt and key in (K.Key_F4, K.Key_Tab, K.Key_Backtab, K.Key_Escape):
        return True
    if ctrl and key == K.Key_Escape:
        return True
    if ctrl and not alt and key in (K.Key_W, K.Key_Q):
        return True
    if ctrl and alt and (key in (K.Key_Backspace, K.Key_Delete) or key in _FUNCTION_KEYS):
        return True
    return False


class KeyGuard(QObject):
    """Install with `QApplication.instance().installEventFilter(guard)`; `blocked` counts what it ate."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.blocked = 0

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt name)
        if event.type() in _FILTERED and leaves_the_kiosk(event.key(), event.modifiers()):
            event.accept()
            if event.type() == QEvent.Type.KeyPress:
                self.blocked += 1
            return True
        return False
