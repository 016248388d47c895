"""Closing a shelter: refused before an export that holds everything (typed, bilingual); then the
personal data of the site's shelter events is erased on the terminal, on a real loopback mesh (its
feed, its rows and the raw bytes of its files) and at the site's second terminal once it pulls; a
closing summary of counts survives."""

from __future__ import annotations

import json
import sqlite3

import httpx
import pytest

from kiosk.shelter import model as m
from kiosk.shelter.export import export_csv
from sync.client import SyncClient
from sync.mesh.embedded import EmbeddedMesh

PEOPLE = (("山田　太郎", "やまだ たろう", "1980-04-02"), ("𠮷田　花子", "よしだ はなこ", "1989-01-07"),
          ("秘密　守", "ひみつ まもる", "1975-12-31"), ("佐藤　美咲", "さとう みさき", "1956-12-31"))
# what must not survive anywhere: each name, each kana, each birth date (as stored and as digits)
SECRETS = [s for name, kana, birth in PEOPLE for s in (name, name.replace("　", ""), kana, birth)]


def _sync(desk, url: str) -> None:
    with SyncClient(desk.store, url) as client:
        client.sync_once()
        client.pull_feed(desk.site, own_terminal=desk.terminal)


def _files(folder, prefix: str) -> bytes:
    return b"".join(p.read_bytes() for p in folder.iterdir() if p.name.startswith(prefix))


def _leaks(data: bytes) -> list[str]:
    return [s for s in SECRETS if s.encode("utf-8") in data]


def _export(desk, tmp_path) -> None:
    n = export_csv(desk.roster(), tmp_path / f"{desk.terminal}-roster.csv")
    desk.record_export(fmt="csv", people=n)


def _payloads(desk) -> list[dict]:
    return [e.payload for e in desk.events()]


def test_close_after_export_erases_the_shelter_everywhere(make_desk, tmp_path):
    a, b = make_desk("term-a"), make_desk("term-b")
    a.setup(name="架空市立第一小学校", municipality_code="999999", capacity=100)
    for (name, kana, birth), desk in zip(PEOPLE[:3], (a, a, b)):
        desk.register({"name": name, "kana": kana, "birth_date": birth, "needs": {"allergy": "卵"},
                       "do_not_disclose": name.startswith("秘密")}, source="by_hand")
    mesh = EmbeddedMesh(f"sqlite:///{tmp_path / 'mesh.db'}").start()
    try:
        for _ in range(2):
            _sync(a, mesh.url)
            _sync(b, mesh.url)
        assert len(a.roster().people) == len(b.roster().people) == 3
        with pytest.raises(m.ShelterError) as refused:  # no export yet
            a.close()
        assert refused.value.code == "shelter_not_exported" and "書き出" in refused.value.message_ja
        assert "Export" in refused.value.message_en
        _export(a, tmp_path)
        name, kana, birth = PEOPLE[3]
        a.register({"name": name, "kana": kana, "birth_date": birth}, source="by_hand")  # after the export
        with pytest.raises(m.ShelterError) as changed:
            a.close()
        assert changed.value.code == "shelter_not_exported"
        assert len(a.roster().people) == 4  # a refusal erased nothing
        _export(a, tmp_path)
        blob = bytes(sqlite3.connect(a.store.path).execute(
            "SELECT payload FROM events WHERE kind = ? LIMIT 1", [m.REGISTERED]).fetchone()[0])
        closed = a.close()
        summary = closed["summary"]
        assert (summary["people"], summary["present"], summary["by_need"]["allergy"]) == (4, 4, 3)
        assert summary["site"]["capacity"] == 100
        # terminal A, at once and offline: nothing personal is left, only receipts and the counts
        roster = a.roster()
        assert roster.people == {} and roster.closed["people"] == 4 and roster.closed["households"] == 4
        assert not [p for p in _payloads(a) if _leaks(json.dumps(p, ensure_ascii=False).encode())]
        erased = [e for e in a.events() if e.kind == m.REGISTERED]
        assert len(erased) == 4 and all(e.redacted and e.payload == {} for e in erased)  # own and pulled
        assert blob not in _files(a.store.path.parent, "kazasu.db")  # not in the database nor its WAL
        assert _leaks(_files(a.store.path.parent, "kazasu.db")) == []
        with pytest.raises(m.ShelterError) as again:
            a.close()
        assert again.value.code == "shelter_nothing_to_close"

        _sync(a, mesh.url)  # the mesh erases its copies of the site's shelter events
        feed = httpx.get(f"{mesh.url}/v1/sites/{a.site}/events", params={"after": 0, "limit": 1000}).json()
        shelter = [e for e in feed["events"] if e["kind"].startswith(m.PREFIX)]
        assert all(e["payload"] == {} and e.get("redacted") for e in shelter if e["kind"] != m.CLOSED)
        assert _leaks(json.dumps(feed, ensure_ascii=False).encode()) == []
        with sqlite3.connect(tmp_path / "mesh.db") as db:
            rows = [json.dumps(r, ensure_ascii=False, default=str) for t in
                    [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
                    for r in db.execute(f"SELECT * FROM {t}")]
        assert not [r for r in rows if _leaks(r.encode())]

        _sync(b, mesh.url)  # terminal B pulls the redaction: its own events and its copies go too
        assert b.roster().people == {}
        assert not [p for p in _payloads(b) if _leaks(json.dumps(p, ensure_ascii=False).encode())]
        assert b.roster().closed["people"] == 4  # the closing summary came through the feed
    finally:
        mesh.stop()
    # The mesh's raw files: it checkpointed its WAL after the redaction (secure delete on), so
    # neither the database nor the WAL holds a name, a kana or a birth date.
    assert _leaks(_files(tmp_path, "mesh.db")) == []


def test_close_from_the_cli_is_refused_before_the_export(tmp_path, cli):
    kazasu = cli
    kazasu("shelter", "checkin", "--by-hand", "--name", "山田　太郎", "--birth-date", "1980-04-02")
    refused = kazasu("shelter", "close", ok=False)["error"]
    assert refused["code"] == "shelter_not_exported" and refused["message_ja"] and refused["message_en"]
    kazasu("shelter", "export", "--format", "csv", "--out", str(tmp_path / "outsiders.csv"), "--for-outsiders")
    assert kazasu("shelter", "close", ok=False)["error"]["code"] == "shelter_not_exported"  # not a staff export
    kazasu("shelter", "export", "--format", "pdf", "--out", str(tmp_path / "roster.pdf"))
    closed = kazasu("shelter", "close")
    assert closed["closed"] is True and closed["summary"]["people"] == 1
    assert kazasu("shelter", "status")["present"] == 0 and kazasu("shelter", "find", "山田")["count"] == 0
