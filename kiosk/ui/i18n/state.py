"""The language shown now, the words a widget shows in it, and re-rendering the window in place
when it changes.

`shown(pair)` gives (first line, second line) of a `messages.Bilingual` in the language shown now
(kiosk.ui.i18n.languages.Catalog.shown), `one_line(pair)` both on one line. `set_language(code)`
changes the language for the whole application and re-renders every widget that shows a
`messages.Bilingual` (labels and buttons made by kiosk.ui.labels keep their pair and are drawn again
by the renderer kiosk.ui.labels hands to `add_renderer`; widgets with their own words have a
`retranslate_ui()` method), so nothing the resident entered is lost: fields, choices, focus and
scroll positions are not touched. A cleared label stays cleared. `reset()` goes back to Japanese
(the counter calls it for every new person).
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.messages import Bilingual
from kiosk.ui.i18n.languages import JAPANESE, catalog


class LanguageHub(QObject):
    changed = Signal(str)


_current = JAPANESE
_hub: LanguageHub | None = None
_renderers: list[Callable[[QWidget], None]] = []


def hub() -> LanguageHub:
    global _hub
    if _hub is None:
        _hub = LanguageHub()
    return _hub


def current() -> str:
    return _current


def shown(pair: Bilingual, code: str | None = None) -> tuple[str, str]:
    """(first line, second line) of `pair` in `code` (default: the language shown now)."""
    return catalog().shown(pair, code or current())


def one_line(pair: Bilingual, sep: str = " / ") -> str:
    """Both lines of `pair` as shown now, on one line: 「受付 / Reception」 (in English 「Reception / 受付」)."""
    return sep.join(shown(pair))


def add_renderer(render: Callable[[QWidget], None]) -> None:
    """`render(widget)` draws a widget's kept words again in the language shown now; `retranslate`
    calls it for every widget (kiosk.ui.labels gives its own when imported: the words it keeps are
    its business, the language is this module's)."""
    if render not in _renderers:
        _renderers.append(render)


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
    for widget in [root, *root.findChildren(QWidget)]:
        for render in _renderers:
            render(widget)
        hook = getattr(widget, "retranslate_ui", None)
        if callable(hook):
            hook()
