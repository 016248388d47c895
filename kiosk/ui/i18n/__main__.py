"""`python -m kiosk.ui.i18n update` (lupdate: new strings into the shipped .ts files, English filled
from the catalog, then compiled), `python -m kiosk.ui.i18n fill CODE FILE.json` (a translator's words,
entry key → translation, into the shipped kazasu_CODE.ts, then compiled) and `python -m kiosk.ui.i18n
compile [FOLDER]` (lrelease every kazasu_*.ts of FOLDER, default kiosk/translations)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from kiosk.ui.i18n.languages import PREFIX, SHIPPED
from kiosk.ui.i18n.tools import TranslationError, compile_ts, fill, fill_english, unfinished, update_ts

LANGUAGES = {"en": "en", "ja_easy": "ja"}   # shipped file code → the language lupdate records


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "compile"
    try:
        if command == "update":
            for code, language in LANGUAGES.items():
                ts = SHIPPED / f"{PREFIX}{code}.ts"
                update_ts(ts, language)
                if code == "en":
                    fill_english(ts)
                compile_ts(ts)
                left = unfinished(ts)
                print(f"{ts.name}: {len(left)} unfinished{': ' + ', '.join(left) if left else ''}")
        elif command == "fill" and len(argv) == 3:
            ts = SHIPPED / f"{PREFIX}{argv[1]}.ts"
            try:
                words = json.loads(Path(argv[2]).read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                print(f"{argv[2]} を読めませんでした / could not read {argv[2]}: {exc}", file=sys.stderr)
                return 1
            if not ts.exists() or not isinstance(words, dict):
                print(f"{ts.name} がないか、{argv[2]} が {{key: 訳}} ではありません / no {ts.name}, or "
                      f"{argv[2]} is not {{key: translation}}", file=sys.stderr)
                return 1
            print(f"{ts.name}: {fill(ts, words)} of {len(words)} written")
            compile_ts(ts)
        elif command == "compile":
            folder = Path(argv[1]) if len(argv) > 1 else SHIPPED
            for ts in sorted(folder.glob(f"{PREFIX}*.ts")):
                print(compile_ts(ts))
        else:
            print("usage: python -m kiosk.ui.i18n update | fill CODE FILE.json | compile [FOLDER]", file=sys.stderr)
            return 2
    except TranslationError as exc:
        print(f"{exc.message_ja}\n{exc.message_en}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
