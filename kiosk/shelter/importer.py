"""`kazasu shelter import FILE.csv`: shelter cards (避難者カード) typed in later, as CSV.

Columns (header row, any order): name, kana, birth_date, sex_code, address, household, needs,
do_not_disclose. UTF-8 (with or without BOM) or Shift_JIS/cp932 as Japanese Excel saves it. Every row
with a name registers and checks in one person (source `import`); all of them in one transaction.
Nobody is turned away for a field the desk cannot read: an unknown need is kept in words as `other`,
a birth date, sex code or age band that cannot be read is left blank, an unreadable do_not_disclose is
taken as yes (the safe reading); each is reported as a warning with its line number, field and a
Japanese and English message. Only a row without a name is refused, reported the same way and kept:
with `rejects=PATH` such rows are written there (mode 0600) with an `error` column, to fix and import
again. A row equal to a person already imported is skipped (`already_imported`), so a file imported
twice adds nobody.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path
from typing import Any

from kiosk.shelter import model as m

COLUMNS = ("name", "kana", "birth_date", "sex_code", "address", "household", "needs", "do_not_disclose")


def read_rows(path: Path) -> list[dict[str, str]]:
    raw = Path(path).read_bytes()
    for encoding in ("utf-8-sig", "cp932"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise m.ShelterError("shelter_csv_encoding", "CSV の文字コードが読めません（UTF-8 か Shift_JIS "
                                                     "で保存してください）。",
                             "The CSV is neither UTF-8 nor Shift_JIS.")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise m.ShelterError("shelter_csv_columns", "CSV に必要な列がありません: " + ", ".join(missing),
                             "The CSV lacks columns: " + ", ".join(missing), missing=missing)
    reader.fieldnames = header
    return [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]


def import_csv(desk, path: Path, rejects: Path | None = None) -> dict[str, Any]:
    """Import the good rows, report the bad ones (line numbers count the header as line 1)."""
    rows = read_rows(path)
    roster = desk.roster()
    known = [p.fields for p in roster.people.values() if p.fields.get("source") == "import"]
    errors: list[dict[str, Any]] = []
    warnings: list[dict[str, Any]] = []
    bad_rows: list[dict[str, str]] = []
    good: list[dict[str, Any]] = []
    for line, row in enumerate(rows, start=2):
        noted: list[dict[str, Any]] = []
        try:
            person = m.clean_person(row, "import", warnings=noted, lenient=True)
        except m.ShelterError as exc:
            errors.append({"line": line, "code": exc.code, "field": exc.details().get("field", ""),
                           "message_ja": exc.message_ja, "message_en": exc.message_en})
            bad_rows.append({**row, "error": f"{exc.message_ja} / {exc.message_en}"})
            continue
        warnings += [{"line": line, **w} for w in noted]
        if person in known or person in good:
            errors.append({"line": line, "code": "already_imported", "field": "",
                           "message_ja": "同じ内容の人がすでに登録されています（読み飛ばしました）。",
                           "message_en": "The same person is already registered (skipped)."})
            continue
        good.append(person)
    ids = []
    with desk.store.transaction():
        for person in good:
            ids.append(desk.register(person, source="import", roster=roster)["person_id"])
    if rejects is not None and bad_rows:
        _write_rejects(Path(rejects), bad_rows)
    return {"imported": len(ids), "rejected": sum(e["code"] != "already_imported" for e in errors),
            "skipped": sum(e["code"] == "already_imported" for e in errors), "rows": len(rows),
            "errors": errors, "warnings": warnings,
            **({"rejects": str(rejects)} if rejects is not None and bad_rows else {})}


def _write_rejects(path: Path, rows: list[dict[str, str]]) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=[*COLUMNS, "error"], extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
