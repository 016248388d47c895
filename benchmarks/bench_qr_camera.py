"""A pre-registration code read by the camera: how long the kiosk takes from a camera frame to the
code's text, beside reading the clean picture of the same code, measured the same way in the same run.

The code is a family of five's (tests/sync/prereg_data.py, rare kanji) sealed to a site's key, drawn as
the resident's page draws it (black modules on white, a quiet zone, 6 px a module; OpenCV's encoder at
level M). The camera's frames are the synthetic phone of `KAZASU_CAMERA=qr:FILE`
(kiosk.cards.qr_frames: 1280 × 720, the code scaled, turned, in perspective, unevenly lit, blurred,
noisy and JPEG-compressed, each frame anew). Each frame goes through the kiosk's own path: a QImage as
the camera gives it, converted to BGR (kiosk.ui.camera.to_bgr), read on the `kazasu-qr` thread
(kiosk.ui.qr_camera) by `read_qr_frame`; the time is from handing the frame on to the texts back, and
a frame counts as read when the text is exactly the code's. Baseline: the clean picture, the same way.
Usage: .venv/bin/python benchmarks/bench_qr_camera.py [--frames N] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import cv2  # noqa: E402
import numpy as np  # noqa: E402

from kiosk.cards.qr_frames import code_frames  # noqa: E402
from kiosk.ui.camera import to_bgr, to_qimage  # noqa: E402
from kiosk.ui.qr_camera import _reader  # noqa: E402
from sync.prereg.codes import SiteKeys, make_codes  # noqa: E402
from tests.sync.prereg_data import family  # noqa: E402

SITE = "bench-site"


def code_picture(text: str, module: int = 6, quiet: int = 4) -> np.ndarray:
    params = cv2.QRCodeEncoder_Params()
    params.correction_level = cv2.QRCodeEncoder_CORRECT_LEVEL_M
    matrix = cv2.QRCodeEncoder.create(params).encode(text)
    big = cv2.resize(matrix, None, fx=module, fy=module, interpolation=cv2.INTER_NEAREST)
    edge = quiet * module
    return cv2.cvtColor(cv2.copyMakeBorder(big, edge, edge, edge, edge, cv2.BORDER_CONSTANT, value=255),
                        cv2.COLOR_GRAY2BGR)


def read(frame: np.ndarray, text: str) -> tuple[float, bool]:
    """One frame through the kiosk's path: QImage → BGR → the kazasu-qr thread; (seconds, read right)."""
    image = to_qimage(frame)
    start = time.perf_counter()
    texts = _reader.submit(to_bgr(image)).result()
    return time.perf_counter() - start, texts == [text]


def summary(times: list[float], read_ok: int) -> dict:
    ordered = sorted(times)
    return {"frames": len(times), "read": read_ok, "median_ms": round(statistics.median(ordered) * 1000, 1),
            "p95_ms": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] * 1000, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=120)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    keys = SiteKeys.from_service_key(SITE, os.urandom(32))
    [text] = make_codes(family(), keys.public, keys.site)
    picture = code_picture(text)
    with tempfile.TemporaryDirectory() as folder:   # the synthetic phone's picture, as a file
        path = Path(folder) / "code.png"
        cv2.imwrite(str(path), picture)
        frames = code_frames([path], seed=2026)
        next(frames)   # the picture is loaded: the file may go
    read(picture, text)   # OpenCV's first call loads its detectors: not in either figure
    camera_t, camera_ok, clean_t, clean_ok = [], 0, [], 0
    for _ in range(args.frames):   # interleaved: the box's load falls on both alike
        seconds, ok = read(next(frames), text)
        camera_t.append(seconds)
        camera_ok += ok
        seconds, ok = read(picture, text)
        clean_t.append(seconds)
        clean_ok += ok
    out = {"code_digits": len(text), "picture_px": list(picture.shape[:2]),
           "camera": summary(camera_t, camera_ok), "clean": summary(clean_t, clean_ok)}
    if args.json:
        print(json.dumps(out))
        return
    c, b = out["camera"], out["clean"]
    print(f"a family of five's code ({len(text)} characters) read on the kazasu-qr thread, {args.frames} frames")
    print(f"  camera frame (1280×720, turned, blurred, noisy, JPEG): median {c['median_ms']} ms,"
          f" p95 {c['p95_ms']} ms, read {c['read']}/{c['frames']}")
    print(f"  baseline, the clean picture ({picture.shape[1]}×{picture.shape[0]}):"
          f" median {b['median_ms']} ms, p95 {b['p95_ms']} ms, read {b['read']}/{b['frames']}")


if __name__ == "__main__":
    main()
