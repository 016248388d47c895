"""One picture of a card front, as a photo file, a camera or the synthetic card maker hands it over.

`CardFrame(image)` holds a BGR uint8 array (OpenCV's order) and, when its source knows it, where the
card is: `rectified=True` when the image already is the card edge to edge (a camera that crops to its
guide frame), or `corners` (four points, clockwise from the top left) when the source knows them. With
neither, `card_image()` looks for the card: the largest four-cornered outline that is a sizeable part
of the picture; if there is none, the whole picture is taken as the card (the guide-frame case).
`card_image()` returns the card straightened to layout.CARD_W × CARD_H pixels (0.1 mm each).
`CardFrame.from_bytes` decodes an image file's bytes in memory. A frame lives only as long as the read.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from kiosk.cards.face import layout as L
from kiosk.cards.face.errors import FacePhotoError

SEARCH_WIDTH = 640  # the outline search runs on a copy this wide
MIN_AREA = 0.12  # the card covers at least this share of the picture
CARD_RATIO = L.CARD_W / L.CARD_H


@dataclass
class CardFrame:
    image: np.ndarray
    rectified: bool = False
    corners: np.ndarray | None = None

    @classmethod
    def from_bytes(cls, data: bytes) -> "CardFrame":
        """Decode a JPEG/PNG/... file's bytes; anything else is a FacePhotoError."""
        image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR) if data else None
        if image is None or image.size == 0:
            raise FacePhotoError()
        return cls(image)

    def card_image(self) -> np.ndarray:
        """The card, straightened, CARD_W × CARD_H (BGR)."""
        if self.rectified:
            return cv2.resize(self.image, (L.CARD_W, L.CARD_H), interpolation=cv2.INTER_AREA)
        corners = self.corners if self.corners is not None else locate_card(self.image)
        if corners is None:
            return cv2.resize(self.image, (L.CARD_W, L.CARD_H), interpolation=cv2.INTER_AREA)
        target = np.array([[0, 0], [L.CARD_W, 0], [L.CARD_W, L.CARD_H], [0, L.CARD_H]], dtype=np.float32)
        matrix = cv2.getPerspectiveTransform(np.asarray(corners, dtype=np.float32), target)
        return cv2.warpPerspective(self.image, matrix, (L.CARD_W, L.CARD_H), flags=cv2.INTER_LINEAR)


def order_corners(points: np.ndarray) -> np.ndarray:
    """Four points → top-left, top-right, bottom-right, bottom-left."""
    pts = np.asarray(points, dtype=np.float32).reshape(4, 2)
    s, d = pts.sum(axis=1), np.diff(pts, axis=1).ravel()
    return np.array([pts[np.argmin(s)], pts[np.argmin(d)], pts[np.argmax(s)], pts[np.argmax(d)]], dtype=np.float32)


def _plausible(quad: np.ndarray, area: float) -> bool:
    top = np.linalg.norm(quad[1] - quad[0]) + np.linalg.norm(quad[2] - quad[3])
    side = np.linalg.norm(quad[3] - quad[0]) + np.linalg.norm(quad[2] - quad[1])
    return side > 0 and 1.2 < top / side < 2.1 and area > 0 and cv2.isContourConvex(quad.astype(np.int32))


def locate_card(image: np.ndarray) -> np.ndarray | None:
    """The card's four corners in `image` (pixels), or None when no card-shaped outline is found."""
    h, w = image.shape[:2]
    scale = SEARCH_WIDTH / w if w > SEARCH_WIDTH else 1.0
    small = image
    if scale < 1:
        small = cv2.resize(image, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_AREA)
    gray = cv2.GaussianBlur(cv2.cvtColor(small, cv2.COLOR_BGR2GRAY), (5, 5), 0)
    min_area = MIN_AREA * gray.shape[0] * gray.shape[1]
    candidates = []
    edges = cv2.dilate(cv2.Canny(gray, 40, 120), np.ones((3, 3), np.uint8))
    _, bright = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    for mask in (edges, bright):
        contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        for contour in sorted(contours, key=cv2.contourArea, reverse=True)[:5]:
            area = cv2.contourArea(contour)
            if area < min_area:
                break
            approx = cv2.approxPolyDP(contour, 0.02 * cv2.arcLength(contour, True), True)
            quad = order_corners(approx) if len(approx) == 4 else order_corners(cv2.boxPoints(cv2.minAreaRect(contour)))
            if _plausible(quad, area):
                candidates.append((len(approx) == 4, area, quad))
    if not candidates:
        return None
    candidates.sort(key=lambda c: (c[0], c[1]), reverse=True)  # a true quadrilateral first, then the largest
    return candidates[0][2] / scale
