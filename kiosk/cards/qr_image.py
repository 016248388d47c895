"""QR codes in a picture (a camera frame, a photo, a screenshot of the resident's page), without Qt.

`read_qr_texts(image)` gives the text of every QR code OpenCV's decoder finds in a BGR uint8 array
(what `kiosk.cards.face` gets from a camera too) or in an image file's bytes; `[]` when there is none.
OpenCV's classic finder first, then its ArUco-based one (it finds a code turned, blurred or unevenly
lit in a camera's frame that the first one misses). `read_qr_frame(frame)` is the camera's (one code a
frame, kiosk.ui.qr_camera): the ArUco-based finder first, then the classic one.
What it returns goes to the same reader as a keyboard-wedge scan (`kiosk.ui.qr_scan.QrScanPage.take`,
`sync.prereg.codes.read_codes`), so a code is checked the same whichever way it came in.
"""

from __future__ import annotations

import cv2
import numpy as np

from kiosk.errors import KioskError


class QrImageError(KioskError):
    code = "qr_image_unreadable"
    message_ja = "画像を開けませんでした。コードを写した JPEG か PNG の画像を指定してください。"
    message_en = "The picture could not be opened. Give a JPEG or PNG picture of the code."


class NoQrError(KioskError):
    code = "qr_image_no_code"
    message_ja = ("画像の中にコードが見つかりませんでした。コード全体がはっきり写るように撮り直すか、"
                  "読み取り機を使ってください。")
    message_en = ("No code was found in the picture. Take it again with the whole code sharp, or use the "
                  "code reader.")


def read_qr_texts(image: np.ndarray | bytes) -> list[str]:
    if isinstance(image, (bytes, bytearray)):
        image = cv2.imdecode(np.frombuffer(bytes(image), np.uint8), cv2.IMREAD_COLOR) if image else None
        if image is None or image.size == 0:
            raise QrImageError()
    detector = cv2.QRCodeDetector()
    found, texts, _points, _straight = detector.detectAndDecodeMulti(image)
    texts = [t for t in (texts if found else ()) if t]
    if not texts:  # one code that the many-code search missed
        text, _points, _straight = detector.detectAndDecode(image)
        texts = [text] if text else []
    if not texts:  # a camera's view (turned, blurred, unevenly lit): the ArUco-based finder sees more
        text, _points, _straight = _aruco().detectAndDecode(image)
        texts = [text] if text else []
    return texts


def read_qr_frame(frame: np.ndarray) -> list[str]:
    """The code in one camera frame (BGR uint8): a phone shows one code at a time, so one code is
    looked for, by the ArUco-based finder first (faster on a camera's view, and it finds more), then the
    classic one; `[]` when neither reads one."""
    text, _points, _straight = _aruco().detectAndDecode(frame)
    if not text:
        text, _points, _straight = cv2.QRCodeDetector().detectAndDecode(frame)
    return [text] if text else []


def _aruco():
    global _ARUCO
    if _ARUCO is None:
        _ARUCO = cv2.QRCodeDetectorAruco()
    return _ARUCO


_ARUCO = None
