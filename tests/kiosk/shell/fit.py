"""A shown button is on its window whole: inside the window's rectangle and not cut by any scroll
area (its visible region is all of it), so nobody has to scroll to find the way on."""

from __future__ import annotations

from PySide6.QtCore import QPoint


def assert_shown_whole(window, buttons, *context) -> None:
    for way_on in buttons:
        if not way_on.isVisible():
            continue
        where = way_on.geometry().translated(way_on.parentWidget().mapTo(window, QPoint(0, 0)))
        assert window.rect().contains(where), (*context, way_on.objectName(), where)
        assert way_on.visibleRegion().boundingRect() == way_on.rect(), (*context, way_on.objectName())
