"""Counter metrics that reproduce the Digital Agency's analysis, live, without personal data.

For every application: the form, how the person was identified (pin / code_b / manual), the time
spent in each phase (card read: from the card step to the filled form; asked fields: preview to the
check screen; confirmation: check screen to submit) and how many items were pre-filled and typed.
Nothing else: no name, no answer, no card data, not even the time of day (only the date), so the rows
cannot be linked to a person. They live in a small SQLite file of their own in the data folder
(`counter-metrics.db`), apart from the event store. No Qt here.

`PhaseClock` measures one visit; `count_items` counts one filled form; `record`, `summary`,
`to_csv` store and report.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import sqlite3
import statistics
import time
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from forms.answers import AnswerError, check_answer
from forms.sources import compute

FILE_NAME = "counter-metrics.db"
PHASES = ("card", "asked", "confirm")
CREATE = ("CREATE TABLE IF NOT EXISTS counter_metrics (id INTEGER PRIMARY KEY AUTOINCREMENT,"
          " day TEXT NOT NULL, form_id TEXT NOT NULL, path TEXT NOT NULL, card_ms INTEGER,"
          " asked_ms INTEGER, confirm_ms INTEGER, prefilled INTEGER NOT NULL, typed INTEGER NOT NULL)")
CSV_COLUMNS = ("form", "count", "card_ms_median", "asked_ms_median", "confirm_ms_median",
               "prefilled_median", "typed_median")


def metrics_path(data_dir: Path) -> Path:
    return Path(data_dir) / FILE_NAME


class PhaseClock:
    """Start and end of each phase of one visit (monotonic ms); `durations()` gives ms per phase."""

    def __init__(self, now=time.monotonic) -> None:
        self._now = now
        self._start: dict[str, float] = {}
        self._ms: dict[str, float] = {}

    def start(self, phase: str) -> None:
        self._start[phase] = self._now()

    def end(self, phase: str) -> None:
        if phase in self._start:
            self._ms[phase] = self._ms.get(phase, 0.0) + (self._now() - self._start.pop(phase)) * 1000

    def durations(self) -> dict[str, int | None]:
        return {p: (round(self._ms[p]) if p in self._ms else None) for p in PHASES}

    def reset(self) -> None:
        self._start.clear()
        self._ms.clear()


@dataclass(frozen=True)
class Items:
    prefilled: int
    typed: int


def count_items(filled, already_typed: set[str] | None = None,
                desk_defaults: dict | None = None) -> Items:
    """Pre-filled: every field with a value the resident did not type (card, computed, defaults from
    the card or the form, a stepper left at its start, what the desk pre-set: `desk_defaults`).
    Typed: every asked field answered with something else, unless it was already counted for an
    earlier form of the same visit (asked once)."""
    already = already_typed if already_typed is not None else set()
    preset = desk_defaults or {}
    defaults = filled.form.fields
    prefilled = typed = 0
    for f in defaults:
        value = filled.values.get(f.id)
        if not value:
            continue
        if f.id in filled.answered:
            if _same_as_default(filled, f) or _preset_kept(filled, f, preset):
                prefilled += 1
            elif f.id not in already:
                typed += 1
                already.add(f.id)
        else:
            prefilled += 1
    return Items(prefilled, typed)


def _same_as_default(filled, f) -> bool:
    """The answer is what the screen pre-filled (from the card, or the form's default choice)."""
    spec = f.input
    if spec is None:
        return False
    if spec.default_from:
        default = compute(spec.default_from, filled.person, filled.today)
    elif spec.default is not None:
        default = check_answer(f, spec.default)
    elif spec.kind == "number":  # the stepper starts at its minimum (or 0)
        default = check_answer(f, spec.min if spec.min is not None else 0)
    else:
        return False
    return bool(default) and default == filled.values.get(f.id)


def _preset_kept(filled, f, preset: dict) -> bool:
    """The desk pre-set this answer and the resident left it as it was."""
    if f.id not in preset:
        return False
    try:
        return check_answer(f, preset[f.id]) == filled.values.get(f.id)
    except AnswerError:
        return False


def record(data_dir: Path, rows: list[dict]) -> None:
    """rows: {form_id, path, card_ms, asked_ms, confirm_ms, prefilled, typed} (nothing else kept)."""
    day = dt.date.today().isoformat()
    with closing(sqlite3.connect(metrics_path(data_dir))) as db, db:
        db.execute(CREATE)
        db.executemany(
            "INSERT INTO counter_metrics (day, form_id, path, card_ms, asked_ms, confirm_ms,"
            " prefilled, typed) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(day, str(r["form_id"]), str(r.get("path", "pin")), _int(r.get("card_ms")),
              _int(r.get("asked_ms")), _int(r.get("confirm_ms")), int(r["prefilled"]),
              int(r["typed"])) for r in rows])


def _int(value) -> int | None:
    return None if value is None else int(value)


def _median(values: list) -> float | None:
    present = [v for v in values if v is not None]
    return round(statistics.median(present), 1) if present else None


def summary(data_dir: Path) -> list[dict]:
    """Per form: the number of applications and the median of each phase and item count."""
    path = metrics_path(data_dir)
    if not path.exists():
        return []
    with closing(sqlite3.connect(path)) as db:
        db.execute(CREATE)
        rows = db.execute("SELECT form_id, card_ms, asked_ms, confirm_ms, prefilled, typed"
                          " FROM counter_metrics ORDER BY form_id, id").fetchall()
    by_form: dict[str, list[tuple]] = {}
    for row in rows:
        by_form.setdefault(row[0], []).append(row[1:])
    out = []
    for form_id, items in by_form.items():
        columns = list(zip(*items))
        out.append({"form": form_id, "count": len(items),
                    "card_ms_median": _median(list(columns[0])),
                    "asked_ms_median": _median(list(columns[1])),
                    "confirm_ms_median": _median(list(columns[2])),
                    "prefilled_median": _median(list(columns[3])),
                    "typed_median": _median(list(columns[4]))})
    return out


def to_csv(rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: ("" if row.get(k) is None else row[k]) for k in CSV_COLUMNS})
    return buffer.getvalue()
