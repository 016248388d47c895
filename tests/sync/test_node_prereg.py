"""The shelter node serves its site's pre-registration page (separate processes: the municipal mesh and
`kazasu node serve`): the node receives the site's `prereg` key at its enrolment, so the page it serves
carries the same public key as the mesh's, and a code the page makes opens at a terminal of the site;
the page names the site (`kazasu mesh site-name`, `node serve --site-name`, kept in mesh_site_names).
"""

from __future__ import annotations

import base64

import httpx

from sync.prereg.codes import SiteKeys, make_codes, read_codes
from tests.browser import Chromium
from tests.sync.prereg_data import family, public_text
from tests.sync.processes import SITE, NodeServer, on_terminal, run_error, run_json

SHELTER = "架空市立第一小学校"


def test_the_node_serves_the_sites_page_with_the_sites_key_and_name(mesh_process, tmp_path):
    server, db, folder = mesh_process
    code = run_json("mesh", "enroll", "--db", db, "--site", SITE, data_dir=folder)["code"]
    terminal = tmp_path / "term"
    run_json("terminal", "enroll", "--code", code, "--mesh", server.url, data_dir=terminal)
    assert run_json("mesh", "site-name", "--db", db, "--site", SITE, data_dir=folder)["name"] == ""
    named = run_json("mesh", "site-name", "--db", db, "--site", SITE, f"  {SHELTER} ", data_dir=folder)
    assert named["name"] == SHELTER
    assert run_json("mesh", "site-name", "--db", db, "--site", SITE, data_dir=folder)["name"] == SHELTER
    assert run_error("mesh", "site-name", "--db", db, "--site", SITE, "x" * 81,
                     data_dir=folder)["code"] == "site_name_invalid"
    keys = SiteKeys.load(terminal, SITE)
    from_mesh = httpx.get(f"{server.url}/prereg/{SITE}/", timeout=10)
    assert from_mesh.status_code == 200 and public_text(keys.private) in from_mesh.text and SHELTER in from_mesh.text

    node_dir = tmp_path / "node"
    node_code = run_json("mesh", "enroll", "--db", db, "--site", SITE, "--node", data_dir=folder)["code"]
    enrolled = on_terminal(node_dir).process("node", "enroll", "--code", node_code, "--upstream", server.url).json
    assert enrolled["prereg_key"] is True
    secret = (node_dir / "service-keys" / "prereg.key").read_bytes()
    assert secret == (terminal / "service-keys" / "prereg.key").read_bytes()   # the site's, not its own
    node = NodeServer(node_dir, server.url, extra=("--site-name", "第一小 体育館"))
    try:
        page = httpx.get(f"{node.url}/prereg/{SITE}/", timeout=10)
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        assert "default-src 'none'" in page.headers["content-security-policy"]
        assert public_text(keys.private) in page.text and "第一小 体育館" in page.text
        for form in (secret.hex(), base64.b64encode(secret).decode(), base64.urlsafe_b64encode(secret).decode()):
            assert form not in page.text   # only the public half
        assert httpx.get(f"{node.url}/prereg/{SITE}/counter/", timeout=10).status_code == 200
        with Chromium(tmp_path / "profile") as browser:   # the page names the site, above the form
            browser.open(f"{node.url}/prereg/{SITE}/")
            assert browser.eval("document.getElementById('site').textContent") == "第一小 体育館"
        assert httpx.get(f"{node.url}/prereg/other-site/", timeout=10).status_code == 404
    finally:
        node.stop()
    # a code sealed to the key the node's page carries opens at the site's terminal
    texts = make_codes(family(), SiteKeys.from_service_key(SITE, secret).public, SITE)
    assert read_codes(texts, keys)["people"] == family()["people"]
    node = NodeServer(node_dir, server.url)   # the name was kept
    try:
        assert "第一小 体育館" in httpx.get(f"{node.url}/prereg/{SITE}/", timeout=10).text
    finally:
        node.stop()
