"""The voices: one line of words in, `Audio` out, offline.

* `JapaneseVoice`: Open JTalk through pyopenjtalk (its HTS voice "mei" ships inside the wheel) with
  Debian's dictionary `open-jtalk-mecab-naist-jdic` (DICTIONARY). pyopenjtalk would download a
  dictionary of its own when the one it is pointed at is missing; this voice refuses instead
  (`SpeechError`), so nothing is ever fetched at run time. `reading(line)` gives Open JTalk's front-end
  nodes (each word with its reading), for the test that every spoken line can be read.
* `EnglishVoice`: Debian's espeak-ng, one process per line, WAV on its stdout (no file written).
Both are made lazily, keep one engine for the process, and are safe from one thread at a time (the
guide's speech thread).
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import threading
from pathlib import Path
from typing import Protocol

from kiosk.errors import KioskError
from kiosk.speech.audio import Audio

logger = logging.getLogger(__name__)

DICTIONARY = Path(os.environ.get("KAZASU_JTALK_DICT", "/var/lib/mecab/dic/open-jtalk/naist-jdic"))
ESPEAK_TIMEOUT_S = 10
ENGLISH_VOICE = "en-us"


class SpeechError(KioskError):
    code = "speech_unavailable"
    message_ja = "音声案内の部品が入っていません。係員は scripts/setup.sh を実行してください。"
    message_en = "The spoken guidance is not installed. Staff: run scripts/setup.sh."

    def __init__(self, part: str) -> None:
        self.part = part
        super().__init__(self.message_ja, self.message_en)

    def details(self) -> dict:
        return {"part": self.part}


class Voice(Protocol):
    name: str

    def speak(self, line: str) -> Audio: ...


class JapaneseVoice:
    name = "open_jtalk"
    _lock = threading.Lock()

    def __init__(self, dictionary: Path = DICTIONARY) -> None:
        self.dictionary = dictionary
        self._engine = None

    def _load(self):
        if self._engine is None:
            if not (self.dictionary / "sys.dic").is_file():
                raise SpeechError("open-jtalk-mecab-naist-jdic")
            os.environ.setdefault("OPEN_JTALK_DICT_DIR", str(self.dictionary))
            try:
                import pyopenjtalk  # lazy: its dictionary (100 MB) loads only when the guide speaks
            except ImportError:
                raise SpeechError("pyopenjtalk") from None
            pyopenjtalk.OPEN_JTALK_DICT_DIR = str(self.dictionary).encode()   # never its own download
            self._engine = pyopenjtalk
        return self._engine

    def warm(self) -> None:
        """Load the dictionary and the voice now (the first line then sounds without that wait)."""
        self.speak("はい")

    def speak(self, line: str) -> Audio:
        engine = self._load()
        with self._lock:
            samples, rate = engine.tts(line)
        return Audio.from_float(samples, rate)

    def reading(self, line: str) -> list[dict]:
        engine = self._load()
        with self._lock:
            return engine.run_frontend(line)


class EnglishVoice:
    name = "espeak_ng"

    def __init__(self, voice: str = ENGLISH_VOICE) -> None:
        self.voice = voice
        self.binary = shutil.which("espeak-ng")

    def warm(self) -> None:
        self.speak("yes")

    def speak(self, line: str) -> Audio:
        if self.binary is None:
            raise SpeechError("espeak-ng")
        done = subprocess.run([self.binary, "-v", self.voice, "-s", "160", "--stdout", line],
                              capture_output=True, timeout=ESPEAK_TIMEOUT_S)
        if done.returncode != 0 or not done.stdout:
            logger.warning("espeak-ng failed (exit %d)", done.returncode)
            raise SpeechError("espeak-ng")
        return Audio.from_wav(done.stdout)


_voices: dict[str, Voice] = {}


def voice_for(language: str) -> Voice:
    """The voice of a screen language: Japanese and やさしい日本語 (ja, ja_easy) Open JTalk, any other
    English (espeak-ng; a language with no voice of its own is said in English)."""
    kind = "ja" if language.startswith("ja") else "en"
    if kind not in _voices:
        _voices[kind] = JapaneseVoice() if kind == "ja" else EnglishVoice()
    return _voices[kind]
