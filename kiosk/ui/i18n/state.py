"""The language shown now, and re-rendering the window in place when it changes.

`set_language(code)` changes it for the whole application and re-renders every widget that shows a
`messages.Bilingual` (labels and buttons made by kiosk.ui.widgets keep their pair; widgets with
their own words have a `retranslate_ui()` method), so nothing the resident entered is lost: fields,
choices, focus and scroll positions are not touched. A cleared label stays cleared. `reset()` goes
back to Japanese (the counter calls it for every new person).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.ui.i18n.languages import JAPANESE, catalog


class LanguageHub(QObject):
    changed = Signal(str)


_current = JAPANESE
_hub: LanguageHub | None = None


def hub() -> LanguageHub:
    global _hub
    if _hub is None:
        _hub = LanguageHub()
    return _hub


def current() -> str:
    return _current


def set_language(code: str) -> None:
    """Show `code` from now on (an unknown code means Japanese) and re-render every window."""
    global _current
    code = code if catalog().has(code) else JAPANESE
    if code == _current:
        return
    _current = code
    app = QApplication.instance()
    if app is not None:
        for window in app.topLevelWidgets():
            retranslate(window)
    hub().changed.emit(code)


def reset() -> None:
    set_language(JAPANESE)


def retranslate(root: QWidget) -> None:
    """Re-render `root` and everything in it in the current language."""
    from kiosk.ui.labels import render

    for widget in [root, *root.findChildren(QWidget)]:
        render(widget)
        hook = getattr(widget, "retranslate_ui", None)
        if callable(hook):
            hook()
