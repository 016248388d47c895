"""A camera's live picture with a guide frame: the picture scaled to fit (16:9 until the first frame),
the outside of the guide dimmed and the guide drawn in yellow with rounded corners.

`GuideView` is shared by the camera pages (kiosk.ui.code_b_camera: a card-shaped frame;
kiosk.ui.qr_camera: a square); a page's view gives its object name, minimum size and dimming, and
`guide_rect(width, height)`, the guide inside a picture of that size. The view keeps only the frame it
shows; `set_image(None)` forgets it.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.messages import text

BACKGROUND = QColor("#1a1a1a")
GUIDE_COLOUR = QColor("#FFD43D")
GUIDE_PEN = 6
CORNER = 12


class GuideView(QWidget):
    """The live picture, scaled to fit, the outside of the guide frame dimmed and the frame drawn."""

    DIM = 120   # the alpha of the black over the outside of the guide

    def __init__(self, name: str, minimum: tuple[int, int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        pair = text("codeb.camera_view")
        self.setAccessibleName(f"{pair.ja} / {pair.en}")
        self.setMinimumSize(*minimum)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.image: QImage | None = None

    def set_image(self, image: QImage | None) -> None:
        self.image = image
        self.update()

    def guide_rect(self, width: float, height: float) -> QRectF:
        raise NotImplementedError

    def picture_rect(self) -> QRectF:
        """Where the picture stands: scaled to fit, centred (16:9 while there is no frame)."""
        if self.image is None or self.image.isNull():
            w, h = 16, 9
        else:
            w, h = self.image.width(), self.image.height()
        scale = min(self.width() / w, self.height() / h)
        return QRectF((self.width() - w * scale) / 2, (self.height() - h * scale) / 2, w * scale, h * scale)

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.fillRect(self.rect(), BACKGROUND)
        area = self.picture_rect()
        if self.image is not None and not self.image.isNull():
            painter.drawImage(area, self.image)
        guide = self.guide_rect(area.width(), area.height()).translated(area.topLeft())
        outside = QPainterPath()
        outside.addRect(area)
        inside = QPainterPath()
        inside.addRoundedRect(guide, CORNER, CORNER)
        painter.fillPath(outside.subtracted(inside), QColor(0, 0, 0, self.DIM))
        painter.setPen(QPen(GUIDE_COLOUR, GUIDE_PEN))
        painter.drawRoundedRect(guide, CORNER, CORNER)
        painter.end()
