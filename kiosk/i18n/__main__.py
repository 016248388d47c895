"""`python -m kiosk.i18n update` (lupdate: new strings into the shipped .ts files, English filled
from messages.py, then compiled) and `python -m kiosk.i18n compile [FOLDER]` (lrelease every
kazasu_*.ts of FOLDER, default kiosk/translations)."""

from __future__ import annotations

import sys
from pathlib import Path

from kiosk.i18n.languages import PREFIX, SHIPPED
from kiosk.i18n.tools import TranslationError, compile_ts, fill_english, unfinished, update_ts

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
        elif command == "compile":
            folder = Path(argv[1]) if len(argv) > 1 else SHIPPED
            for ts in sorted(folder.glob(f"{PREFIX}*.ts")):
                print(compile_ts(ts))
        else:
            print("usage: python -m kiosk.i18n update | compile [FOLDER]", file=sys.stderr)
            return 2
    except TranslationError as exc:
        print(f"{exc.message_ja}\n{exc.message_en}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
