"""Saying words: the speech thread and the players the sound goes to.

`Speaker(player).say(words, language)` cuts the words into sentences, the first one's first phrase
apart (kiosk.speech.text.chunks), makes each one's sound on the speech thread (`kazasu-speech`, one
for the kiosk) with the language's voice and hands it to the player as soon as it is made, the first
first (so the first sound does not wait for the last). A new `say` stops what is being said. Made
sounds are kept by (language, sentence) for the next time (the screens' words come back often); no
sound is written anywhere.
`first_sound(float)` gives the monotonic time the first sound of a `say` went to the player.
`prepare(words, language)` makes the first phrases of words likely to be said soon (the titles of the
window's screens) while the speaker has nothing else to do, so that a screen change sounds at once.

Players: `SinkPlayer` plays through QtMultimedia's QAudioSink on the default output, one sound after
another; `RecordingPlayer` keeps what it was given (tests, the benchmark; `wav()` is all of it as one
WAV); `default_player()` is a SinkPlayer, or a RecordingPlayer that only logs when there is no audio
output (the guide still works from the keys; staff hear nothing).
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from concurrent.futures import Future, ThreadPoolExecutor

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QTimer, Signal

from kiosk.speech.audio import Audio, join
from kiosk.speech.text import chunks
from kiosk.speech.voices import voice_for

logger = logging.getLogger(__name__)

POLL_MS = 5
CACHE = 400

_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kazasu-speech")
_made: OrderedDict[tuple[str, str], Audio] = OrderedDict()


def make(line: str, language: str) -> Audio:
    """On the speech thread: the sound of one sentence (kept for the next time)."""
    key = (language[:2], line)
    if key in _made:
        _made.move_to_end(key)
        return _made[key]
    audio = voice_for(language).speak(line)
    _made[key] = audio
    while len(_made) > CACHE:
        _made.popitem(last=False)
    return audio


def warm(language: str) -> Future:
    """Load the language's voice on the speech thread now."""
    return _executor.submit(lambda: voice_for(language).warm())


class RecordingPlayer:
    """Keeps every sound it is given, with the monotonic time it was given."""

    def __init__(self, log_only: bool = False) -> None:
        self.sounds: list[tuple[float, Audio]] = []
        self.log_only = log_only

    def play(self, audio: Audio) -> None:
        if self.log_only:
            return
        self.sounds.append((time.monotonic(), audio))

    def stop(self) -> None:
        return None

    def wav(self) -> bytes:
        return join([a for _, a in self.sounds]).to_wav()


class SinkPlayer(QObject):
    """The default audio output, through QAudioSink: one sound after another."""

    def __init__(self, device, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.device = device
        self._queue: list[Audio] = []
        self._sink = None
        self._buffer: QBuffer | None = None

    def play(self, audio: Audio) -> None:
        self._queue.append(audio)
        if self._sink is None:
            self._next()

    def _next(self) -> None:
        # lazy: QtMultimedia loads its FFmpeg backend; only once something is said
        from PySide6.QtMultimedia import QAudio, QAudioFormat, QAudioSink

        self._release()
        if not self._queue:
            return
        audio = self._queue.pop(0)
        fmt = QAudioFormat()
        fmt.setSampleRate(audio.rate)
        fmt.setChannelCount(1)
        fmt.setSampleFormat(QAudioFormat.SampleFormat.Int16)
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(audio.pcm()))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self._sink = QAudioSink(self.device, fmt, self)
        self._sink.stateChanged.connect(lambda state: state == QAudio.State.IdleState and self._next())
        self._sink.start(self._buffer)

    def _release(self) -> None:
        sink, buffer, self._sink, self._buffer = self._sink, self._buffer, None, None
        if sink is not None:
            sink.stop()
            sink.deleteLater()
        if buffer is not None:
            buffer.close()
            buffer.deleteLater()

    def stop(self) -> None:
        self._queue.clear()
        self._release()


def default_player(parent: QObject | None = None):
    # lazy: QtMultimedia loads its FFmpeg backend; only when the guide is first turned on
    from PySide6.QtMultimedia import QMediaDevices

    device = QMediaDevices.defaultAudioOutput()
    if device.isNull():
        logger.warning("no audio output: the spoken guidance is silent")
        return RecordingPlayer(log_only=True)
    return SinkPlayer(device, parent)


class Speaker(QObject):
    first_sound = Signal(float)

    def __init__(self, player, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.player = player
        self._lines: list[str] = []
        self._language = "ja"
        self._pending: Future | None = None
        self._first = False
        self.last_words = ""
        self._prepared: list[tuple[str, str]] = []
        self._preparing: Future | None = None
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._collect)

    def prepare(self, words: list[str], language: str) -> None:
        """Make the first phrase of each of `words` when idle (a `say` always goes first)."""
        self._prepared = [(chunks(w)[0], language) for w in words if chunks(w)]
        if self._pending is None:
            self._poll.start()

    @property
    def speaking(self) -> bool:
        return self._pending is not None or bool(self._lines)

    def say(self, words: str, language: str) -> None:
        self.stop()
        self._lines, self._language, self._first = chunks(words), language, True
        self.last_words = words   # what was said last (the tests read it; never logged)
        self._next()

    def stop(self) -> None:
        self._lines = []
        self._pending = None   # a sentence being made finishes unheard
        self.player.stop()

    def forget(self) -> None:
        """Stop, and nothing more is prepared."""
        self.stop()
        self._prepared = []
        self._poll.stop()

    def _next(self) -> None:
        if not self._lines:
            return
        line = self._lines.pop(0)
        self._pending = _executor.submit(make, line, self._language)
        self._poll.start()

    def _collect(self) -> None:
        pending = self._pending
        if pending is None:
            self._prepare_next()
            return
        if not pending.done():
            return
        self._pending = None
        try:
            audio = pending.result()
        except Exception as exc:   # no voice installed: the guide goes on without sound, staff see the log
            logger.warning("a line could not be said (%s)", type(exc).__name__)
            self._lines, self._prepared = [], []
            return
        self.player.play(audio)
        if self._first:
            self._first = False
            self.first_sound.emit(time.monotonic())
        self._next()

    def _prepare_next(self) -> None:
        if self._preparing is not None and not self._preparing.done():
            return
        self._preparing = None
        if not self._prepared:
            self._poll.stop()
            return
        line, language = self._prepared.pop(0)
        self._preparing = _executor.submit(make, line, language)
