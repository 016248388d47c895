"""The resident's pre-registration page as deployed: served by a real `kazasu mesh serve` (signed, the
real rule) to headless Chromium at phone size, filled in as a resident does, its QR code rendered by the
page, decoded from the screenshot by zbar (zbarimg) and by the kiosk (`kazasu prereg decode`,
`kazasu shelter checkin --qr`); it still works with the mesh gone (its service worker).
"""

from __future__ import annotations

import base64
import json
import os
import subprocess

import httpx
import pytest
from cryptography.hazmat.primitives import serialization

from kiosk.cards.qr_image import read_qr_texts
from sync.prereg.codes import SiteKeys
from tests import shots
from tests.browser import Chromium
from tests.sync.prereg_data import family
from tests.sync.processes import SITE, MeshServer, run_error, run_json


@pytest.fixture
def deployed(tmp_path):
    """A signed mesh on SQLite and one terminal of SITE enrolled on it (it holds the site's key); the
    page names the site 「架空市立第一小学校」 (`kazasu mesh site-name`)."""
    folder = tmp_path / "mesh"
    folder.mkdir()
    db_url = f"sqlite:///{folder / 'mesh.db'}"
    mesh = MeshServer(db_url, folder, signed=True)
    code = run_json("mesh", "enroll", "--db", db_url, "--site", SITE, data_dir=folder)["code"]
    run_json("mesh", "site-name", "--db", db_url, "--site", SITE, "架空市立第一小学校", data_dir=folder)
    terminal = tmp_path / "term"
    assert run_json("terminal", "enroll", "--code", code, "--mesh", mesh.url,
                    data_dir=terminal)["service_keys"]["prereg"] == "installed"
    yield mesh, terminal
    mesh.stop()


def zbar(path) -> list[str]:
    """The texts zbar reads in a picture (an independent decoder)."""
    out = subprocess.run(["zbarimg", "--quiet", "--raw", str(path)], capture_output=True, text=True, timeout=60)
    return out.stdout.split()


def fill_family(page: Chromium, household: dict) -> None:
    page.type_into("address", household["address"])
    for i, person in enumerate(household["people"]):
        if i:
            page.click("add")
        page.type_into(f"p{i}-name", person["name"])
        page.type_into(f"p{i}-kana", person["kana"])
        # a date field takes its value from the phone's date picker
        page.eval(f"document.getElementById('p{i}-birth').value = {json.dumps(person['birth_date'])}")
        page.click(f"p{i}-sex-{person['sex_code']}")
        for code, detail in person["needs"].items():
            page.click(f"p{i}-need-{code}")
            if detail:
                page.type_into(f"p{i}-need-{code}-detail", detail)
        if person["do_not_disclose"]:
            page.click(f"p{i}-dnd")


def test_the_page_holds_only_the_sites_public_key(deployed):
    mesh, terminal = deployed
    page = httpx.get(f"{mesh.url}/prereg/{SITE}/", timeout=10)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "default-src 'none'" in page.headers["content-security-policy"]
    keys = SiteKeys.load(terminal, SITE)
    public = keys.private.public_key().public_bytes(serialization.Encoding.X962,
                                                    serialization.PublicFormat.UncompressedPoint)
    assert base64.urlsafe_b64encode(public).decode().rstrip("=") in page.text
    secret = (terminal / "service-keys" / "prereg.key").read_bytes()
    for form in (secret.hex(), base64.b64encode(secret).decode(), base64.urlsafe_b64encode(secret).decode()):
        assert form not in page.text
    assert httpx.get(f"{mesh.url}/prereg/{SITE}", timeout=10).status_code == 308
    assert httpx.get(f"{mesh.url}/prereg/{SITE}/counter/", timeout=10).status_code == 200
    assert httpx.get(f"{mesh.url}/prereg/{SITE}/sw.js", timeout=10).headers["content-type"].startswith(
        "text/javascript")
    missing = httpx.get(f"{mesh.url}/prereg/no-such-site/", timeout=10)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"


@pytest.mark.shots
def test_a_family_of_five_fills_the_page_and_its_code_checks_them_in(deployed, tmp_path):
    mesh, terminal = deployed
    with Chromium(tmp_path / "profile") as page:
        page.open(f"{mesh.url}/prereg/{SITE}/")
        page.click("lang-ja")
        assert page.eval("document.getElementById('title').textContent") == "避難所 受付の事前登録"
        assert page.eval("document.getElementById('site').textContent") == "架空市立第一小学校"
        fill_family(page, family())
        page.eval("scrollTo(0, 0)")
        page.screenshot(shots.path("prereg-page-form.png"))  # what a phone shows: 390 × 844
        page.click("lang-easy")  # the words change, what was typed stays
        assert page.eval("document.getElementById('p4-name').value") == family()["people"][4]["name"]
        assert "まえもって" in page.eval("document.getElementById('title').textContent")
        page.click("lang-ja")
        page.click("make")
        assert page.wait("document.body.dataset.codes") == "1"
        text = page.eval("document.getElementById('qr-1').dataset.text")
        shot = page.screenshot(tmp_path / "code.png", "qr-1")
        page.eval("scrollTo(0, 0)")
        page.screenshot(shots.path("prereg-page-code.png"))
    assert zbar(shot) == [text]
    assert read_qr_texts(shot.read_bytes()) == [text]  # and the kiosk's own decoder (a camera's)
    decoded = run_json("prereg", "decode", "--image", str(shot), data_dir=terminal)
    assert decoded["people"] == family()["people"] and decoded["address"] == family()["address"]
    run_json("shelter", "setup", "--name", "架空市立第一小学校", "--municipality-code", "999999",
             "--capacity", "50", data_dir=terminal)
    done = run_json("shelter", "checkin", "--qr", zbar(shot)[0], data_dir=terminal)
    assert done["count"] == 5 and run_json("shelter", "status", data_dir=terminal)["present"] == 5


