"""Reports without names: the needs summary for supplies and the count over time for the disaster office.

`needs_summary(roster)` counts everyone the shelter feeds — people in the shelter (present or
temporarily out), people staying outside who collect supplies there, and heads counted but not yet
registered — into meals (regular, and allergy-free meals by allergen), infants (formula and diapers),
medical needs (dialysis, oxygen, medication by kind), care needs, interpreters by language, pets by kind
and car sleepers. `count_over_time(events)` replays the movements in time order (event `created_at`)
and gives, per hour (Japan time), the arrivals, returns, outings and departures and the people present
and counted at the end of that hour. Both are counts only: protected people are counted (they need meals
and care) and never named; nothing here holds a name, so the figures can go to anyone who plans.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import Counter
from pathlib import Path
from typing import Any, Iterable
from zoneinfo import ZoneInfo

from kiosk.shelter import model as m
from kiosk.shelter.export import private_file
from kiosk.shelter.roster import STATE_OF, Person, Roster, _resolve

JST = ZoneInfo("Asia/Tokyo")
INFANT_BANDS = ("0-2",)
DETAIL_SPLIT = re.compile(r"[・、,，/／;；\s]+")
UNSPECIFIED = "（内容未記入）"
OVER_TIME_COLUMNS = ("hour", "present", "arrivals", "returned", "temporarily_out", "departures",
                     "unregistered_headcount", "occupancy")


def _details(people: list[Person], code: str) -> dict[str, int]:
    """Count of people per named detail of a need (卵・小麦 → 卵 and 小麦); unnamed → UNSPECIFIED."""
    counts: Counter[str] = Counter()
    for p in people:
        if code not in p.fields.get("needs", {}):
            continue
        parts = {part for part in DETAIL_SPLIT.split(p.fields["needs"][code] or "") if part}
        counts.update(parts or {UNSPECIFIED})
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def needs_summary(roster: Roster, today: dt.date | None = None) -> dict[str, Any]:
    today = today or dt.date.today()
    inside = roster.in_state("present", "out")
    outside = roster.in_state("outside")
    fed = inside + outside
    unregistered = roster.unregistered_headcount()
    with_need = Counter(code for p in fed for code in p.fields.get("needs", {}))
    allergic = with_need["allergy"]
    infants = [p for p in fed if "infant" in p.fields.get("needs", {})
               or m.age_band(p.fields.get("birth_date"), p.fields.get("age_band"), today) in INFANT_BANDS]
    total = len(fed) + unregistered
    return {
        "site": roster.site_info.get("name") or "", "drill": roster.drill, "date": today.isoformat(),
        "people": {"in_shelter": len(inside), "outside": len(outside),
                   "unregistered_headcount": unregistered, "total": total},
        "meals": {"total": total, "regular": total - allergic, "allergy_free": allergic,
                  "by_allergen": _details(fed, "allergy")},
        "infants": {"count": len(infants), "formula": len(infants), "diapers": len(infants)},
        "medical": {"dialysis": with_need["dialysis"], "oxygen": with_need["oxygen"],
                    "medication": with_need["medication"], "medication_by_kind": _details(fed, "medication")},
        "care": {code: with_need[code] for code in ("elderly", "disability", "pregnancy")},
        "language": {"total": with_need["language"], "by_language": _details(fed, "language")},
        "pets": {"total": with_need["pet"], "by_kind": _details(fed, "pet")},
        "car_sleeping": with_need["car_sleeping"] + sum(1 for p in outside if p.movement.get("where") == "car"
                                                        and "car_sleeping" not in p.fields.get("needs", {})),
    }


def needs_rows(summary: dict[str, Any]) -> list[list[str]]:
    """The summary as [group, item, count] rows (Japanese / English), for the PDF and the desk."""
    rows: list[list[str]] = []
    p, meals, inf, med = summary["people"], summary["meals"], summary["infants"], summary["medical"]
    group = "人数 People"
    rows += [[group, "避難所内（在所・外出中） in the shelter", str(p["in_shelter"])],
             [group, "所外（在宅・車中泊） outside, collecting supplies", str(p["outside"])],
             [group, "人数のみ（未登録） counted, not yet registered", str(p["unregistered_headcount"])],
             [group, "合計 total", str(p["total"])]]
    group = "食事 Meals"
    rows += [[group, "食事 合計 meals in all", str(meals["total"])],
             [group, "通常食 regular meals", str(meals["regular"])],
             [group, "アレルギー対応食 allergy-free meals", str(meals["allergy_free"])]]
    rows += [[group, f"　うち {name} free of {name}", str(n)] for name, n in meals["by_allergen"].items()]
    group = "乳幼児 Infants"
    rows += [[group, "粉ミルク formula", str(inf["formula"])], [group, "おむつ diapers", str(inf["diapers"])]]
    group = "医療 Medical"
    rows += [[group, "人工透析 dialysis", str(med["dialysis"])], [group, "在宅酸素 oxygen", str(med["oxygen"])],
             [group, "常用薬 medication", str(med["medication"])]]
    rows += [[group, f"　うち {kind}", str(n)] for kind, n in med["medication_by_kind"].items()]
    group = "配慮 Care"
    rows += [[group, f"{m.NEEDS[code][0]} {m.NEEDS[code][1]}", str(n)] for code, n in summary["care"].items()]
    rows += [[group, "通訳 interpreter", str(summary["language"]["total"])]]
    rows += [[group, f"　うち {lang}", str(n)] for lang, n in summary["language"]["by_language"].items()]
    rows += [[group, "ペット pets", str(summary["pets"]["total"])]]
    rows += [[group, f"　うち {kind}", str(n)] for kind, n in summary["pets"]["by_kind"].items()]
    rows += [[group, "車中泊 sleeping in a car", str(summary["car_sleeping"])]]
    return rows


def _hour(created_at: str) -> dt.datetime:
    at = dt.datetime.fromisoformat(created_at.replace("Z", "+00:00"))
    if at.tzinfo is None:
        at = at.replace(tzinfo=dt.timezone.utc)
    return at.astimezone(JST).replace(minute=0, second=0, microsecond=0)


def count_over_time(events: Iterable[Any], until: dt.datetime | None = None) -> list[dict[str, Any]]:
    """Per hour (Japan time) from the first shelter event to the last (or `until`): the movements in
    that hour and who is present / counted at its end. Merged duplicates count once."""
    unique = {e.id: e for e in events if e.kind.startswith(m.PREFIX) and not getattr(e, "redacted", False)}
    aliases: dict[str, str] = {}
    for e in sorted(unique.values(), key=lambda e: e.id):
        if e.kind == m.MERGED:
            keep = _resolve(aliases, e.payload.get("keep", ""))
            for other in e.payload.get("merged", []):
                if _resolve(aliases, other) != keep:
                    aliases[_resolve(aliases, other)] = keep
    timeline = sorted(unique.values(), key=lambda e: (e.created_at, e.id))
    if not timeline:
        return []
    first = _hour(timeline[0].created_at)
    last = max(_hour(timeline[-1].created_at), _hour(until.isoformat()) if until else first)
    state: dict[str, str] = {}
    counted: dict[str, int] = {}
    reconciled: Counter[str] = Counter()
    rows: list[dict[str, Any]] = []
    at, i = first, 0
    while at <= last:
        moves: Counter[str] = Counter()
        while i < len(timeline) and _hour(timeline[i].created_at) <= at:
            e, i = timeline[i], i + 1
            p = e.payload
            if e.kind == m.HEADCOUNT:
                counted[p.get("headcount_id", e.id)] = int(p.get("count", 0))
            elif e.kind == m.REGISTERED and p.get("headcount_id"):
                reconciled[p["headcount_id"]] += 1
            elif e.kind in STATE_OF:
                pid = _resolve(aliases, p.get("person_id", ""))
                before, after = state.get(pid), STATE_OF[e.kind]
                state[pid] = after
                if after == "present" and before != "present":
                    moves["returned" if before == "out" else "arrivals"] += 1
                elif before == "present" and after == "out":
                    moves["temporarily_out"] += 1
                elif before in ("present", "out") and after in ("left", "outside"):
                    moves["departures"] += 1
        present = sum(1 for s in state.values() if s == "present")
        unregistered = sum(max(0, n - reconciled[h]) for h, n in counted.items())
        rows.append({"hour": at.isoformat(timespec="minutes"), "present": present,
                     "arrivals": moves["arrivals"], "returned": moves["returned"],
                     "temporarily_out": moves["temporarily_out"], "departures": moves["departures"],
                     "unregistered_headcount": unregistered, "occupancy": present + unregistered})
        at += dt.timedelta(hours=1)
    return rows


def write_over_time_csv(rows: list[dict[str, Any]], out: Path, *, drill: bool = False) -> None:
    with private_file(Path(out), "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=(*OVER_TIME_COLUMNS, *(("drill",) if drill else ())))
        writer.writeheader()
        for row in rows:
            writer.writerow({**row, **({"drill": "訓練/DRILL"} if drill else {})})


def write_over_time_pdf(rows: list[dict[str, Any]], out: Path, *, site: str, drill: bool = False,
                        today: dt.date | None = None) -> int:
    # lazy: reportlab loads with the first PDF, not with the shelter desk
    from kiosk.shelter.roster_pdf import render_roster

    columns = (("時刻 hour (JST)", 57), ("在所 present", 30), ("到着 arrivals", 30), ("戻り returned", 30),
               ("外出 out", 30), ("退所 departures", 32), ("人数のみ counted", 34), ("合計 occupancy", 34))
    cells = [[r["hour"].replace("T", " ")[:16], *(str(r[k]) for k in OVER_TIME_COLUMNS[1:])] for r in rows]
    with private_file(Path(out), "wb") as handle:
        return render_roster(handle, title="時間帯別の在所人数（災害対策本部向け） Count over time", site=site,
                             today=today or dt.date.today(), columns=columns, rows=cells, drill=drill)


def write_needs_pdf(summary: dict[str, Any], out: Path) -> int:
    # lazy: reportlab loads with the first PDF, not with the shelter desk
    from kiosk.shelter.roster_pdf import render_roster

    columns = (("区分 group", 50), ("項目 item", 177), ("人数 count", 50))
    with private_file(Path(out), "wb") as handle:
        return render_roster(handle, title="配慮・物資の集計（物資計画用） Needs summary for supplies",
                             site=summary["site"], today=dt.date.fromisoformat(summary["date"]),
                             columns=columns, rows=needs_rows(summary), group_column=0,
                             drill=summary["drill"])
