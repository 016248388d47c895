"""Every resident screen of every desk fits the screen, checked on what is laid out to be drawn
(tests/kiosk/fitmatrix.py): the whole kiosk window, offscreen, built for each panel size (1024×768,
1366×768, 1280×1024, 1920×1080, portrait 1080×1920) at 100 %, 150 % and 200 % text, in Japanese,
English and やさしい日本語; high contrast at 200 % on the two commonest municipal panels (the
palette changes colours, not sizes). On each screen: the next action (次へ, 確認へ進む, 受付する…) is
shown whole without scrolling, the status bar lies along the bottom in at most two lines with no item
broken inside a word, nothing reaches past the window, and no label or button cuts its text.

Sampled to keep the run short: each window is built once per size and text size (building is the
slow part) and every language is shown in it by the resident's switch (kiosk.ui.i18n, as a visit
switches it); the portrait and the large panels are checked in Japanese and English, the two
1024/1366 px panels in all three languages. Pictures of the large-text screens for the docs:
`make screenshots`.
"""

from __future__ import annotations

import pytest

from kiosk.ui import i18n, theme
from tests.kiosk import fitmatrix as fm
from tests.kiosk.conftest import save
from tests.kiosk.test_desks import PEOPLE

ALL = ("ja", "en", "ja_easy")
LANGUAGES = {"1024x768": ALL, "1366x768": ALL, "1080x1920": ("ja", "ja_easy"),
             "1280x1024": ("ja", "en"), "1920x1080": ("ja", "en")}
SETTINGS = {"100": (1.0, False, tuple(fm.SIZES)), "150": (1.5, False, tuple(fm.SIZES)),
            "200": (2.0, False, tuple(fm.SIZES)), "200-hc": (2.0, True, ("1366x768", "1024x768"))}
# the pictures docs/screenshots shows of large text: (setting, size, language, desk/screen)
SHOTS = {("200", "1366x768", "ja", "counter/procedures"), ("200", "1366x768", "en", "counter/preview"),
         ("200", "1024x768", "ja", "counter/pin"), ("200", "1366x768", "en", "shelter/reception"),
         ("200", "1024x768", "ja_easy", "shelter/reception"), ("200", "1024x768", "ja", "library/checkout"),
         ("200", "1024x768", "ja", "counter/preview-kana"), ("200-hc", "1366x768", "ja", "counter/done")}


@pytest.fixture
def display(qapp, request):
    scale, high, sizes = SETTINGS[request.param]
    theme.apply(qapp, text_scale=scale, high_contrast=high)
    yield request.param, sizes
    i18n.reset()
    theme.apply(qapp, text_scale=1.0, high_contrast=False)


@pytest.mark.shots
@pytest.mark.parametrize("display", list(SETTINGS), indirect=True)
def test_every_resident_screen_fits_every_screen(display, make_services):
    setting, sizes = display
    found = []
    for size in sizes:
        window = fm.built_window(make_services, fm.SIZES[size], PEOPLE[0])
        try:
            for language in LANGUAGES[size]:
                i18n.set_language(language)
                for screen in fm.SCREENS:
                    actions = screen.show(window, PEOPLE[0])
                    if i18n.current() != language:   # opening a desk starts it in Japanese
                        i18n.set_language(language)
                    where = f"{setting} {size} {language} {screen.desk}/{screen.name}"
                    found += [f"{where}: {p}" for p in fm.window_problems(window, actions)]
                    if (setting, size, language, f"{screen.desk}/{screen.name}") in SHOTS:
                        save(window, f"fit-{screen.desk}-{screen.name}-{setting}-{size}-{language}.png")
            i18n.reset()
        finally:
            fm.drop_window(window)
    assert found == [], "\n".join(found[:60])
