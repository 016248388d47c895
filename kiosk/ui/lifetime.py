"""Widgets that leave a screen: Qt keeps owning them until it deletes them, and nothing of a person
stays readable on them in the meantime.

PySide keeps a Python wrapper for every Qt object Python has touched, in a table by the object's
address, and learns of a deletion only from objects it made or that are QObjects. Two habits broke
that and ended the kiosk with a segmentation fault (issue 17; `Shiboken::BindingManager::releaseWrapper`
during a deferred delete):

- **asking a layout for its items** (`QLayout.itemAt`, `takeAt`, `itemAtPosition`): PySide wraps the
  QLayoutItem, which Qt made and Qt deletes as soon as its widget leaves the layout, without telling
  PySide. The stale wrapper stays in the table under a freed address; the next Qt object made at that
  address (a new row's layout, a language switch later) is confused with it, and deleting that object
  reads freed memory. The preview did it once per rebuild (its focus chain), so a few language switches
  or 戻る on the preview crashed the window. Keep what a layout holds in Python (the widgets you put in
  it) instead.
- **handing a widget back to Python and deleting it later** (`setParent(None)` or
  `QScrollArea.takeWidget()`, then `deleteLater()`): the widget then has two owners, Python's last
  reference and Qt's deferred delete, and ends with whichever comes first, possibly in the middle of
  another event.

`discard(widget, layout)` does it the one safe way: the widget leaves its layout (PySide's own bookkeeping
moves with it), it is hidden, and Qt deletes it with all its children at the next turn of the event
loop, on the GUI thread, telling PySide of each. When a person leaves (`forget=True`), its words are
emptied first (every label, field and button in it), so no name, address or answer stays in the
window tree while the deletion waits.
"""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton, QLabel, QLayout, QLineEdit, QWidget
from shiboken6 import isValid


def erase(widget: QWidget) -> None:
    """Empty the words of `widget` and of every label, text field and button in it."""
    for w in [widget, *widget.findChildren(QWidget)]:
        if isinstance(w, (QLabel, QLineEdit, QAbstractButton)):
            w.setText("")   # a QLineEdit forgets its undo history with it
        w.setAccessibleName("")
        w.setToolTip("")


def discard(widget: QWidget | None, layout: QLayout | None = None, *, forget: bool = False) -> None:
    """Take `widget` off the screen now (out of `layout`, hidden; its words emptied with `forget`)
    and have Qt delete it, with its children, at the next turn of the event loop."""
    if widget is None or not isValid(widget):
        return
    if layout is not None and isValid(layout):
        layout.removeWidget(widget)
    if forget:
        erase(widget)
    widget.hide()
    widget.deleteLater()
