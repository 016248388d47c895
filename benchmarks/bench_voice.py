"""Benchmark of the spoken guidance: a screen change → its first sound, beside baselines of the same run.

The real kiosk window (offscreen Qt) with the guide on and a recording player (what the audio output
would be handed, and when); the screen changes between the start screen and the counter's first step,
as a resident's key press changes it. For each change: the time from the change to the first sound
handed to the player (`Speaker.first_sound`),
- prepared: the guide as it runs (the first phrases of the screens' headings made while it was idle),
- cold: every made sound forgotten before the change (the first time a screen is ever said),
beside the baseline of the same change with the guide off (the change itself, until painted).
Then the voices' own speed: seconds to make one second of speech, Open JTalk and espeak-ng.
Goal: first sound ≤ 300 ms.

Usage: .venv/bin/python benchmarks/bench_voice.py [--changes N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def line(what: str, value: float, base_what: str, base: float, unit: str = "ms") -> None:
    print(f"   {what}: {value:.0f} {unit}   (baseline, {base_what}: {base:.0f} {unit})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--changes", type=int, default=10)
    args = parser.parse_args()

    from PySide6.QtCore import QEventLoop, QTimer

    from kiosk import startup
    from kiosk.app import MainWindow
    from kiosk.cards.source import PcscCardSource
    from kiosk.counter import visit as workflow
    from kiosk.services import KioskServices
    from kiosk.speech import voice_for
    from kiosk.ui import speaker as speaker_module
    from kiosk.ui.speaker import RecordingPlayer

    app = startup.make_application(["kazasu"])
    data = Path(tempfile.mkdtemp(prefix="kazasu-bench-voice-"))
    window = MainWindow(KioskServices(card_source=PcscCardSource(None), store=workflow.open_store(data),
                                      data_dir=data, terminal_id="term-bench", site="bench"))
    window.resize(1280, 800)
    window.show()
    app.processEvents()
    counter = window.desk("counter").widget
    pages = [window.start, counter]

    def wait(condition, seconds: float = 30.0) -> None:
        deadline = time.monotonic() + seconds
        while not condition() and time.monotonic() < deadline:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
            time.sleep(0.001)

    def change(n: int) -> float:
        """Show the other page; the monotonic time of the change."""
        started = time.monotonic()
        window.stack.setCurrentWidget(pages[n % 2])
        return started

    # the baseline: the change with the guide off, until painted
    base = []
    for n in range(args.changes):
        started = change(n)
        window.repaint()
        app.processEvents()
        base.append((time.monotonic() - started) * 1000)

    player = RecordingPlayer()
    window.voice._player = player
    window.voice.start()
    heard: list[float] = []
    window.voice.speaker.first_sound.connect(heard.append)
    wait(lambda: heard)                                               # the dictionary is loaded
    wait(lambda: not window.voice.speaker._prepared and not window.voice.speaker.speaking)

    def measure(cold: bool) -> list[float]:
        times = []
        for n in range(args.changes):
            if cold:
                speaker_module._made.clear()
            heard.clear()
            started = change(n)
            wait(lambda: heard, 10.0)
            times.append((heard[0] - started) * 1000 if heard else float("inf"))
            QTimer.singleShot(0, lambda: None)
            wait(lambda: not window.voice.speaker.speaking, 10.0)
        return times

    prepared = measure(cold=False)
    cold = measure(cold=True)
    window.voice.stop()
    print(f"1. a screen change → its first sound, median (max) of {args.changes} changes (goal ≤ 300 ms)")
    baseline = statistics.median(base)
    line(f"guide on, headings prepared (max {max(prepared):.0f} ms)", statistics.median(prepared),
         "the change with the guide off, painted", baseline)
    line(f"guide on, nothing made before (max {max(cold):.0f} ms)", statistics.median(cold),
         "the change with the guide off, painted", baseline)

    print("2. seconds to make one second of speech (one sentence)")
    rates = {}
    for language, words in (("ja", "マイナンバーカードを読み取り機に置いてください"),
                            ("en", "Please place your My Number card on the reader")):
        voice = voice_for(language)
        voice.speak(words)
        started = time.perf_counter()
        audio = voice.speak(words)
        rates[language] = (time.perf_counter() - started) / audio.seconds
    print(f"   Open JTalk (ja): {rates['ja']:.3f} s/s   (baseline, espeak-ng (en): {rates['en']:.3f} s/s)")
    window.shutdown()


if __name__ == "__main__":
    main()
