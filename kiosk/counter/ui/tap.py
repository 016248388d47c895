"""Step 1, かざす: where to put the card (with a drawing of the reader), the demo-only "tap the demo
card" button, and the way to the by-hand path for a person without a card."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.messages import text
from kiosk.ui import theme
from kiosk.ui.labels import button, label, set_bilingual
from kiosk.ui.layout import row_layout, vbox


def reader_picture(width: int = 420, height: int = 260) -> QPixmap:
    """A plain drawing: the reader below the screen, the card held over it (in the palette's colours:
    theme.text_pairs lists its text on both fills)."""
    pixmap = QPixmap(width, height)
    pixmap.fill(QColor(theme.SURFACE))
    p = QPainter(pixmap)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(QPen(QColor(theme.BORDER), 3))
    p.setBrush(QColor(theme.palette.drawing_fill))
    p.drawRoundedRect(QRectF(60, 170, 300, 70), 14, 14)  # the reader
    p.setPen(QPen(QColor(theme.PRIMARY), 4))
    p.setBrush(QColor(theme.palette.pressed_bg))
    p.drawRoundedRect(QRectF(110, 30, 200, 126), 12, 12)  # the card
    p.setPen(QColor(theme.TEXT))
    font = QFont(theme.FONT_FAMILY, 14)
    p.setFont(font)
    p.drawText(QRectF(110, 30, 200, 126), Qt.AlignmentFlag.AlignCenter, "マイナンバーカード\nMy Number card")
    p.drawText(QRectF(60, 170, 300, 70), Qt.AlignmentFlag.AlignCenter, "読み取り機 / reader")
    p.setPen(QPen(QColor(theme.PRIMARY), 4))
    p.drawLine(210, 158, 210, 168)
    p.end()
    return pixmap


class TapScreen(QWidget):
    demo_tap = Signal()
    continue_with_card = Signal()
    manual = Signal()

    def __init__(self, demo: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tap_screen")
        layout = vbox(self)
        layout.addWidget(label(text("tap.title"), "title"))
        layout.addWidget(label(text("tap.hint"), "subtitle"))
        picture = QLabel()
        picture.setPixmap(reader_picture())
        picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        picture.setAccessibleName("読み取り機の位置の図 / Where the reader is")
        layout.addWidget(picture)
        self.status = label(None, "subtitle")
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.status)
        row = row_layout()
        self.demo_button = button(text("tap.demo"), primary=True, name="demo_tap")
        self.demo_button.clicked.connect(self.demo_tap)
        self.continue_button = button(text("tap.continue"), primary=True, name="continue_card")
        self.continue_button.clicked.connect(self.continue_with_card)
        self.manual_button = button(text("tap.no_card"), name="tap_manual")
        self.manual_button.clicked.connect(self.manual)
        row.addWidget(self.demo_button)
        row.addWidget(self.continue_button)
        row.addStretch(1)
        row.addWidget(self.manual_button)
        layout.addLayout(row)
        # shown or hidden once parented: a parentless widget made visible is a window of its own (on
        # a real X server it is mapped and takes the activation from the kiosk's window)
        self.demo_button.setVisible(demo)
        self.continue_button.setVisible(False)
        layout.addStretch(1)

    def set_card_present(self, present: bool) -> None:
        """A card already on the reader (e.g. after 戻る) is used only when asked to."""
        self.continue_button.setVisible(present)
        self.demo_button.setEnabled(not present)
        if present:
            set_bilingual(self.status, text("tap.present"))
        else:
            self.status.clear()

    def set_checking(self, checking: bool) -> None:
        if checking:
            set_bilingual(self.status, text("tap.checking"))
        self.continue_button.setEnabled(not checking)
        self.demo_button.setEnabled(not checking)

    def clear(self) -> None:
        self.status.clear()
        self.continue_button.setEnabled(True)
        self.demo_button.setEnabled(True)
