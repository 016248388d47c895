"""Qt's translation tools, run for real: pyside6-lupdate (collect the Japanese source strings of
kiosk/messages.py and the modules of SOURCES into .ts files) and pyside6-lrelease (compile a .ts to the .qm the kiosk
loads).

`python -m kiosk.ui.i18n update` refreshes the shipped .ts files (new strings appear as unfinished; the
English file takes its words from messages.py, so it never drifts); `python -m kiosk.ui.i18n compile
[FOLDER]` compiles every kazasu_*.ts of the folder (default: kiosk/translations).
"""

from __future__ import annotations

import importlib
import re
import shutil
import subprocess
import sys
from html import escape
from pathlib import Path

from kiosk import messages
from kiosk.errors import KioskError

KIOSK = Path(messages.__file__).resolve().parent
# the files whose translate("kazasu", …) markers lupdate reads; each registers its entries with
# kiosk.messages.register when imported (TEXT_MODULES)
SOURCES = (KIOSK / "messages.py", KIOSK / "shell" / "texts.py", KIOSK / "shelter" / "texts.py",
           KIOSK / "library" / "texts.py")
TEXT_MODULES = ("kiosk.shell.texts", "kiosk.shelter.texts", "kiosk.library.texts")


def catalog_entries() -> dict[str, tuple[str, str]]:
    """Every translatable entry of the kiosk (imports the modules that register theirs)."""
    for name in TEXT_MODULES:
        importlib.import_module(name)
    return dict(messages.CATALOG)


class TranslationError(KioskError):
    """A translation tool is missing or failed; words for staff in Japanese and English."""

    code = "translation_failed"

    def __init__(self, message_ja: str, message_en: str) -> None:
        super().__init__(message_ja, message_en)


def tool(name: str) -> str:
    """pyside6-<name> from the same environment as this Python, else on PATH (or Qt's own <name>)."""
    here = Path(sys.executable).parent / f"pyside6-{name}"
    if here.exists():
        return str(here)
    found = shutil.which(f"pyside6-{name}") or shutil.which(name)
    if found is None:
        raise TranslationError(f"翻訳の道具 pyside6-{name} が見つかりません。PySide6 を入れ直してください。",
                               f"The translation tool pyside6-{name} was not found. Reinstall PySide6.")
    return found


def _run(args: list[str]) -> str:
    done = subprocess.run(args, capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise TranslationError(f"{Path(args[0]).name} が失敗しました: {done.stderr.strip()[:300]}",
                               f"{Path(args[0]).name} failed: {done.stderr.strip()[:300]}")
    return done.stdout


def needs_compile(ts: Path) -> bool:
    qm = ts.with_suffix(".qm")
    return not qm.exists() or qm.stat().st_mtime < ts.stat().st_mtime


def compile_ts(ts: Path, qm: Path | None = None) -> Path:
    """Compile one .ts with lrelease (unfinished entries are left out: the Japanese shows)."""
    qm = qm or ts.with_suffix(".qm")
    _run([tool("lrelease"), "-silent", str(ts), "-qm", str(qm)])
    if not qm.exists():
        raise TranslationError(f"{ts.name} から .qm ができませんでした。", f"lrelease made no .qm from {ts.name}.")
    return qm


def update_ts(ts: Path, language: str) -> str:
    """Add the strings of messages.py that `ts` lacks (existing translations stay) with lupdate."""
    return _run([tool("lupdate"), *map(str, SOURCES), "-source-language", "ja", "-target-language", language,
                 "-locations", "none", "-no-obsolete", "-ts", str(ts)])


_UNFINISHED = re.compile(r"(<source>(?P<source>[^<]*)</source>\s*<comment>(?P<key>[^<]*)</comment>\s*)"
                         r"<translation type=\"unfinished\">[^<]*</translation>")


def fill_english(ts: Path) -> int:
    """Write the English of the catalog into every entry of the English .ts; gives the count."""
    english = {key: en for key, (_, en) in catalog_entries().items()}
    english["language.name"] = "English"   # each language's own name (messages.py has Japanese's)
    return fill(ts, english)


def fill(ts: Path, words: dict[str, str]) -> int:
    """Write `words` (entry key → translation) into the entries of `ts` with those keys (an entry
    lupdate has not listed yet is left alone: run update first); gives the count written."""
    body = ts.read_text(encoding="utf-8")
    pattern = re.compile(r"(<source>[^<]*</source>\s*<comment>(?P<key>[^<]*)</comment>\s*)"
                         r"<translation[^>]*>[^<]*</translation>")
    count = 0

    def put(match: re.Match) -> str:
        nonlocal count
        key = match.group("key")
        if key not in words:
            return match.group(0)
        count += 1
        return f"{match.group(1)}<translation>{escape(words[key], quote=False)}</translation>"

    ts.write_text(pattern.sub(put, body), encoding="utf-8")
    return count


def unfinished(ts: Path) -> list[str]:
    """The keys of entries the .ts has not translated yet."""
    return [m.group("key") for m in _UNFINISHED.finditer(ts.read_text(encoding="utf-8"))]
