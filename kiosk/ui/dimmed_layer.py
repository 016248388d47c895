"""A dimmed layer over a desk (the idle warning, the language chooser): it follows its parent's size,
shades the desk beneath, and while it shows takes the desk's other direct children out of reach of the
mouse and the keyboard (no Tab behind it); hiding it gives each of them back its own enabled state."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QWidget

DIM_ALPHA = 120


class DimmedLayer(QWidget):
    # layers that stay enabled under this one (another layer that may be open beneath it)
    spared_names: tuple[str, ...] = ()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        parent.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt name)
        if obj is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self.setGeometry(obj.rect())
        return False

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt name)
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(0, 0, 0, DIM_ALPHA))  # the desk shows dimmed beneath
        painter.end()

    def _beneath(self, enabled: bool) -> None:
        desk = self.parentWidget()
        for sibling in desk.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
            if sibling is not self and sibling.objectName() not in self.spared_names:
                sibling.setEnabled(enabled)

    def show_over_desk(self) -> None:
        """Disable the desk beneath, cover it and come to the top (the caller sets the focus)."""
        self._beneath(False)
        self.setGeometry(self.parentWidget().rect())
        self.show()
        self.raise_()

    def hide_from_desk(self) -> None:
        self.hide()
        self._beneath(True)
