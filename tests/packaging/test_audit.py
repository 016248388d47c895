"""`kazasu audit`: the staff-readable view of who did what and when, from the signed event chain —
verified whole, a break (an edited staff id, a removed event) shown where it is — with a CSV export and
no personal data in any of it."""

from __future__ import annotations

import csv
import json
import sqlite3
from datetime import datetime, timedelta, timezone

import pytest

from sync.signing import TerminalIdentity
from sync.store import EventStore

PAYLOAD = {"name": "山田　太郎", "my_number": "432719146829", "address": "東京都新宿区西新宿二丁目8番1号"}


@pytest.fixture
def terminal(tmp_path):
    """One unsigned event from before enrolment, then five signed ones by two staff members."""
    data = tmp_path / "data"
    store = EventStore(data / "kazasu.db")
    store.append("counter.application_submitted", PAYLOAD, site="city-1f", terminal="term-a", staff="sato")
    store.close()
    TerminalIdentity.generate("term-a").save(data)
    store = EventStore(data / "kazasu.db")
    for staff, kind in (("sato", "counter.application_submitted"), ("suzuki", "shelter.checked_in"),
                        ("sato", "counter.application_submitted"), ("suzuki", "library.loan"),
                        ("sato", "counter.application_submitted")):
        store.append(kind, PAYLOAD, site="city-1f", terminal="term-a", staff=staff)
    store.close()
    return data


def no_personal_data(text: str) -> None:
    for secret in ("山田", "太郎", "432719146829", "西新宿"):
        assert secret not in text


def test_who_did_what_and_when_with_a_verified_chain(terminal, kazasu, tmp_path):
    result = kazasu("audit", "--csv", str(tmp_path / "audit.csv"), data_dir=terminal).json
    assert result["ok"] is True and result["enrolled"] is True and result["checked"] == 5
    rows = result["events"]
    assert [r["staff"] for r in rows] == ["sato", "sato", "suzuki", "sato", "suzuki", "sato"]
    assert [r["seq"] for r in rows] == [None, 1, 2, 3, 4, 5]
    assert [r["chain"] for r in rows] == ["unsigned", "ok", "ok", "ok", "ok", "ok"]
    assert {r["terminal"] for r in rows} == {"term-a"} and {r["sent"] for r in rows} == {"pending"}
    assert rows[2]["kind"] == "shelter.checked_in" and rows[0]["time"] <= rows[-1]["time"]
    with open(tmp_path / "audit.csv", encoding="utf-8-sig", newline="") as handle:
        table = list(csv.DictReader(handle))
    assert list(table[0]) == ["time", "staff", "kind", "terminal", "site", "seq", "chain", "sent", "event_id"]
    assert [t["staff"] for t in table] == [r["staff"] for r in rows] and table[0]["seq"] == ""
    no_personal_data((tmp_path / "audit.csv").read_text(encoding="utf-8-sig"))
    no_personal_data(json.dumps(result, ensure_ascii=False))


def test_an_edited_or_removed_event_shows_the_break(terminal, kazasu):
    kazasu = kazasu.using(data_dir=terminal)
    with sqlite3.connect(terminal / "kazasu.db") as db:
        db.execute("UPDATE events SET staff = 'mallory' WHERE chain_seq = 2")  # who did it, rewritten
    result = kazasu("audit", ok=False).json
    assert result["ok"] is False
    # the edited event's signature fails, and the next one no longer links to what is stored
    assert [(b["seq"], b["problem"]) for b in result["breaks"]] == [(2, "bad_signature"), (3, "broken_link")]
    edited = next(r for r in result["events"] if r["seq"] == 2)
    assert edited["staff"] == "mallory" and edited["chain"] == "bad_signature"

    with sqlite3.connect(terminal / "kazasu.db") as db:
        event_id = db.execute("SELECT id FROM events WHERE chain_seq = 4").fetchone()[0]
        db.execute("DELETE FROM outbox WHERE event_id = ?", [event_id])
        db.execute("DELETE FROM events WHERE id = ?", [event_id])
    out = kazasu("audit", json=False, ok=False).out
    assert "chain: BROKEN at seq 2 (bad_signature" in out and "3 problem(s) in 4 signed event(s)" in out
    result = kazasu("audit", ok=False)
    assert [(b["seq"], b["problem"]) for b in result["breaks"]] == [(2, "bad_signature"), (3, "broken_link"),
                                                                (5, "gap")]
    no_personal_data(out)


def test_since_filters_rows_but_the_whole_chain_is_checked(terminal, kazasu):
    kazasu = kazasu.using(data_dir=terminal)
    later = (datetime.now(timezone.utc) + timedelta(hours=1)).isoformat()
    result = kazasu("audit", "--since", later)
    assert result["events"] == [] and result["checked"] == 5
    result = kazasu("audit", "--since", "2000-01-01")
    assert len(result["events"]) == 6
    result = kazasu("audit", "--since", "last tuesday", ok=False)
    assert result["error"]["code"] == "audit_since_invalid"
    assert "2026-04-01" in result["error"]["message_en"] and "--since" in result["error"]["message_ja"]


def test_an_empty_or_unenrolled_terminal(tmp_path, kazasu):
    kazasu = kazasu.using(data_dir=tmp_path / "new")
    result = kazasu("audit")
    assert result["events"] == [] and result["enrolled"] is False
    store = EventStore(tmp_path / "new" / "kazasu.db")
    store.append("shelter.checked_in", PAYLOAD, site="s", terminal="t", staff="volunteer")
    store.close()
    out = kazasu("audit", json=False).out
    assert "volunteer" in out and "unsigned" in out and "not enrolled" in out
    no_personal_data(out)
