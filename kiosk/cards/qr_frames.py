"""A camera's view of a pre-registration code, without Qt: the synthetic camera of the code pages.

`photograph_code(code, rng)` puts a picture of a code (a screenshot of the resident's page, BGR uint8)
where a camera would see it: smaller or larger in the frame, turned, a little in perspective, unevenly
lit, blurred, noisy and JPEG-compressed, on a textured background. `code_frames(paths)` is an endless
camera of those pictures (`KAZASU_CAMERA=qr:A.png,B.png`, kiosk.ui.camera): each frame a new
photograph, the pictures in turn (a code in numbered parts shows each part), after `empty` frames of the
bare background. Nothing is written to disk.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Iterable, Iterator

import cv2
import numpy as np

from kiosk.cards.camera_sim import background as camera_background
from kiosk.cards.camera_sim import blur_noise_jpeg, place

SIZE = (1280, 720)
BACKDROP = (40, 150)  # the darkest and lightest surface behind a phone


class CodePictureError(ValueError):
    """A picture the synthetic camera was given cannot be opened."""


def load_picture(path: Path | str) -> np.ndarray:
    image = cv2.imread(str(path), cv2.IMREAD_COLOR)
    if image is None or image.size == 0:
        raise CodePictureError(str(path))
    return image


def photograph_code(code: np.ndarray, rng: random.Random, out_size: tuple[int, int] = SIZE,
                    strength: float = 1.0) -> np.ndarray:
    """A camera's view of `code` (BGR uint8): scale, turn, perspective, light, blur, noise and JPEG.
    `strength` scales every distortion (0 = the picture upright in the middle of a plain frame)."""
    W, H = out_size
    picture = code.astype(np.float32)
    ch, cw = picture.shape[:2]
    side = H * rng.uniform(0.7, 0.95)   # the picture's longer side, as the resident holds the phone
    scale = side / max(ch, cw)
    width, height = cw * scale, ch * scale
    angle = np.deg2rad(rng.uniform(-15, 15) * strength)
    cx = W / 2 + rng.uniform(-0.1, 0.1) * W * strength
    cy = H / 2 + rng.uniform(-0.03, 0.03) * H * strength
    image, _, _ = place(picture, rng, out_size, width, height, angle, (cx, cy), 0.015 * width * strength,
                        BACKDROP)
    gy, gx = np.mgrid[0:H, 0:W].astype(np.float32)
    light = 1 + strength * (0.3 * (gx / W - 0.5) * rng.uniform(-1, 1) + 0.3 * (gy / H - 0.5) * rng.uniform(-1, 1))
    image *= light[..., None] * rng.uniform(1 - 0.2 * strength, 1 + 0.05 * strength)
    return blur_noise_jpeg(image, rng, strength, blur=1.4, noise=8, jpeg_loss=40)


def code_frames(paths: Iterable[Path | str], seed: int = 0, size: tuple[int, int] = SIZE,
                strength: float = 1.0, empty: int = 0) -> Iterator[np.ndarray]:
    """An endless camera (BGR frames) of the pictures at `paths`, in turn, each frame photographed anew,
    after `empty` frames of the bare background (the phone not yet held up)."""
    pictures = [load_picture(p) for p in paths]
    if not pictures:
        raise CodePictureError("no picture")
    rng = random.Random(seed)
    background = np.clip(camera_background(rng, size[0], size[1], *BACKDROP), 0, 255).astype(np.uint8)
    for _ in range(empty):
        yield background.copy()
    n = 0
    while True:
        yield photograph_code(pictures[n % len(pictures)], rng, out_size=size, strength=strength)
        n += 1
