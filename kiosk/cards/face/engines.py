"""Text-line recognisers for the card-face reader: one crop in, (text, confidence 0–1) out.

* `RapidOcrLines` (the default): RapidOCR's PP-OCRv4 recognition model on onnxruntime, from the
  rapidocr-onnxruntime wheel, whose models are inside the package (nothing is downloaded, ever). Only
  the recogniser runs: the reader already knows where each line is, so detection and the angle
  classifier are switched off.
* `TesseractLines`: Debian's tesseract with its Japanese model (tesseract-ocr-jpn), one process per
  line, the crop handed over on stdin (no file is written); kept for the benchmark's comparison.
Both are created lazily and are safe to reuse from one thread.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
from typing import Protocol

import cv2
import numpy as np

from kiosk.cards.face.errors import OcrEngineError

logger = logging.getLogger(__name__)

TESSERACT_TIMEOUT_S = 10


class LineRecognizer(Protocol):
    name: str

    def recognize(self, line: np.ndarray) -> tuple[str, float]: ...


class RapidOcrLines:
    """RapidOCR's recogniser alone (PP-OCRv4, Chinese/Japanese kanji, digits), on onnxruntime."""

    name = "rapidocr"

    def __init__(self, threads: int = 1) -> None:
        self.threads = threads
        self._engine = None

    def _load(self):
        if self._engine is None:
            try:
                from rapidocr_onnxruntime import RapidOCR  # the onnxruntime session is costly: only when used
            except ImportError:
                raise OcrEngineError(self.name) from None
            self._engine = RapidOCR(text_score=0.0, intra_op_num_threads=self.threads,
                                    inter_op_num_threads=1)
        return self._engine

    def recognize(self, line: np.ndarray) -> tuple[str, float]:
        result, _ = self._load()(line, use_det=False, use_cls=False, use_rec=True)
        if not result:
            return "", 0.0
        text, score = result[0][0], float(result[0][1])
        return text, max(0.0, min(1.0, score))


class TesseractLines:
    """Tesseract 5 (LSTM) with the jpn model, one line per call (page segmentation mode 7)."""

    name = "tesseract"

    def __init__(self, language: str = "jpn") -> None:
        self.language = language
        self.binary = shutil.which("tesseract")

    def recognize(self, line: np.ndarray) -> tuple[str, float]:
        if self.binary is None:
            raise OcrEngineError(self.name)
        ok, png = cv2.imencode(".png", line)
        if not ok:
            return "", 0.0
        done = subprocess.run([self.binary, "stdin", "stdout", "-l", self.language, "--psm", "7", "tsv"],
                              input=png.tobytes(), capture_output=True, timeout=TESSERACT_TIMEOUT_S)
        if done.returncode != 0:
            logger.warning("tesseract failed (exit %d)", done.returncode)
            return "", 0.0
        words, confidences = [], []
        for row in done.stdout.decode("utf-8", "replace").splitlines()[1:]:
            cells = row.split("\t")
            if len(cells) == 12 and cells[11].strip() and float(cells[10]) >= 0:
                words.append(cells[11].strip())
                confidences.append(float(cells[10]) / 100)
        if not words:
            return "", 0.0
        return "".join(words), float(min(confidences))


def engine(name: str = "rapidocr") -> LineRecognizer:
    """The recogniser called `name` ("rapidocr" or "tesseract")."""
    if name == "rapidocr":
        return RapidOcrLines()
    if name == "tesseract":
        return TesseractLines()
    raise ValueError(f"unknown OCR engine {name!r}")
