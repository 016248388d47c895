"""Loading the compiled translations (.qm) and choosing the words a widget shows.

Each `kazasu_<code>.qm` in kiosk/translations/ and in the folders of KAZASU_TRANSLATIONS (separated
by os.pathsep) is one language; its own name is its translation of the entry "language.name". In
those added folders a .ts without a .qm, or newer than its .qm, is compiled first with
pyside6-lrelease (kiosk.ui.i18n.tools); one that cannot be compiled is left out with a warning, never a
crash. The shipped .qm files are committed (tests/kiosk/ui/test_i18n.py checks that they are exactly
what lrelease makes of the shipped .ts files).

`Catalog.shown(pair, code)` gives (first line, second line) for a `messages.Bilingual`: Japanese over English
in Japanese; the translation over English in a Japanese variant (やさしい日本語: for a pair that is
not a catalog entry, e.g. a form's field label, its own `easy` words); the translation over
the Japanese in any other language, so the staff beside the resident can always read it. A string
the language has not translated yet falls back to the Japanese (or the English in a foreign language).
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QTranslator

from kiosk.messages import CONTEXT, TEXTS, Bilingual, singular_en, source
from kiosk.ui.i18n.tools import TranslationError, compile_ts, needs_compile

logger = logging.getLogger(__name__)

JAPANESE = "ja"
PREFIX = "kazasu_"
SHIPPED = Path(__file__).resolve().parents[2] / "translations"
ORDER = (JAPANESE, "en", "ja_easy")   # the rest follow by code


@dataclass(frozen=True)
class Language:
    code: str
    name: str          # in the language itself ("English", "やさしい にほんご", "中文"…)
    path: Path | None  # the .qm (None for Japanese, the source language)


def folders() -> list[Path]:
    extra = [Path(p) for p in os.environ.get("KAZASU_TRANSLATIONS", "").split(os.pathsep) if p]
    return [SHIPPED, *extra]


class Catalog:
    """The languages found in `dirs` and their translators."""

    def __init__(self, dirs: list[Path] | None = None) -> None:
        self.dirs = list(dirs) if dirs is not None else folders()
        self._translators: dict[str, QTranslator] = {}
        self._languages: dict[str, Language] = {JAPANESE: Language(JAPANESE, TEXTS["language.name"][0], None)}
        self.load()

    def load(self) -> None:
        for folder in self.dirs:
            if not folder.is_dir():
                continue
            for ts in sorted(folder.glob(f"{PREFIX}*.ts")):
                if folder != SHIPPED and needs_compile(ts):  # the shipped .qm are committed
                    try:
                        compile_ts(ts)
                    except TranslationError as exc:
                        logger.warning("translation %s left out: %s", ts.name, exc.message_en)
            for qm in sorted(folder.glob(f"{PREFIX}*.qm")):
                self.add(qm)

    def add(self, qm: Path) -> Language | None:
        code = qm.stem[len(PREFIX):]
        translator = QTranslator()
        if not code or code == JAPANESE or not translator.load(str(qm)):
            logger.warning("translation %s could not be loaded", qm.name)
            return None
        self._translators[code] = translator
        name = translator.translate(CONTEXT, source("language.name"), "language.name") or code
        self._languages[code] = Language(code, name, qm)
        return self._languages[code]

    def languages(self) -> list[Language]:
        rank = {code: n for n, code in enumerate(ORDER)}
        return sorted(self._languages.values(), key=lambda lang: (rank.get(lang.code, len(ORDER)), lang.code))

    def has(self, code: str) -> bool:
        return code in self._languages

    def lookup(self, code: str, key: str, values: tuple = ()) -> str | None:
        """The translation of entry `key` with its values put in, or None if there is none."""
        translator = self._translators.get(code)
        if translator is None:
            return None
        words = translator.translate(CONTEXT, source(key), key)
        if not words:
            return None
        try:
            words = words.format(**dict(values))
        except (KeyError, IndexError, ValueError):  # a translation with a broken {placeholder}
            logger.warning("translation of %s in %s has a broken placeholder", key, code)
            return None
        return singular_en(words) if code == "en" else words

    def shown(self, pair: Bilingual, code: str) -> tuple[str, str]:
        if code == JAPANESE:
            return pair.ja, pair.en
        japanese_variant = code.startswith(JAPANESE)
        words = self.lookup(code, pair.key, pair.values) if pair.key else None
        if words is None and japanese_variant and pair.easy:
            words = pair.easy
        if words is not None:
            return (words, pair.en) if japanese_variant else (words, pair.ja)
        return (pair.ja, pair.en) if japanese_variant else (pair.en, pair.ja)


_catalog: Catalog | None = None


def catalog() -> Catalog:
    """The application's catalog (loaded once, on first use)."""
    global _catalog
    if _catalog is None:
        _catalog = Catalog()
    return _catalog


def use_catalog(new: Catalog | None) -> None:
    """Replace the application's catalog (None: load again on next use)."""
    global _catalog
    _catalog = new
