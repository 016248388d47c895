"""The counter workflow without Qt: one event + the local application row in one transaction, then
the PDF; nothing at all when the answers are incomplete. And the desk's state machine."""

from __future__ import annotations

import pytest

from kiosk.counter import visit as workflow
from kiosk.counter.flow import CounterFlow, IllegalMoveError, State

PERSON = {"name": "山田　太郎", "address": "東京都新宿区西新宿二丁目８番１号", "birth_date": "1980-04-02",
          "sex_code": "1"}
ANSWERS = {"visitor": "self", "requester_kana": "やまだ たろう", "certificate_kind": "all",
           "copies": 2, "purpose": "pension"}


def submit(store, tmp_path, answers=ANSWERS):
    return workflow.submit_application(store, person=PERSON, answers=answers, data_dir=tmp_path,
                                       site="s1", terminal="t1")


def test_submit_records_event_and_row_then_prints(tmp_path):
    store = workflow.open_store(tmp_path)
    result = submit(store, tmp_path)
    assert result.pdf == tmp_path / "print" / f"{result.event_id}.pdf" and result.pdf.exists()
    event = store.get(result.event_id)
    assert event.kind == "counter.application_submitted"
    assert event.payload["form_id"] == "juminhyo_request"
    assert event.payload["values"]["requester_name"] == PERSON["name"]
    assert event.payload["values"]["copies"] == "2"
    rows = list(store.db.query("SELECT * FROM counter_applications"))
    assert len(rows) == 1 and rows[0]["application_id"] == event.payload["application_id"]
    assert PERSON["name"] not in str(rows[0])  # the local row holds no personal field
    raw = store.db.execute("SELECT payload FROM events").fetchone()[0]
    assert PERSON["name"].encode() not in raw  # encrypted at rest
    assert store.status()["pending"] == 1


def test_missing_answers_write_nothing(tmp_path):
    store = workflow.open_store(tmp_path)
    with pytest.raises(workflow.MissingAnswersError) as info:
        submit(store, tmp_path, {"visitor": "self"})
    assert "purpose" in info.value.fields and info.value.message_ja and info.value.message_en
    assert store.status()["total"] == 0
    assert not (tmp_path / "print").exists()


def test_flow_moves_and_steps():
    flow = CounterFlow()
    for target, step in ((State.WAITING_CARD, 1), (State.CHECKING, 1), (State.PIN, 2),
                         (State.READING, 2), (State.PREVIEW, 3), (State.CONFIRM, 3),
                         (State.SUBMITTING, 3), (State.DONE, 4)):
        flow.go(target)
        assert flow.step == step
    assert flow.back_target() is None  # submitted: no way back
    with pytest.raises(IllegalMoveError):
        flow.go(State.PIN)
    flow.go(State.WAITING_CARD)
    flow.go(State.MANUAL)
    flow.go(State.PREVIEW)
    assert flow.back_target() is State.MANUAL
    flow.go(State.IDLE)  # 最初から is always allowed
    assert flow.state is State.IDLE
