"""Rotating a site's pre-registration key (separate processes: the mesh serving, `kazasu` commands on
the mesh host and on a terminal): `prereg rotate` gives the site a new key that the page carries at
once; `prereg fetch` brings it to the terminal, signed as its sync is; codes made on the old page still
open for 30 days after the rotation, then they are `qr_key_unknown`; new codes are sealed to the newest
key; `prereg keys` lists the keys by id, never a key.
"""

from __future__ import annotations

import base64
from datetime import datetime, timedelta, timezone

import httpx
import pytest

from sync.mesh.backends import open_storage
from sync.mesh.prereg_keys import keyring
from sync.prereg.codes import SiteKeys, make_codes, read_codes
from sync.prereg.errors import UnknownKeyError
from sync.prereg.keyring import ACCEPT_DAYS, Keyring, install, key_label
from sync.prereg.seal import site_private_key
from tests.sync.prereg_data import family, public_text
from tests.sync.processes import SITE, run_error, run_json


def page_key(url: str) -> str:
    return httpx.get(f"{url}/prereg/{SITE}/", timeout=10).text


def test_a_rotation_reaches_the_page_and_the_terminal_and_old_codes_open_for_30_days(mesh_process, tmp_path):
    server, db, folder = mesh_process
    terminal = tmp_path / "term"
    code = run_json("mesh", "enroll", "--db", db, "--site", SITE, data_dir=folder)["code"]
    run_json("terminal", "enroll", "--code", code, "--mesh", server.url, data_dir=terminal)
    old = SiteKeys.load(terminal, SITE)
    old_key = Keyring.load(terminal).current
    assert public_text(old.private) in page_key(server.url)
    old_code = make_codes(family(), old.public, SITE)   # made on the page before the rotation

    rotated = run_json("prereg", "rotate", "--db", db, "--site", SITE, data_dir=folder)
    assert rotated["retired"] == run_json("prereg", "keys", data_dir=terminal)["keys"][0]["key"]
    page = page_key(server.url)
    assert public_text(old.private) not in page   # the page carries the new key at once
    # not fetched yet: the terminal still opens the old page's codes with the key it holds
    assert run_json("prereg", "decode", *old_code, data_dir=terminal)["people"] == family()["people"]

    fetched = run_json("prereg", "fetch", data_dir=terminal)
    assert fetched["changed"] and fetched["current"] == rotated["key"] and fetched["retired"] == [rotated["retired"]]
    new = SiteKeys.load(terminal, SITE)
    new_key = Keyring.load(terminal).current
    assert public_text(new.private) in page and len(new.older) == 1
    assert run_json("prereg", "fetch", data_dir=terminal)["changed"] is False   # again: nothing changes
    listed = run_json("prereg", "keys", data_dir=terminal)["keys"]
    assert [(k["key"], k["current"], k["accepted"]) for k in listed] == [
        (rotated["key"], True, True), (rotated["retired"], False, True)]
    held = Keyring.load(terminal)
    for key in (held.current, held.retired[0]["key"]):   # ids and dates, never a key
        assert base64.b64encode(key).decode() not in str(listed) and key.hex() not in str(listed)

    # the old page's code still opens; the new page's too
    assert run_json("prereg", "decode", *old_code, data_dir=terminal)["people"] == family()["people"]
    new_code = make_codes(family(), new.public, SITE)
    assert run_json("prereg", "decode", *new_code, data_dir=terminal)["people"] == family()["people"]
    # 30 days after the rotation the old key is no longer accepted
    later = datetime.now(timezone.utc) + timedelta(days=ACCEPT_DAYS, hours=1)
    ring = Keyring.load(terminal)
    assert ring.accepted(later) == [ring.current]
    current_only = SiteKeys(SITE, site_private_key(ring.current))
    with pytest.raises(UnknownKeyError):
        read_codes(old_code, current_only)
    assert read_codes(new_code, current_only)["people"] == family()["people"]

    # a terminal enrolled after the rotation gets the newest key; the mesh hands out retired keys 30 days
    code = run_json("mesh", "enroll", "--db", db, "--site", SITE, data_dir=folder)["code"]
    second = tmp_path / "term2"
    run_json("terminal", "enroll", "--code", code, "--mesh", server.url, data_dir=second)
    assert key_label(Keyring.load(second).current) == rotated["key"]
    storage = open_storage(db)
    try:
        assert len(keyring(storage, SITE)["retired"]) == 1
        assert keyring(storage, SITE, now=later)["retired"] == []
    finally:
        storage.close()
    # an older copy of the keyring (a shelter node enrolled before the rotation serves one) changes
    # nothing: the terminal never goes back to a retired key, nor forgets one
    stale = {"site": SITE, "current": {"key_b64": base64.b64encode(old_key).decode(), "created_at": None},
             "retired": []}
    assert install(terminal, stale) == {"current": rotated["key"], "changed": False, "stale": True,
                                        "retired": [rotated["retired"]]}
    assert Keyring.load(terminal).current == new_key and len(Keyring.load(terminal).retired) == 1


def test_fetch_needs_an_enrolled_terminal(mesh_process, tmp_path):
    server, _db, _folder = mesh_process
    error = run_error("prereg", "fetch", "--mesh", server.url, data_dir=tmp_path / "alone")
    assert error["code"] != "internal_error" and error["message_en"] and error["message_ja"]
