"""The card-face reader: a CardFrame in, the three parts of 照合番号B out, each with a confidence.

`CardFaceReader(recognizer).read(frame)` straightens the card (frame.card_image()), cuts the fixed crops
of `layout.CROPS`, recognises each as one text line and parses it (`fields`). A crop whose text does not
parse is tried once more, contrast-stretched in grey and drawn wider (`second_look`). The reading
holds only the digits and their confidences: the image and the recognised text are dropped when `read`
returns, and nothing of them is logged. `FaceReading.needs_confirmation` lists the parts missing or read
below CONFIDENT, which a screen asks the resident to check first (every part is shown for confirmation).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any, Callable

import cv2
import numpy as np

from kiosk.cards.face import fields
from kiosk.cards.face import layout as L
from kiosk.cards.face.engines import LineRecognizer, RapidOcrLines
from kiosk.cards.face.fields import FieldReading
from kiosk.cards.face.frame import CardFrame

logger = logging.getLogger(__name__)

CONFIDENT = 0.9
WIDEN = 1.6
PARTS = ("birth_date", "expiry_year", "security_code")
PARSERS: dict[str, Callable[[str, float], FieldReading]] = {
    "birth_date": fields.parse_birth, "expiry_year": fields.parse_expiry,
    "security_code": fields.parse_security_code}


@dataclass
class FaceReading:
    birth_date: FieldReading
    expiry_year: FieldReading
    security_code: FieldReading
    seconds: float

    def parts(self) -> dict[str, FieldReading]:
        return {name: getattr(self, name) for name in PARTS}

    @property
    def complete(self) -> bool:
        return all(part.value is not None for part in self.parts().values())

    @property
    def needs_confirmation(self) -> list[str]:
        """The parts to check first: missing, or read with a confidence below CONFIDENT."""
        return [n for n, p in self.parts().items() if p.value is None or p.confidence < CONFIDENT]

    def code_b(self) -> str | None:
        """The 14 digits (birth YYMMDD + expiry year + security code) when every part was read."""
        if not self.complete:
            return None
        return self.birth_date.value + self.expiry_year.value + self.security_code.value

    def to_dict(self) -> dict[str, Any]:
        return {**{n: p.to_dict() for n, p in self.parts().items()},
                "needs_confirmation": self.needs_confirmation}


def second_look(crop: np.ndarray) -> np.ndarray:
    """The second try for a crop: grey, contrast-stretched (CLAHE, against glare and dim light) and drawn
    1.6 × wider, which gives the recogniser more steps per character (two equal digits in a row, such
    as the 11 of 6111, are otherwise merged into one)."""
    gray = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY)
    gray = cv2.createCLAHE(clipLimit=3.0, tileGridSize=(2, 8)).apply(gray)
    wide = cv2.resize(gray, None, fx=WIDEN, fy=1.0, interpolation=cv2.INTER_CUBIC)
    return cv2.cvtColor(wide, cv2.COLOR_GRAY2BGR)


class CardFaceReader:
    """Reads the card front with one line recogniser (RapidOCR's by default); reuse it across frames."""

    def __init__(self, recognizer: LineRecognizer | None = None) -> None:
        self.recognizer = recognizer or RapidOcrLines()

    def read_crop(self, part: str, crop: np.ndarray) -> FieldReading:
        parse = PARSERS[part]
        best = FieldReading(None, 0.0)
        for attempt in (crop, second_look(crop)):
            text, score = self.recognizer.recognize(attempt)
            reading = parse(text, score)
            if reading.value is not None and reading.confidence >= CONFIDENT:
                return reading
            if reading.confidence > best.confidence:
                best = reading
        return best

    def read(self, frame: CardFrame) -> FaceReading:
        started = time.perf_counter()
        card = frame.card_image()
        parts = {}
        for part in PARTS:
            x0, y0, x1, y1 = L.CROPS[part].scaled(card.shape[1], card.shape[0])
            parts[part] = self.read_crop(part, card[y0:y1, x0:x1])
        fields.cross_check(parts["birth_date"], parts["expiry_year"])
        reading = FaceReading(**parts, seconds=time.perf_counter() - started)
        logger.info("card face read in %.0f ms with %s: %d of 3 parts, %d to confirm first",
                    reading.seconds * 1000, self.recognizer.name,
                    sum(p.value is not None for p in parts.values()), len(reading.needs_confirmation))
        return reading
