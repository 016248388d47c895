"""The start screen: the three desks (counter, shelter reception, library) as large buttons (at a
large text scale as high as their words need, so the screen still fits)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QWidget

from kiosk.ui import theme
from kiosk.messages import text
from kiosk.ui.labels import button, label, render
from kiosk.ui.layout import vbox

# each desk button gets a third of the 1280 px screen less the margins and gaps, less its padding
DESK_TEXT_WIDTH = (1280 - 2 * 48 - 2 * 32) // 3 - 2 * 24


class StartScreen(QWidget):
    counter_chosen = Signal()
    shelter_chosen = Signal()
    library_chosen = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("start_screen")
        large = theme.text_scale > 1   # large text: the words set the buttons' height, less air
        layout = vbox(self, margins=32 if large else 48, spacing=16 if large else 32)
        height = theme.MIN_TOUCH if large else 220
        title = label(text("start.title"), "title", en_pt=18)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(1)
        layout.addWidget(title)
        row = QHBoxLayout()
        row.setSpacing(32)
        self.counter_button = button(text("desk.counter"), primary=True, height=height, name="desk_counter")
        self.shelter_button = button(text("desk.shelter"), primary=True, height=height, name="desk_shelter")
        self.library_button = button(text("desk.library"), primary=True, height=height, name="desk_library")
        self.counter_button.clicked.connect(self.counter_chosen)
        self.shelter_button.clicked.connect(self.shelter_chosen)
        self.library_button.clicked.connect(self.library_chosen)
        self.desk_buttons = [self.counter_button, self.shelter_button, self.library_button]
        for b in self.desk_buttons:
            # "Counter (certificates, filings)" breaks, never cut (on a narrow screen too)
            b.wrap_width = theme.across(DESK_TEXT_WIDTH)
            render(b)
            b.setMinimumWidth(320)
            row.addWidget(b, 1)
        layout.addLayout(row)
        layout.addStretch(2)
