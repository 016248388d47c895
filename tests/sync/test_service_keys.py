"""Site-wide pseudonym service keys: enrolment hands every terminal of a site the same key per service,
so one card gives one pseudonym at every terminal of the site (a duplicate check-in at two shelter
terminals, a library card linked at one desk and tapped at another); another site gets other keys."""

from __future__ import annotations

import httpx
import pytest

from devices.card_id import identify_card
from devices.pcsc import PcscTransport
from devices.pseudonym import load_service_key, service_key_path
from sync.enrolment import enroll_terminal
from sync.mesh import registry
from sync.mesh.backends import open_storage
from sync.mesh.embedded import EmbeddedMesh


@pytest.fixture
def strict_mesh(mesh_db_url):
    mesh = EmbeddedMesh(mesh_db_url, allow_unsigned=False).start()
    mesh.storage = open_storage(mesh_db_url)
    yield mesh
    mesh.storage.close()
    mesh.stop()


def _enrol(tmp_path, mesh, name, site):
    data = tmp_path / name
    result = enroll_terminal(data, registry.issue_code(mesh.storage, site)["code"], mesh.url)
    return data, result


def test_terminals_of_a_site_share_each_service_key(tmp_path, strict_mesh):
    a, first = _enrol(tmp_path, strict_mesh, "a", "site-a")
    b, second = _enrol(tmp_path, strict_mesh, "b", "site-a")
    c, _ = _enrol(tmp_path, strict_mesh, "c", "site-b")
    assert first["service_keys"] == second["service_keys"] == {"shelter": "installed",
                                                              "library": "installed",
                                                              "prereg": "installed"}
    for service in ("shelter", "library", "prereg"):
        assert load_service_key(a, service) == load_service_key(b, service)
        assert load_service_key(a, service) != load_service_key(c, service)
        assert service_key_path(a, service).stat().st_mode & 0o777 == 0o600
    assert load_service_key(a, "shelter") != load_service_key(a, "library")
    import base64
    shown = repr(first)  # what `kazasu terminal enroll --json` prints: outcomes, never key bytes
    for service in ("shelter", "library"):
        assert base64.b64encode(load_service_key(a, service)).decode() not in shown
        assert load_service_key(a, service).hex() not in shown


def test_a_local_key_is_replaced_by_the_sites_and_kept_aside(tmp_path, strict_mesh):
    data = tmp_path / "t"
    local = load_service_key(data, "shelter")             # the desk made its own key before enrolment
    _, result = _enrol(tmp_path, strict_mesh, "t", "site-a")
    assert result["service_keys"]["shelter"] == "replaced"
    aside = service_key_path(data, "shelter").with_name("shelter.key.replaced-1")
    assert aside.read_bytes() == local and load_service_key(data, "shelter") != local


def test_bad_service_names_are_refused_and_the_code_stays_usable(strict_mesh):
    code = registry.issue_code(strict_mesh.storage, "site-a")["code"]
    answer = httpx.post(f"{strict_mesh.url}/v1/terminals/enroll", json={
        "code": code, "terminal_id": "t-x", "public_key": "A" * 43 + "=", "services": ["../etc"]})
    assert answer.status_code == 400
    assert answer.json()["error"]["code"] == "invalid_service_name"
    assert registry.list_terminals(strict_mesh.storage) == []


@pytest.mark.pcscd
@pytest.mark.parametrize("mesh_db_url", ["sqlite"], indirect=True)
def test_one_card_one_pseudonym_at_every_terminal_of_the_site(tmp_path, strict_mesh, pcsc_card,
                                                              people):
    a, _ = _enrol(tmp_path, strict_mesh, "a", "site-a")
    b, _ = _enrol(tmp_path, strict_mesh, "b", "site-a")
    c, _ = _enrol(tmp_path, strict_mesh, "c", "site-b")
    _, reader = pcsc_card(people[0], slot=0)
    ids = {}
    for name, data in (("a", a), ("b", b), ("c", c)):
        transport = PcscTransport.open(reader)
        try:
            ids[name] = identify_card(transport, "shelter", lambda d=data: load_service_key(d, "shelter"))
        finally:
            transport.close()
    assert ids["a"].kind == "mynumber"
    assert ids["a"].pseudonym == ids["b"].pseudonym != ids["c"].pseudonym
