"""Reports: the needs summary for supplies and the count over time (CLI json/csv/pdf), the roster and
needs PDFs rendered to docs/images with pdftoppm, and every character of every name found again by
text extraction (pdftotext)."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from kiosk.shelter import model as m
from kiosk.shelter.reports import count_over_time, needs_summary
from tests import shots

# fictitious evacuees; rare kanji on purpose (𠮷 outside the BMP, 髙 﨑 邉 齋 from IPAmj)
PEOPLE = (
    ("𠮷田　髙子", "よしだ たかこ", "1970-01-01", "𠮷田家", "language:ベトナム語;allergy:えび"),
    ("𠮷田　一", "よしだ はじめ", "2025-03-03", "𠮷田家", "infant;allergy:卵・乳"),
    ("山﨑　邉", "やまさき ほとり", "1941-07-07", "山﨑家", "elderly;dialysis;medication:インスリン"),
    ("齋藤　みどり", "さいとう みどり", "1992-11-11", "齋藤家", "pregnancy;allergy:卵"),
    ("見本　太郎", "みほん たろう", "1985-05-05", "", "pet:犬"),
)


def shelter(kazasu) -> None:
    for name, kana, birth, household, needs in PEOPLE:
        kazasu("shelter", "checkin", "--by-hand", "--name", name, "--kana", kana, "--birth-date", birth,
               "--household", household, "--needs", needs)
    kazasu("shelter", "checkin", "--by-hand", "--name", "守田　秘子", "--do-not-disclose", "--needs", "allergy:そば")
    kazasu("shelter", "checkin", "--by-hand", "--name", "車中　泊", "--outside", "car", "--place", "北駐車場",
           "--needs", "oxygen")
    kazasu("shelter", "headcount", "--count", "3")


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


def render(pdf: Path, name: str) -> Path:
    """The first page as PNG for docs/images (looked at; referenced from docs/shelter.md)."""
    stem = shots.path(f"{name}.png", "images").with_suffix("")
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(stem)],
                   check=True)
    return stem.with_suffix(".png")


@pytest.mark.shots
def test_needs_summary_counts_everyone_fed_and_names_nobody(kazasu, tmp_path):
    shelter(kazasu)
    report = kazasu("shelter", "report", "--kind", "needs").json
    # 5 + protected (counted silently) in the shelter, 1 in a car, 3 counted but not registered
    assert report["people"] == {"in_shelter": 6, "outside": 1, "unregistered_headcount": 3, "total": 10}
    assert report["meals"]["total"] == 10 and report["meals"]["allergy_free"] == 4 and report["meals"]["regular"] == 6
    assert report["meals"]["by_allergen"] == {"卵": 2, "えび": 1, "そば": 1, "乳": 1}
    assert report["infants"] == {"count": 1, "formula": 1, "diapers": 1}
    assert report["medical"]["dialysis"] == 1 and report["medical"]["oxygen"] == 1
    assert report["medical"]["medication_by_kind"] == {"インスリン": 1}
    assert report["language"]["by_language"] == {"ベトナム語": 1} and report["pets"]["by_kind"] == {"犬": 1}
    assert report["care"] == {"elderly": 1, "disability": 0, "pregnancy": 1} and report["car_sleeping"] == 1
    text = json.dumps(report, ensure_ascii=False)
    assert not any(name.split("　")[0] in text for name, *_ in PEOPLE) and "守田" not in text
    out = tmp_path / "needs.pdf"
    assert kazasu("shelter", "report", "--kind", "needs", "--format", "pdf", "--out", str(out))["out"] == str(out)
    extracted = pdf_text(out)
    for line in ("アレルギー対応食", "うち 卵", "粉ミルク", "人工透析", "インスリン", "架空市立第一小学校"):
        assert line in extracted
    assert "𠮷田" not in extracted and oct(out.stat().st_mode)[-3:] == "600"
    png = render(out, "shelter-needs")
    assert png.stat().st_size > 10_000
    missing = kazasu("shelter", "report", "--kind", "needs", "--format", "pdf", ok=False)
    assert missing["error"]["code"] == "shelter_report_out_missing" and missing["error"]["message_ja"]


@pytest.mark.shots
def test_roster_pdf_keeps_every_character_of_every_name(kazasu, tmp_path):
    shelter(kazasu)
    out = tmp_path / "roster.pdf"
    assert kazasu("shelter", "export", "--format", "pdf", "--out", str(out))["people"] == 7
    extracted = pdf_text(out)
    squeezed = re.sub(r"\s+", "", extracted)  # the full-width space between names prints as a gap
    for name, kana, *_ in (*PEOPLE, ("守田　秘子", ""), ("車中　泊", "")):
        # whole names in order, so no character of them was lost, replaced or split off
        assert re.sub(r"\s+", "", name) in squeezed, name
        assert kana in extracted
    assert "非開示" in extracted and "食物アレルギー(卵・乳)・乳幼児" in extracted
    render(out, "shelter-roster")
    outsiders = tmp_path / "outsiders.pdf"
    kazasu("shelter", "export", "--format", "pdf", "--out", str(outsiders), "--for-outsiders")
    assert "守田" not in pdf_text(outsiders) and "よしだ たかこ" in pdf_text(outsiders)


def event(kind: str, at: str, **payload):
    from sync.events import Event

    event.n = getattr(event, "n", 0) + 1
    return Event(id=f"0190000{event.n:05d}", kind=kind, site="s", terminal="t", staff="x",
                 created_at=f"2026-01-01T{at}:00Z", payload=payload)


def test_count_over_time_per_hour_from_event_times():
    person = {"name": "見本"}
    events = [
        event(m.SETUP, "00:05", name="架空", capacity=50),
        event(m.HEADCOUNT, "00:10", headcount_id="h1", count=4),  # 09:10 in Japan
        event(m.REGISTERED, "00:20", person_id="a", person=person, headcount_id="h1"),
        event(m.CHECKED_IN, "00:20", person_id="a"),
        event(m.REGISTERED, "00:30", person_id="b", person=person),
        event(m.CHECKED_IN, "00:30", person_id="b"),
        event(m.REGISTERED, "01:10", person_id="b2", person=person),  # b again at another terminal
        event(m.CHECKED_IN, "01:10", person_id="b2"),
        event(m.TEMP_OUT, "01:40", person_id="a"),
        event(m.RETURNED, "03:05", person_id="a"),
        event(m.CHECKED_OUT, "03:30", person_id="b", reason="home"),
        event(m.MERGED, "03:50", keep="b", merged=["b2"]),
    ]
    rows = count_over_time(reversed(events))  # any order: the same table
    assert [r["hour"] for r in rows] == ["2026-01-01T09:00+09:00", "2026-01-01T10:00+09:00",
                                         "2026-01-01T11:00+09:00", "2026-01-01T12:00+09:00"]
    table = [(r["arrivals"], r["returned"], r["temporarily_out"], r["departures"], r["present"],
              r["unregistered_headcount"], r["occupancy"]) for r in rows]
    assert table == [(2, 0, 0, 0, 2, 3, 5),   # two arrive; 4 counted, one of them registered
                     (0, 0, 1, 0, 1, 3, 4),   # b's second check-in is the same person (merged): no arrival
                     (0, 0, 0, 0, 1, 3, 4),   # an hour with nothing: carried on
                     (0, 1, 0, 1, 1, 3, 4)]
    assert count_over_time([]) == []


def test_over_time_csv_and_pdf_from_the_cli(kazasu, tmp_path):
    shelter(kazasu)
    result = kazasu("shelter", "report", "--kind", "over-time")
    now = result["hours"][-1]
    assert now["present"] == 6 and now["arrivals"] == 6 and now["unregistered_headcount"] == 3
    assert now["occupancy"] == 9
    out = tmp_path / "over-time.csv"
    assert kazasu("shelter", "report", "--kind", "over-time", "--format", "csv", "--out", str(out))["hours"] >= 1
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    assert rows[-1]["present"] == "6" and list(rows[0])[:3] == ["hour", "present", "arrivals"]
    pdf = tmp_path / "over-time.pdf"
    kazasu("shelter", "report", "--kind", "over-time", "--format", "pdf", "--out", str(pdf))
    assert "時間帯別の在所人数" in pdf_text(pdf)
    bad = kazasu("shelter", "report", "--kind", "needs", "--format", "csv", "--out", str(out), ok=False)
    assert bad["error"]["code"] == "shelter_report_format"


def test_needs_summary_of_an_empty_shelter():
    from kiosk.shelter.roster import Roster

    summary = needs_summary(Roster(), today=dt.date(2026, 1, 1))
    assert summary["people"]["total"] == 0 and summary["meals"]["by_allergen"] == {}
    assert shutil.which("pdftotext") and shutil.which("pdftoppm")  # poppler-utils, installed by setup.sh
