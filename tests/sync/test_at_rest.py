"""The terminal's SQLite files hold no plaintext name, address or My Number of a stored event.

A real event (and a pulled event of another terminal, and a synced one) goes through EventStore; then
the raw bytes of kazasu.db, its -wal and -shm files are searched for the personal fields in every
form the application or a library could write them: UTF-8, UTF-16 (both byte orders), Shift_JIS,
EUC-JP, JSON `\\uXXXX` escapes, percent-encoding, base64, and the My Number as digits with and without
separators, in full-width digits and as a 64-bit integer. Checked before the WAL is checkpointed
(the bytes are in the -wal file) and after. The logs of the whole path are searched too.
"""

from __future__ import annotations

import base64
import json
import logging
from urllib.parse import quote

from sync.client import SyncClient
from sync.events import Event
from sync.store import EventStore

NAME = "架空　幸子"
KANA = "カクウ　サチコ"
ADDRESS = "見本県架空市桜町三丁目12番地の3"
MY_NUMBER = "123456789018"  # fictitious
BIRTH = "1987-04-29"


def person(name: str = NAME) -> dict:
    return {"applicant": {"name": name, "kana": KANA, "address": ADDRESS, "birth_date": BIRTH,
                          "sex_code": "2"},
            "my_number": MY_NUMBER, "forms": ["juminhyo_copy"]}


def text_forms(value: str) -> set[bytes]:
    forms = {value.encode("utf-8"), value.encode("utf-16-le"), value.encode("utf-16-be"),
             json.dumps(value).strip('"').encode("ascii"), quote(value).encode("ascii"),
             base64.b64encode(value.encode("utf-8"))}
    for codec in ("cp932", "euc_jp"):
        try:
            forms.add(value.encode(codec))
        except UnicodeEncodeError:
            pass
    return forms


def secrets_forms() -> dict[str, set[bytes]]:
    parts = [NAME, NAME.split("　")[0], NAME.split("　")[1], KANA, ADDRESS, "桜町三丁目12番地"]
    found = {part: text_forms(part) for part in parts}
    digits = {MY_NUMBER, "-".join([MY_NUMBER[:4], MY_NUMBER[4:8], MY_NUMBER[8:]]),
              " ".join([MY_NUMBER[:4], MY_NUMBER[4:8], MY_NUMBER[8:]]),
              MY_NUMBER.translate(str.maketrans("0123456789", "０１２３４５６７８９"))}
    found["my_number"] = set().union(*(text_forms(d) for d in digits)) | {
        int(MY_NUMBER).to_bytes(8, "big"), int(MY_NUMBER).to_bytes(8, "little"),
        int(MY_NUMBER).to_bytes(6, "big")}  # how SQLite stores an INTEGER of this size
    return found


def raw_files(folder) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.name.startswith("kazasu.db")}


def leaks(folder) -> list[str]:
    files = raw_files(folder)
    return [f"{label} as {form!r} in {name}" for label, forms in secrets_forms().items()
            for form in forms for name, data in files.items() if form in data]


def test_no_personal_data_in_the_sqlite_files(tmp_path, mesh, caplog):
    caplog.set_level(logging.DEBUG)
    store = EventStore(tmp_path / "kazasu.db")
    own = store.append("counter.application_submitted", person(), site="site-r", terminal="term-1",
                       staff="staff-1")
    store.append("shelter.checked_in", {"person": person()["applicant"], "needs": []},
                 site="site-r", terminal="term-1", staff="staff-1")
    other = Event.create("library.card_issued", {"patron": person()["applicant"]}, site="site-r",
                         terminal="term-2", staff="staff-2")
    store.store_remote_events("site-r", [(7, other)], 7)  # pulled from the feed: stored encrypted too
    assert "kazasu.db-wal" in raw_files(tmp_path)  # not checkpointed yet: the rows are in the WAL
    assert own.id.encode() in raw_files(tmp_path)["kazasu.db-wal"]  # the search looks at real rows
    assert leaks(tmp_path) == []

    with SyncClient(store, mesh.url) as client:  # sending and acknowledging writes again
        assert client.sync_once()["accepted"] == 2
    assert leaks(tmp_path) == []
    assert store.pending(10) == [] and store.get(own.id).payload == person()  # still readable

    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    assert leaks(tmp_path) == []
    assert own.id.encode() in raw_files(tmp_path)["kazasu.db"]

    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert logged, "nothing was logged: the log check would be empty"
    plain = [NAME, NAME.split("　")[0], NAME.split("　")[1], KANA, ADDRESS, MY_NUMBER,
             json.dumps(NAME).strip('"'), json.dumps(ADDRESS).strip('"')]
    assert [text for text in plain if text in logged] == []
