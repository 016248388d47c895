"""Two terminals of one shelter, offline, then converging through a real loopback mesh; and the layer rule."""

from __future__ import annotations

import subprocess
import sys

from sync.client import SyncClient
from sync.mesh.embedded import EmbeddedMesh


def _sync(desk, url: str) -> None:
    client = SyncClient(desk.store, url)
    client.sync_once()
    client.pull_feed(desk.site, own_terminal=desk.terminal)


def test_two_terminals_converge_and_flag_the_duplicate(make_desk, tmp_path):
    a, b = make_desk("term-a"), make_desk("term-b")
    a.setup(name="架空市立第一小学校", municipality_code="999999", capacity=200)
    same = {"name": "佐藤　花子", "birth_date": "1989-01-07", "address": "見本県架空市"}
    pa = a.register(same, source="card_pin")["person_id"]
    pb = b.register({**same, "name": "佐藤花子"}, source="by_hand")["person_id"]
    a.register({"name": "田中　一", "household": "T"}, source="by_hand")
    b.register({"name": "秘匿　者", "do_not_disclose": True}, source="by_hand")
    mesh = EmbeddedMesh(f"sqlite:///{tmp_path / 'mesh.db'}")
    mesh.start()
    try:
        for _ in range(2):  # the second round pulls what the other sent after our first pull
            _sync(a, mesh.url)
            _sync(b, mesh.url)
        ra, rb = a.roster(), b.roster()
        assert ra.status() == rb.status() and ra.status()["present"] == 4
        assert ra.duplicates() == rb.duplicates() == [sorted([pa, pb])]
        b.merge(pa, [pb])
        _sync(b, mesh.url)
        _sync(a, mesh.url)
    finally:
        mesh.stop()
    ra, rb = a.roster(), b.roster()
    assert ra.status() == rb.status() and ra.status()["present"] == 3
    assert ra.duplicates() == [] and [p.person_id for p in ra.find("佐藤")] == [pa]
    assert ra.find("秘匿") == [] and ra.status()["site"]["capacity"] == 200


def test_shelter_domain_imports_no_qt():
    code = ("import sys, kiosk.shelter.desk, kiosk.shelter.export, kiosk.shelter.importer, kiosk.shelter.reports, "
            "kiosk.shelter.card, kiosk.cli.shelter_commands; "
            "assert not [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
