"""What a camera does to a flat picture, without Qt: the shared steps of the synthetic cameras.

The card-face camera (kiosk.cards.face.synthetic) and the pre-registration code camera
(kiosk.cards.qr_frames) both lay a flat picture into a frame as a hand-held camera would see it:
- `background(rng, w, h, darkest, lightest)`: a textured, unevenly lit surface behind it;
- `place(picture, rng, out_size, width, height, angle, centre, jitter)`: the picture scaled to
  `width` × `height`, turned by `angle` (radians) about `centre`, each corner moved by up to `jitter`
  pixels (perspective), on a background; answers the frame (float32), the corners where the picture
  landed and the mask of the picture;
- `blur_noise_jpeg(image, rng, strength, blur, noise, jpeg_loss)`: focus, sensor noise and compression.
Every random draw comes from `rng` in a fixed order, so a seed always gives the same frames.
"""

from __future__ import annotations

import random

import cv2
import numpy as np


def background(rng: random.Random, w: int, h: int, darkest: int, lightest: int) -> np.ndarray:
    base = np.array([rng.randint(darkest, lightest) for _ in range(3)], dtype=np.float32)
    gy, gx = np.mgrid[0:h, 0:w].astype(np.float32)
    ramp = 0.7 + 0.5 * (gx / w * rng.uniform(-1, 1) + gy / h * rng.uniform(-1, 1))
    texture = cv2.GaussianBlur(np.random.default_rng(rng.randrange(2**32)).normal(0, 12, (h, w)).astype(np.float32),
                               (0, 0), 3)
    return np.clip(base[None, None, :] * ramp[..., None] + texture[..., None], 0, 255)


def place(picture: np.ndarray, rng: random.Random, out_size: tuple[int, int], width: float, height: float,
          angle: float, centre: tuple[float, float], jitter: float,
          backdrop: tuple[int, int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(frame, corners, mask): `picture` (float32 BGR) laid into a frame of `out_size` on a background
    whose colour lies between `backdrop`'s darkest and lightest values."""
    W, H = out_size
    ch, cw = picture.shape[:2]
    corners = np.array([[-width / 2, -height / 2], [width / 2, -height / 2], [width / 2, height / 2],
                        [-width / 2, height / 2]], dtype=np.float32)
    corners += np.array([[rng.uniform(-1, 1), rng.uniform(-1, 1)] for _ in range(4)], dtype=np.float32) * jitter
    rot = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]], dtype=np.float32)
    dst = corners @ rot.T + np.array(centre, dtype=np.float32)
    src = np.array([[0, 0], [cw, 0], [cw, ch], [0, ch]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(src, dst.astype(np.float32))
    warped = cv2.warpPerspective(picture, matrix, (W, H), flags=cv2.INTER_AREA)
    mask = cv2.warpPerspective(np.ones((ch, cw), np.float32), matrix, (W, H), flags=cv2.INTER_LINEAR)[..., None]
    frame = warped * mask + background(rng, W, H, *backdrop) * (1 - mask)
    return frame, dst, mask


def blur_noise_jpeg(image: np.ndarray, rng: random.Random, strength: float, blur: float, noise: float,
                    jpeg_loss: float) -> np.ndarray:
    """The frame as the camera hands it over (BGR uint8): a blur of up to `blur` σ, noise of up to
    `noise` levels, JPEG quality down to 95 − `jpeg_loss`; each scaled by `strength`."""
    sigma = rng.uniform(0, blur) * strength
    if sigma > 0.2:
        image = cv2.GaussianBlur(image, (0, 0), sigma)
    grain = np.random.default_rng(rng.randrange(2**32)).normal(0, rng.uniform(0, noise) * strength, image.shape)
    image = np.clip(image + grain, 0, 255).astype(np.uint8)
    quality = int(95 - rng.uniform(0, jpeg_loss) * strength)
    ok, jpeg = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality])
    return cv2.imdecode(jpeg, cv2.IMREAD_COLOR) if ok else image
