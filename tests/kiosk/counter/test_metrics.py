"""kiosk.counter.metrics without Qt: the phase clock, the item counts of a filled form, the local
table (no personal data in it), the per-form medians and the CSV."""

from __future__ import annotations

import sqlite3

from kiosk.counter import metrics
from kiosk.counter import visit as workflow

PERSON = {"name": "山田　太郎", "address": "東京都新宿区西新宿二丁目8番1号", "birth_date": "1980-04-02",
          "sex_code": "1"}
ANSWERS = {"visitor": "self", "requester_kana": "やまだ たろう", "certificate_kind": "all", "copies": 1,
           "purpose": "employment"}


def test_phase_clock_adds_up_each_phase():
    now = [0.0]
    clock = metrics.PhaseClock(now=lambda: now[0])
    clock.start("card")
    now[0] = 2.5
    clock.end("card")
    clock.start("asked")
    now[0] = 10.0
    clock.end("asked")
    clock.start("asked")  # back and forth: the phase adds up
    now[0] = 11.0
    clock.end("asked")
    clock.end("confirm")  # never started: nothing
    assert clock.durations() == {"card": 2500, "asked": 8500, "confirm": None}
    clock.reset()
    assert clock.durations() == {"card": None, "asked": None, "confirm": None}


def test_items_count_prefilled_and_typed_and_shared_fields_once():
    filled = workflow.preview(PERSON, ANSWERS)
    items = metrics.count_items(filled)
    # visitor, kana, kind, purpose typed; copies = 1 is where the stepper starts (pre-filled)
    assert items.typed == 4
    non_asked = [f for f in filled.form.fields if not f.asked and filled.values.get(f.id)]
    assert items.prefilled >= len(non_asked) + 1
    # a shared field already typed for an earlier form of the visit is not counted again
    assert metrics.count_items(filled, {"requester_kana"}).typed == 3
    # 本人 pre-set by the desk for the card holder and left as it was: pre-filled, not typed
    visit = workflow.Visit([workflow.DEFAULT_FORM])
    preset = workflow.desk_defaults(visit, PERSON)
    assert preset == {"visitor": "self"}
    assert metrics.count_items(filled, None, preset).typed == 3
    assert workflow.desk_defaults(visit, dict(PERSON, read_from_card=False)) == {}


def test_record_summary_and_csv_hold_no_personal_data(tmp_path):
    rows = [{"form_id": "juminhyo_request", "path": "pin", "card_ms": ms, "asked_ms": 2 * ms,
             "confirm_ms": 1000, "prefilled": 14, "typed": typed}
            for ms, typed in ((3000, 2), (5000, 3), (4000, 9))]
    metrics.record(tmp_path, rows)
    [summary] = metrics.summary(tmp_path)
    assert summary == {"form": "juminhyo_request", "count": 3, "card_ms_median": 4000,
                       "asked_ms_median": 8000, "confirm_ms_median": 1000,
                       "prefilled_median": 14, "typed_median": 3}
    with sqlite3.connect(metrics.metrics_path(tmp_path)) as db:
        columns = [r[1] for r in db.execute("PRAGMA table_info(counter_metrics)")]
        day = db.execute("SELECT day FROM counter_metrics").fetchone()[0]
    assert columns == ["id", "day", "form_id", "path", "card_ms", "asked_ms", "confirm_ms",
                       "prefilled", "typed"]
    assert len(day) == 10  # the date only, no time of day
    text = metrics.to_csv(metrics.summary(tmp_path))
    assert text.splitlines()[1] == "juminhyo_request,3,4000,8000,1000,14,3"
    assert metrics.summary(tmp_path / "nowhere") == []


def test_my_number_is_read_only_with_a_field_and_a_legal_basis_and_shown_masked():
    from types import SimpleNamespace as NS

    field = NS(source=workflow.MY_NUMBER_SOURCE)
    assert workflow.reads_my_number(NS(reads_my_number=True, fields=(field,)))
    assert not workflow.reads_my_number(NS(reads_my_number=True, fields=(NS(source="card.name"),)))
    assert not workflow.reads_my_number(NS(reads_my_number=False, fields=(field,)))
    assert workflow.mask_my_number("432719146829") == "＊" * 8 + "6829"
    assert workflow.Visit(["juminhyo_request"]).my_number_purpose is None
