"""A screen reader asking a scroll area for its children while a scroll bar comes and goes
(kiosk.ui.a11y_scroll): the count stays the same, and an index past the end answers nothing instead
of reading past Qt's list (the segmentation fault the real-window tests found at 1024×768)."""

from __future__ import annotations

from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QAccessibleWidget, QApplication, QLabel, QScrollArea, QVBoxLayout, QWidget


def test_scroll_area_children_do_not_change_under_a_reader(qtbot):
    area = QScrollArea()
    qtbot.addWidget(area)
    area.setWidgetResizable(True)
    area.resize(300, 200)
    inner = QWidget()
    box = QVBoxLayout(inner)
    box.addWidget(QLabel("短い / short"))
    area.setWidget(inner)
    area.show()
    QApplication.processEvents()
    iface = QAccessible.queryAccessibleInterface(area)
    assert isinstance(iface, QAccessibleWidget) and iface.role() == QAccessible.Role.Client
    before = iface.childCount()
    assert not area.verticalScrollBar().isVisible()
    for n in range(30):   # the page grows: the vertical scroll bar appears
        box.addWidget(QLabel(f"行 {n} / line {n}"))
    qtbot.waitUntil(lambda: area.verticalScrollBar().isVisible())
    assert iface.childCount() == before
    assert iface.child(before) is None and iface.child(before + 5) is None   # no read past the end
    seen = [iface.child(n) for n in range(before)]
    assert all(child is not None for child in seen)
    assert any(child.object() is area.viewport() for child in seen)


def test_the_viewport_contents_stay_reachable(qtbot):
    area = QScrollArea()
    qtbot.addWidget(area)
    inner = QLabel("読める / readable")
    area.setWidget(inner)
    area.show()
    QApplication.processEvents()
    iface = QAccessible.queryAccessibleInterface(area)
    viewport = next(iface.child(n) for n in range(iface.childCount())
                    if iface.child(n).object() is area.viewport())
    assert any(viewport.child(n).object() is inner for n in range(viewport.childCount()))
