"""Carried bundles: `kazasu queue export` writes the pending events as one signed file, `kazasu mesh import`
runs them through the same checks as online sync (idempotent, one answer per event); a later online
sync gives `duplicate` and acknowledges them. A tampered bundle imports nothing. Both backends."""

from __future__ import annotations

import base64
import json
import os
import stat

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from sync.bundle import events_digest, read_bundle, write_bundle
from sync.client import SyncClient
from sync.enrolment import enroll_terminal
from sync.errors import BundleInvalidError
from sync.events import canonical_json
from sync.mesh import registry
from sync.mesh.backends import open_storage
from sync.mesh.bundle_import import import_bundle
from sync.mesh.embedded import EmbeddedMesh
from sync.store import EventStore
from sync.terminal import TerminalConfig


@pytest.fixture
def strict_mesh(mesh_db_url):
    mesh = EmbeddedMesh(mesh_db_url, allow_unsigned=False).start()
    mesh.storage = open_storage(mesh_db_url)
    mesh.db_url = mesh_db_url
    yield mesh
    mesh.storage.close()
    mesh.stop()


@pytest.fixture
def terminal(tmp_path, strict_mesh):
    data = tmp_path / "terminal"
    enroll_terminal(data, registry.issue_code(strict_mesh.storage, "site-a")["code"], strict_mesh.url)
    store = EventStore(data / "kazasu.db")
    term = TerminalConfig.load(data).terminal_id
    events = [store.append("shelter.checked_in", {"person": {"name": f"見本{i}"}}, site="site-a",
                           terminal=term, staff="s") for i in range(5)]
    yield data, store, events
    store.close()


def test_export_import_twice_then_online_sync_gives_duplicates(terminal, strict_mesh, tmp_path):
    data, store, events = terminal
    store.redact(event_ids=[events[4].id], reason="誤登録", staff="s")  # erased before it ever left
    out = tmp_path / "usb" / "bundle.json"
    out.parent.mkdir()
    written = write_bundle(store, out)
    assert written["exported"] == 6 and written["signed"] and written["out"] == str(out.resolve())
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    assert "見本4" not in out.read_text(encoding="utf-8")
    first = import_bundle(strict_mesh.storage, out, allow_unsigned=False)
    assert (first["accepted"], first["duplicate"], first["rejected"]) == (6, 0, 0)
    assert [r["id"] for r in first["results"]] == [e.id for e in store.pending(10)]
    again = import_bundle(strict_mesh.storage, out, allow_unsigned=False)
    assert (again["accepted"], again["duplicate"], again["rejected"]) == (0, 6, 0)
    with SyncClient(store, strict_mesh.url) as client:
        assert client.sync_once() == {"sent": 6, "accepted": 0, "duplicates": 6, "rejected": 0,
                                      "pending": 0}
    assert store.status()["acknowledged"] == 6
    assert strict_mesh.storage.stats()["events"] == 6  # no duplicates on the mesh


def _tamper(path, change):
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_a_tampered_bundle_imports_nothing(terminal, strict_mesh, tmp_path):
    _, store, _ = terminal
    out = tmp_path / "bundle.json"
    write_bundle(store, out)
    original = out.read_bytes()

    def edit_payload(d):
        d["events"][1]["payload"]["person"]["name"] = "改ざん"

    def edit_and_rehash(d):
        edit_payload(d)
        d["events_sha256"] = events_digest(d["events"])

    def drop_event_and_resign_with_another_key(d):  # the key written in the file is not trusted
        d["events"].pop(2)
        d["count"], d["events_sha256"] = len(d["events"]), events_digest(d["events"])
        forger = Ed25519PrivateKey.generate()
        header = {k: d[k] for k in ("format", "version", "terminal", "site", "created_at", "count",
                                    "events_sha256")}
        d["signature"] = base64.b64encode(forger.sign(canonical_json(header))).decode()
        d["public_key"] = base64.b64encode(forger.public_key().public_bytes_raw()).decode()

    for change, words in [(edit_payload, "altered"), (edit_and_rehash, "signature"),
                          (drop_event_and_resign_with_another_key, "signature"),
                          (lambda d: d.update(format="other"), "not a kazasu bundle")]:
        out.write_bytes(original)
        _tamper(out, change)
        with pytest.raises(BundleInvalidError) as info:
            import_bundle(strict_mesh.storage, out, allow_unsigned=False)
        assert words in info.value.reason and info.value.message_ja
        assert strict_mesh.storage.stats()["events"] == 0
    out.write_text("{not json", encoding="utf-8")
    with pytest.raises(BundleInvalidError):
        read_bundle(out)


def test_a_revoked_terminals_bundle_is_answered_per_event(terminal, strict_mesh, tmp_path):
    data, store, events = terminal
    out = tmp_path / "bundle.json"
    write_bundle(store, out)
    registry.revoke(strict_mesh.storage, TerminalConfig.load(data).terminal_id)
    result = import_bundle(strict_mesh.storage, out, allow_unsigned=False)
    assert result["rejected"] == 5
    assert {r["reason"] for r in result["results"]} == {"terminal has been revoked"}


def test_unsigned_bundle_needs_allow_unsigned(tmp_path, strict_mesh):
    store = EventStore(tmp_path / "plain" / "kazasu.db")
    for i in range(3):
        store.append("library.loaned", {"item": f"b{i}"}, site="lib-1", terminal="term-x", staff="s")
    out = tmp_path / "plain.json"
    assert write_bundle(store, out, terminal="term-x")["signed"] is False
    strict = import_bundle(strict_mesh.storage, out, allow_unsigned=False)
    assert strict["rejected"] == 3
    assert import_bundle(strict_mesh.storage, out, allow_unsigned=True)["accepted"] == 3
    store.close()


def test_cli_export_and_import(terminal, strict_mesh, tmp_path, kazasu):
    data, store, _ = terminal
    store.close()
    out = tmp_path / "carry.json"
    exported = kazasu("queue", "export", "--out", str(out), data_dir=data)
    assert exported["exported"] == 5 and exported["out"] == str(out.resolve()) and exported["signed"]
    argv = ["mesh", "import", str(out), "--db", strict_mesh.db_url]
    imported = kazasu(*argv)
    assert imported["accepted"] == 5 and len(imported["results"]) == 5
    assert kazasu(*argv)["duplicate"] == 5
    _tamper(out, lambda d: d["events"][0]["payload"].update(extra=1))
    assert kazasu(*argv, ok=False).error["code"] == "bundle_invalid"
