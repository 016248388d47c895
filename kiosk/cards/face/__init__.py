"""照合番号B from a picture of the card front, without Qt: `CardFrame` (what a photo file, a camera or the
synthetic card maker hands over), `CardFaceReader` (fixed crops → OCR → the three parts, each with a
confidence), `layout` (where things are on the card) and `synthetic` (fictitious card fronts for tests
and benchmarks). See docs/devices.md, "Card face"."""

from kiosk.cards.face.frame import CardFrame
from kiosk.cards.face.reader import CardFaceReader, FaceReading

__all__ = ["CardFrame", "CardFaceReader", "FaceReading"]
