"""`kazasu card face PHOTO`: the three parts of 照合番号B read from a photo of a card front.

Prints `birth_date` (value YYMMDD as printed, with its `era` and `date`), `expiry_year` and
`security_code`, each with a `confidence` (0–1), and `needs_confirmation` (the parts to check first).
The photo is read into memory, decoded and dropped after the read: nothing is written, kept or logged
(the log has only the time taken and how many parts were read). `--engine tesseract` reads with
Tesseract instead of RapidOCR (for comparison; see docs/devices.md).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

MAX_PHOTO_BYTES = 40 * 1024 * 1024


def add_parser(card_sub: Any, common: argparse.ArgumentParser, wrap) -> None:
    face = card_sub.add_parser("face", parents=[common], help="read 照合番号B's parts (birth date, expiry "
                               "year, security code) from a photo of the card front")
    face.add_argument("photo", help="JPEG or PNG of the card front (the card filling most of the picture)")
    face.add_argument("--engine", choices=("rapidocr", "tesseract"), default="rapidocr",
                      help="text recogniser (default: rapidocr, whose models ship inside its package)")
    face.set_defaults(handler=wrap(cmd_card_face))


def _photo_bytes(path: str) -> bytes:
    # lazy: kiosk.cards.face (the package) loads OpenCV and numpy; only this command needs them
    from kiosk.cards.face.errors import FacePhotoError

    try:
        file = Path(path)
        if file.stat().st_size > MAX_PHOTO_BYTES:
            raise FacePhotoError()
        return file.read_bytes()
    except OSError:
        raise FacePhotoError("The photo file could not be read. Check the path, or type the 照合番号B digits "
                             "instead.", message_ja="写真のファイルを読めませんでした。場所を確かめるか、"
                             "照合番号Bを手で入力してください。") from None


def cmd_card_face(args: argparse.Namespace) -> dict[str, Any]:
    # lazy: OpenCV and onnxruntime load only for this command
    from kiosk.cards.face import CardFaceReader, CardFrame
    from kiosk.cards.face.engines import engine

    frame = CardFrame.from_bytes(_photo_bytes(args.photo))
    reading = CardFaceReader(engine(args.engine)).read(frame)
    del frame
    return reading.to_dict()
