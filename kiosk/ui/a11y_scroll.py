"""A screen reader's view of the scroll areas that cannot crash the kiosk.

Qt's own accessibility interface for a QScrollArea (QAccessibleAbstractScrollArea, Qt 6.11) counts as
its children the viewport and only the scroll bars that are visible now, and answers `child(i)`
without checking `i`: when a scroll bar appears or goes between a screen reader asking how many
children there are and asking for the last one (the page grew or shrank in between, as on every
counter screen), Qt reads past the end of its list and the kiosk ends with a segmentation fault
(`QAccessibleCache::idForObject` under `QAccessible::queryAccessibleInterface`; found by the
real-window tests at 1024×768, where the preview's scroll bar comes and goes).

`install()` puts an interface factory before Qt's for QScrollArea: the generic QAccessibleWidget, whose
children are all the scroll area's child widgets (the viewport and both scroll bar holders, shown or
not: the count does not change under the reader) and whose `child(i)` checks `i`. A screen reader
still reads the same controls (what is hidden is not shown to it), as a plain "client" area, the role
Qt gave it before.
"""

from __future__ import annotations

from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QAccessibleWidget, QScrollArea

_installed = False


def scroll_area_interface(key: str, obj) -> QAccessibleWidget | None:
    if key == "QScrollArea" and isinstance(obj, QScrollArea):
        return QAccessibleWidget(obj, QAccessible.Role.Client)
    return None


def install() -> None:
    """Once per process (a factory stays installed for the application's life)."""
    global _installed
    if not _installed:
        QAccessible.installFactory(scroll_area_interface)
        _installed = True
