"""Where things are on the front of a My Number card, in tenths of a millimetre of the ID-1 card
(85.6 × 54.0 mm → 856 × 540 units), shared by the reader (its fixed crops) and the synthetic card maker.

The front (public descriptions of the card: municipal pages, mynumber-card.md [P12]) has the name
and the address at the top left, the birth date (Japanese era for Japanese nationals, Gregorian for
foreign residents) with 生 and the sex below them, the card's expiry in the Gregorian calendar
(「2035年 2月17日まで有効」) under that, the electronic-certificate expiry box and the sign panel at the
bottom, the photo at the right, and under the photo the 16-digit serial (製造番号) with the 4-digit
security code (セキュリティコード) below it. The positions here are measured against that
description, not against a J-LIS drawing (none is public): the reader's crops carry margins for it.
"""

from __future__ import annotations

from dataclasses import dataclass

CARD_W, CARD_H = 856, 540  # 0.1 mm units; also the pixel size of a rectified card image


@dataclass(frozen=True)
class Box:
    """A rectangle on the card: left, top, width, height in 0.1 mm."""

    x: int
    y: int
    w: int
    h: int

    def scaled(self, width: int, height: int) -> tuple[int, int, int, int]:
        """(x0, y0, x1, y1) in the pixels of a card image `width` × `height`."""
        sx, sy = width / CARD_W, height / CARD_H
        return (round(self.x * sx), round(self.y * sy), round((self.x + self.w) * sx),
                round((self.y + self.h) * sy))


# Where each printed item starts (its text's top-left) and its nominal text height.
@dataclass(frozen=True)
class PrintedItem:
    x: int
    y: int
    size: int


TITLE = PrintedItem(30, 20, 26)
NAME_LABEL, NAME = PrintedItem(30, 82, 18), PrintedItem(92, 70, 40)
ADDRESS_LABEL, ADDRESS = PrintedItem(30, 146, 18), PrintedItem(92, 140, 26)
BIRTH = PrintedItem(92, 246, 30)
SEX = PrintedItem(420, 246, 30)
EXPIRY_BAND = Box(24, 300, 440, 52)
EXPIRY = PrintedItem(92, 311, 30)
CERT_BOX = Box(24, 372, 250, 140)
SIGN_PANEL = Box(290, 372, 260, 140)
PHOTO = Box(604, 52, 224, 280)
SERIAL = PrintedItem(590, 350, 20)
SECURITY_CODE = PrintedItem(722, 390, 28)

# The reader's fixed crops: each printed line with margins for print drift and a rectification that is
# a few units off. The birth crop stops before the sex; the expiry crop ends after the date (before
# まで有効, which adds nothing); the code crop lies below the serial.
BIRTH_CROP = Box(70, 228, 345, 66)
EXPIRY_CROP = Box(70, 296, 262, 62)
SECURITY_CODE_CROP = Box(690, 380, 150, 56)
CROPS = {"birth_date": BIRTH_CROP, "expiry_year": EXPIRY_CROP, "security_code": SECURITY_CODE_CROP}
