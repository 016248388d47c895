"""Errors a person can meet when the card face is read from a photo: each has a `code`, `message_ja`,
`message_en` (what happened, what to do) and `details()`. None carries what the photo shows."""

from __future__ import annotations

from typing import Any

from kiosk.errors import KioskError


class FaceReadError(KioskError):
    code = "card_face_error"
    message_ja = "券面を読み取れませんでした。照合番号Bを手で入力してください。"
    message_en = "The card face could not be read. Please type the 照合番号B digits instead."

    def __init__(self, message_en: str | None = None, *, message_ja: str | None = None) -> None:
        if message_en is not None:
            self.message_en = message_en
        if message_ja is not None:
            self.message_ja = message_ja
        super().__init__(self.message_ja, self.message_en)

    def details(self) -> dict[str, Any]:
        return {}


class FacePhotoError(FaceReadError):
    code = "photo_unreadable"
    message_ja = ("写真を開けませんでした。カードの表面を写した JPEG か PNG の画像を指定してください。"
                  "照合番号Bを手で入力することもできます。")
    message_en = ("The photo could not be opened. Give a JPEG or PNG picture of the card front, or type the "
                  "照合番号B digits instead.")


class OcrEngineError(FaceReadError):
    code = "ocr_engine_missing"
    message_ja = ("文字認識の部品が入っていません。係員は scripts/setup.sh を実行してください。"
                  "それまでは照合番号Bを手で入力してください。")
    message_en = ("The text-recognition engine is not installed. Staff: run scripts/setup.sh. Until then, type the "
                  "照合番号B digits.")

    def __init__(self, engine: str) -> None:
        self.engine = engine
        super().__init__()

    def details(self) -> dict[str, Any]:
        return {"engine": self.engine}