def test_the_page_works_offline_once_loaded(deployed, tmp_path):
    mesh, terminal = deployed
    with Chromium(tmp_path / "profile") as page:
        page.open(f"{mesh.url}/prereg/{SITE}/")
        assert page.wait("navigator.serviceWorker.ready.then(() => caches.open('kazasu-prereg-v1'))"
                         ".then((c) => c.keys()).then((k) => k.length > 0)")
        mesh.stop()
        page.reload()  # no mesh any more: the service worker's copy
        page.click("lang-en")
        assert page.eval("document.getElementById('make').textContent") == "Make the code"
        page.type_into("p0-name", "𠮷田　太郎")
        page.click("make")
        assert page.wait("document.body.dataset.codes") == "1"
        text = page.eval("document.getElementById('qr-1').dataset.text")
        shot = page.screenshot(tmp_path / "code.png", "qr-1")
    assert zbar(shot) == [text]
    assert run_json("prereg", "decode", text, data_dir=terminal)["people"][0]["name"] == "𠮷田　太郎"
    other = tmp_path / "other-site"
    assert run_error("prereg", "decode", text, "--site", "site-z", data_dir=other)["code"] == "qr_foreign_site"


def test_a_name_is_required_and_said_in_the_residents_language(deployed, tmp_path):
    mesh, _ = deployed
    with Chromium(tmp_path / "profile") as page:
        page.open(f"{mesh.url}/prereg/{SITE}/")
        page.click("lang-easy")
        page.click("make")
        assert page.eval("document.getElementById('message').textContent") == "1にんめ の なまえ を かいて ください。"
        assert page.eval("document.body.dataset.codes") is None


def test_a_large_household_gets_numbered_codes_each_read_by_zbar(deployed, tmp_path):
    mesh, terminal = deployed
    big = family()
    big["people"] = [dict(p, name=f"{p['name']}{i}", needs={"other": os.urandom(60).hex()})
                     for i, p in enumerate(big["people"] * 3)]
    with Chromium(tmp_path / "profile") as page:
        page.open(f"{mesh.url}/prereg/{SITE}/")
        fill_family(page, big)
        page.click("make")
        parts = int(page.wait("document.body.dataset.codes"))
        assert parts >= 2
        texts = [page.eval(f"document.getElementById('qr-{i}').dataset.text") for i in range(1, parts + 1)]
        read = [zbar(page.screenshot(tmp_path / f"part-{i}.png", f"qr-{i}")) for i in range(1, parts + 1)]
    assert read == [[t] for t in texts]
    decoded = run_json("prereg", "decode", *reversed(texts), data_dir=terminal)
    assert decoded["people"] == big["people"]


def test_the_counter_page_fills_the_by_hand_path(deployed, tmp_path):
    mesh, terminal = deployed
    with Chromium(tmp_path / "profile") as page:
        page.open(f"{mesh.url}/prereg/{SITE}/counter/")
        page.click("lang-ja")
        page.type_into("me-name", "髙橋　𠮷子")
        page.type_into("me-kana", "たかはし　よしこ")
        page.eval("document.getElementById('me-birth').value = '1985-06-15'")
        page.click("me-sex-2")
        page.type_into("address", "東京都新宿区西新宿二丁目８番１号")
        page.click("proc-juminhyo_request")
        for field, value in (("visitor", "self"), ("certificate_kind", "all"), ("purpose", "employment"),
                             ("include_household_head", "omit"), ("include_domicile", "omit"),
                             ("include_my_number", "omit"), ("include_resident_code", "omit")):
            page.eval(f"document.getElementById('ans-{field}').value = '{value}'")
        page.type_into("ans-copies", "2")
        page.type_into("ans-requester_phone", "0312345678")
        page.click("make")
        assert page.wait("document.body.dataset.codes") == "1"
        shot = page.screenshot(tmp_path / "code.png", "qr-1")
    text = zbar(shot)[0]
    visit = run_json("prereg", "decode", text, data_dir=terminal)
    assert visit["kind"] == "counter" and visit["person"]["name"] == "髙橋　𠮷子"
    assert visit["procedures"] == ["juminhyo_request"] and visit["answers"]["copies"] == "2"
    done = run_json("counter", "submit", "--qr", text, data_dir=terminal)
    assert done["form"] == "juminhyo_request"


def test_the_short_address_redirects_only_into_the_page(deployed):
    mesh, _ = deployed
    answer = httpx.get(f"{mesh.url}/prereg/%5C%5Cevil.example", timeout=10)
    assert answer.status_code == 308 and answer.headers["location"] == "%5C%5Cevil.example/"
