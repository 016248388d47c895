"""One panel of the real-window matrix, run in its own process on a real X server (Qt's xcb platform;
test_drawn_matrix.py starts it under Xvfb at the panel's size):

    python -m tests.kiosk.window.drawn_panel SIZE OUT_DIR [SETTING...]

For each text size (100/150/200 %) and contrast (normal, high), the whole kiosk window of a demo
(tests/kiosk/fitmatrix.py: every desk, the demo card in-process) is built for the panel and shown on
the X screen; every resident screen of every desk (fitmatrix.SCREENS) in Japanese, English and
やさしい日本語 is checked on what is laid out to be drawn: fitmatrix's checks (the next action whole
without scrolling, the status bar, nothing past the window, every text has its room) and
tests/kiosk/phrasebreak.py's (lines break between phrases, no 「✓」 alone, no line wider than its
widget, no widget over another), and the window against the screen X reports (it fills it).

Prints one JSON object per line: {"problem": "..."} for each problem found, {"shot": path} for each
picture of the X screen taken (grabbed from the root window: what X shows), and at the end
{"done": seconds, "screens": n}.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

SETTINGS = {"100": (1.0, False), "150": (1.5, False), "200": (2.0, False),
            "100-hc": (1.0, True), "150-hc": (1.5, True), "200-hc": (2.0, True)}
LANGUAGES = ("ja", "en", "ja_easy")
# the screens photographed (the X screen as it shows them), per panel: (setting, language, desk/screen)
SHOTS = {("200", "ja", "counter/procedures"), ("200", "en", "counter/code_b"),
         ("200", "ja_easy", "shelter/reception"), ("150", "ja", "library/checkout"),
         ("200-hc", "ja", "counter/preview-kana")}


def emit(**item) -> None:
    sys.stdout.write(json.dumps(item, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def main(size: str, out: Path, settings: list[str]) -> int:
    from PySide6.QtWidgets import QApplication

    from kiosk.ui import i18n, theme
    from sync.store import EventStore
    from tests.kiosk import fitmatrix as fm
    from tests.kiosk import phrasebreak
    from tests.kiosk.test_desks import PEOPLE

    started = time.monotonic()
    app = QApplication.instance() or QApplication(["kazasu-drawn-matrix"])
    folder = Path(tempfile.mkdtemp(prefix="drawn-"))
    stores = []

    def make_services(source=None, demo_card=None, **services):
        from kiosk.services import KioskServices

        store = EventStore(folder / "kazasu.db")
        stores.append(store)
        return KioskServices(card_source=source, store=store, data_dir=folder, terminal_id="term-a",
                             site="test-site", demo_card=demo_card, **{"sync_ms": 60_000, **services})

    screen = app.primaryScreen().geometry()
    count = 0
    for setting in settings:
        scale, high = SETTINGS[setting]
        theme.apply(app, text_scale=scale, high_contrast=high)
        window = fm.built_window(make_services, fm.SIZES[size], PEOPLE[0])
        try:
            window.move(screen.topLeft())
            fm.settle()
            if window.frameGeometry() != screen:
                emit(problem=f"{setting} {size}: the window {window.frameGeometry().getRect()} does not fill "
                             f"the screen {screen.getRect()}")
            for language in LANGUAGES:
                i18n.set_language(language)
                for s in fm.SCREENS:
                    actions = s.show(window, PEOPLE[0])
                    if i18n.current() != language:   # opening a desk starts it in Japanese
                        i18n.set_language(language)
                    where = f"{setting} {size} {language} {s.desk}/{s.name}"
                    found = fm.window_problems(window, actions)
                    found += phrasebreak.drawn_problems(window, theme.FOCUS_BORDER)
                    for p in dict.fromkeys(found):
                        emit(problem=f"{where}: {p}")
                    count += 1
                    if (setting, language, f"{s.desk}/{s.name}") in SHOTS:
                        fm.settle()
                        path = out / f"{size}-{setting}-{language}-{s.desk}-{s.name}.png"
                        app.primaryScreen().grabWindow(0).save(str(path))
                        emit(shot=str(path))
            i18n.reset()
        finally:
            fm.drop_window(window)
    for store in stores:
        store.close()
    emit(done=round(time.monotonic() - started, 1), screens=count)
    return 0


if __name__ == "__main__":
    out_dir = Path(sys.argv[2])
    out_dir.mkdir(parents=True, exist_ok=True)
    sys.exit(main(sys.argv[1], out_dir, sys.argv[3:] or list(SETTINGS)))
