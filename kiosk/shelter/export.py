"""The roster as CSV and as a PDF (by household, sorted by kana), for staff or for outsiders.

For outsiders (`for_outsiders=True`) every protected person is left out and no count or total is
printed, so nothing reveals that someone is missing from the list; staff exports carry the
do_not_disclose flag. The PDF draws every string through forms' `FontSet.runs()` (BIZ UD Gothic, IPAmj
Mincho for what it lacks, e.g. 𠮷), embedded as subsets that extract correctly. Files are written mode
0600: they hold personal data. A drill roster (`roster.drill`) is marked 訓練 / DRILL on every page and
on every CSV row.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
from pathlib import Path
from typing import Any

from kiosk.shelter import model as m
from kiosk.shelter.roster import Person, Roster

STAFF_COLUMNS = ("person_id", "household", "name", "kana", "birth_date", "age_band", "sex_code",
                 "address", "needs", "state", "movement", "do_not_disclose")
OUTSIDER_COLUMNS = ("name", "kana", "age_band", "state")
STATE_JA = {"present": "在所", "out": "外出中", "left": "退所", "outside": "所外避難", "registered": "登録のみ"}
# PDF columns: (heading, width in mm); the page is A4 landscape with 277 mm between the margins
STAFF_PDF = (("世帯", 20), ("氏名", 38), ("ふりがな", 38), ("生年月日・年齢", 24), ("性別", 9), ("住所", 64),
             ("配慮", 40), ("状態", 30), ("備考", 14))
OUTSIDER_PDF = (("氏名", 80), ("ふりがな", 80), ("年齢区分", 40), ("状態", 77))
SEX_JA = {"1": "男", "2": "女", "9": "—", "": ""}
DRILL_MARK = "訓練/DRILL"


def ordered(roster: Roster, for_outsiders: bool) -> list[Person]:
    """People grouped by household (households in the kana order of their first member)."""
    people = [p for p in roster.in_state("present", "out", "left", "outside", "registered")
              if not (for_outsiders and p.protected)]
    first: dict[str, int] = {}
    for i, p in enumerate(people):
        first.setdefault(p.household, i)
    order = sorted(range(len(people)), key=lambda i: (first[people[i].household], i))
    return [people[i] for i in order]


def row(p: Person, today: dt.date, for_outsiders: bool) -> dict[str, str]:
    f = p.fields
    band = m.age_band(f.get("birth_date"), f.get("age_band"), today)
    if for_outsiders:
        return {"name": f.get("name", ""), "kana": f.get("kana", ""), "age_band": band, "state": p.state}
    needs = ";".join(f"{c}:{d}" if d else c for c, d in f.get("needs", {}).items())
    move = ";".join(f"{k}={v}" for k, v in sorted(p.movement.items()) if k != "via")
    household = f.get("household", "")
    return {"person_id": p.person_id, "household": household, "name": f.get("name", ""),
            "kana": f.get("kana", ""), "birth_date": f.get("birth_date", ""), "age_band": band,
            "sex_code": f.get("sex_code", ""), "address": f.get("address", ""), "needs": needs,
            "state": p.state, "movement": move, "do_not_disclose": "yes" if p.protected else "no"}


def private_file(path: Path, mode: str, **kwargs: Any):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    return os.fdopen(fd, mode, **kwargs)


def export_csv(roster: Roster, out: Path, *, for_outsiders: bool = False,
               today: dt.date | None = None) -> int:
    today = today or dt.date.today()
    people = ordered(roster, for_outsiders)
    with private_file(Path(out), "w", encoding="utf-8-sig", newline="") as handle:
        columns = OUTSIDER_COLUMNS if for_outsiders else STAFF_COLUMNS
        writer = csv.DictWriter(handle, fieldnames=(*columns, *(("drill",) if roster.drill else ())))
        writer.writeheader()
        for p in people:  # a drill export says so on every row: it must never be taken for real data
            writer.writerow({**row(p, today, for_outsiders), **({"drill": DRILL_MARK} if roster.drill else {})})
    return len(people)


def export_pdf(roster: Roster, out: Path, *, for_outsiders: bool = False,
               today: dt.date | None = None) -> int:
    # lazy: reportlab loads with the first PDF, not with the shelter desk
    from kiosk.shelter.roster_pdf import render_roster

    today = today or dt.date.today()
    people = ordered(roster, for_outsiders)
    rows = []
    for p in people:
        r = row(p, today, for_outsiders)
        state = STATE_JA.get(p.state, p.state)
        r["age_band"] = "" if r["age_band"] == "unknown" else r["age_band"]
        if for_outsiders:
            rows.append([r["name"], r["kana"], r["age_band"], state])
            continue
        needs = "・".join(m.need_label(c)[0] + (f"({d})" if d else "")
                         for c, d in p.fields.get("needs", {}).items())
        rows.append([r["household"], r["name"], r["kana"], r["birth_date"] or r["age_band"],
                     SEX_JA.get(r["sex_code"], ""), r["address"], needs, state + _movement_ja(p),
                     "非開示" if p.protected else ""])
    columns = OUTSIDER_PDF if for_outsiders else STAFF_PDF
    site = roster.site_info.get("name") or ""
    title = "安否情報 名簿（外部向け）" if for_outsiders else "避難者名簿（職員用・取扱注意）"
    with private_file(Path(out), "wb") as handle:
        render_roster(handle, title=title, site=site, today=today, columns=columns, rows=rows,
                      group_column=None if for_outsiders else 0, drill=roster.drill)
    return len(people)


def _movement_ja(p: Person) -> str:
    if p.state == "left":
        reason = m.CHECKOUT_REASONS.get(p.movement.get("reason", ""), ("", ""))[0]
        where = p.movement.get("shelter_name", "")
        return f"（{reason}{'・' + where if where else ''}）" if reason else ""
    if p.state == "outside":
        return f"（{m.OUTSIDE_PLACES.get(p.movement.get('where', ''), ('', ''))[0]}）"
    return ""
