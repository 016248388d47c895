"""An error the person can act on: what happened and what to do, never a code alone; then try
again, the by-hand path, or start over."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from kiosk.messages import Bilingual, text
from kiosk.ui.labels import button, label, set_bilingual
from kiosk.ui.layout import row_layout, vbox


class ErrorScreen(QWidget):
    retry = Signal()
    manual = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("error_screen")
        layout = vbox(self, margins=48, spacing=24)
        layout.addStretch(1)
        self.title = label(None, "title")
        self.message = label(None, "error")
        self.message.setObjectName("error_message")
        layout.addWidget(self.title)
        layout.addWidget(self.message)
        row = row_layout()
        self.retry_button = button(text("error.retry"), primary=True, name="error_retry")
        self.manual_button = button(text("tap.no_pin"), name="error_manual")
        self.retry_button.clicked.connect(self.retry)
        self.manual_button.clicked.connect(self.manual)
        row.addWidget(self.retry_button)
        row.addStretch(1)
        row.addWidget(self.manual_button)
        layout.addLayout(row)
        layout.addStretch(2)

    def show_error(self, title: Bilingual, message: Bilingual, can_retry: bool = True) -> None:
        set_bilingual(self.title, title)
        set_bilingual(self.message, message)
        self.retry_button.setVisible(can_retry)

    def clear(self) -> None:
        self.title.clear()
        self.message.clear()
