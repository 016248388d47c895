"""The one thing the kiosk remembers across a crash: the desk it was on (its name, nothing else).

`<data-dir>/kiosk-state.json` holds `{"desk": "shelter"}` (or null on the start screen). Written
atomically whenever the shell changes desk; read at start so a restarted kiosk comes back to the same
desk with nothing of the last person (the person was only ever in memory).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from kiosk.shell.staff import DESKS

FILE_NAME = "kiosk-state.json"


def remember_desk(data_dir: Path | str, desk: str | None) -> None:
    path = Path(data_dir) / FILE_NAME
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps({"desk": desk if desk in DESKS else None}) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def last_desk(data_dir: Path | str) -> str | None:
    try:
        desk = json.loads((Path(data_dir) / FILE_NAME).read_text(encoding="utf-8")).get("desk")
    except (OSError, ValueError, AttributeError):
        return None
    return desk if desk in DESKS else None
