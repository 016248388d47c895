"""A text field that keeps its name once it is filled.

A field named only by its placeholder loses its name as soon as something is typed in it (the
shelter card's fields: 「氏名 / Name」, 「生年月日か年齢 / Born or age」…): whoever checks the card
then sees values without saying what they are. `CaptionedEdit` draws its name, small and grey, at the
right end inside the field once it holds text (the text keeps clear of it); empty, the placeholder
names it as before. The height never changes, so nothing moves when the first character is typed.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QLineEdit, QWidget

from kiosk.ui import theme

CAPTION_SCALE = 0.6   # of the field's font size
GAP = 10              # px between the typed text and the caption, and the caption and the frame


class CaptionedEdit(QLineEdit):
    """A QLineEdit with `caption` (its name in the language shown) drawn inside it while filled."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._caption = ""
        self.textChanged.connect(self._place_caption)

    def caption(self) -> str:
        return self._caption

    def set_caption(self, words: str) -> None:
        self._caption = words
        self._place_caption()

    def caption_font(self) -> QFont:
        font = QFont(self.font())
        size = font.pointSizeF() if font.pointSizeF() > 0 else font.pixelSize() * 0.75
        font.setPointSizeF(max(7.0, size * CAPTION_SCALE))
        return font

    def caption_width(self) -> int:
        if not self._caption or not self.text():
            return 0
        return QFontMetrics(self.caption_font()).horizontalAdvance(self._caption) + 2 * GAP

    def _place_caption(self, *_args) -> None:
        """The typed text keeps clear of the caption (a right text margin as wide as it)."""
        width = self.caption_width()
        if width > self.width() // 2:   # a narrow field: the caption would crowd out the text
            width = 0
        margins = self.textMargins()
        if margins.right() != width:
            self.setTextMargins(margins.left(), margins.top(), width, margins.bottom())
        self.update()

    # the caption's room is taken from the field, never added to it: a filled field asks its layout
    # for no more width than an empty one (its neighbours in a grid keep theirs)
    def sizeHint(self):  # noqa: N802 (Qt name)
        hint = super().sizeHint()
        hint.setWidth(hint.width() - self.textMargins().right())
        return hint

    def minimumSizeHint(self):  # noqa: N802 (Qt name)
        hint = super().minimumSizeHint()
        hint.setWidth(hint.width() - self.textMargins().right())
        return hint

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        self._place_caption()

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().paintEvent(event)
        width = self.textMargins().right()
        if not width or not self.text():
            return
        painter = QPainter(self)
        painter.setFont(self.caption_font())
        painter.setPen(QColor(theme.PLACEHOLDER))
        box = QRect(self.width() - width, 0, width - GAP, self.height())
        painter.drawText(box, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), self._caption)
        painter.end()
