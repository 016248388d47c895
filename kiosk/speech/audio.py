"""Sound as the voices make it and the players take it: 16-bit mono samples and their rate.

`Audio(samples, rate)`; `Audio.from_wav(bytes)` and `to_wav()` (RIFF/WAVE, PCM 16-bit), `join(parts)`
with a short pause between sentences, `rms()` and `audible()` (loud enough to be heard: not silence).
"""

from __future__ import annotations

import io
import wave
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

AUDIBLE_RMS = 200.0   # of 32767: quieter than this is silence (a voice is thousands)
PAUSE_S = 0.25


@dataclass(frozen=True)
class Audio:
    samples: np.ndarray   # int16, mono
    rate: int

    @classmethod
    def from_float(cls, samples: np.ndarray, rate: int) -> "Audio":
        """Samples already on the int16 scale as floats (what pyopenjtalk gives)."""
        # lazy: numpy (about 0.1 s and 15 MB) loads with the first sound, not at the kiosk's start
        import numpy as np

        return cls(np.clip(np.asarray(samples), -32768, 32767).astype(np.int16), rate)

    @classmethod
    def from_wav(cls, data: bytes) -> "Audio":
        # lazy: as in from_float
        import numpy as np

        with wave.open(io.BytesIO(data)) as w:
            if w.getsampwidth() != 2:
                raise ValueError("only 16-bit WAV is read")
            frames = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
            if w.getnchannels() > 1:
                frames = frames.reshape(-1, w.getnchannels())[:, 0]
            return cls(frames.astype(np.int16), w.getframerate())

    def to_wav(self) -> bytes:
        out = io.BytesIO()
        with wave.open(out, "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(self.rate)
            w.writeframes(self.samples.astype("<i2").tobytes())
        return out.getvalue()

    def pcm(self) -> bytes:
        return self.samples.astype("<i2").tobytes()

    @property
    def seconds(self) -> float:
        return len(self.samples) / self.rate

    def rms(self) -> float:
        if not len(self.samples):
            return 0.0
        # lazy: as in from_float
        import numpy as np

        return float(np.sqrt(np.mean(self.samples.astype(np.float64) ** 2)))

    def audible(self) -> bool:
        return self.rms() >= AUDIBLE_RMS


def join(parts: list[Audio]) -> Audio:
    """The parts one after another (all at the first one's rate), a short pause between them."""
    # lazy: as in Audio.from_float
    import numpy as np

    if not parts:
        return Audio(np.zeros(0, np.int16), 16000)
    rate = parts[0].rate
    pause = np.zeros(round(PAUSE_S * rate), np.int16)
    pieces = []
    for part in parts:
        if part.rate != rate:
            raise ValueError("parts of one sound share one rate")
        pieces += [part.samples, pause]
    return Audio(np.concatenate(pieces[:-1]), rate)
