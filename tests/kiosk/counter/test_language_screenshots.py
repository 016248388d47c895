"""Screenshots of the counter's resident screens in Japanese, English and やさしい日本語, at 100 % and
200 % text, and in high contrast, for docs/kiosk.md. Each goes through shoot(), so every text is
checked for room first. Names: counter-lang-<screen>-<language>-<text %>[-hc].png (the counter desk
alone, 1280×760: the window less its status bar)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from kiosk.ui import i18n, theme
from tests.kiosk.conftest import shoot
from tests.kiosk.counter.test_text_scale import counter_desk, keeper  # noqa: F401 (a fixture)

SCREENS_100 = ("tap", "pin", "preview", "confirm", "done", "error", "idle")
SCREENS_200 = ("tap", "pin", "preview")
SCREENS_HC = ("tap", "pin", "preview", "done")


def show(desk, screen: str) -> None:
    desk.idle_warning.clear()
    if screen == "idle":
        desk.show_page(desk.preview, 3)
        desk.idle_warning.open(18)
    else:
        step = {"tap": 1, "pin": 2, "preview": 3, "confirm": 3, "done": 4, "error": 1}[screen]
        desk.show_page(getattr(desk, screen), step)
    QApplication.processEvents()




@pytest.mark.parametrize(("scale", "contrast", "languages", "screens"), [
    (1.0, False, ("ja", "en", "ja_easy"), SCREENS_100),
    (2.0, False, ("ja", "en", "ja_easy"), SCREENS_200),
    (1.0, True, ("ja", "ja_easy"), SCREENS_HC),
    (2.0, True, ("en",), ("pin", "preview")),
], ids=["100", "200", "high-contrast", "high-contrast-200"])
@pytest.mark.shots
def test_screenshots(qapp, people, keeper, scale, contrast, languages, screens):  # noqa: F811 (keeper is the fixture imported above)
    theme.apply(qapp, text_scale=scale, high_contrast=contrast)
    desk = counter_desk(keeper, people)
    for language in languages:
        i18n.set_language(language)
        for screen in screens:
            show(desk, screen)
            if screen != "idle":   # a page scrolls down, never sideways (that would cut it)
                page = getattr(desk, screen)
                assert page.width() <= desk.holders[page].viewport().width(), (screen, language)
            suffix = "-hc" if contrast else ""
            path = shoot(desk, f"counter-lang-{screen}-{language}-{round(scale * 100)}{suffix}.png")
            assert path.stat().st_size > 10_000
