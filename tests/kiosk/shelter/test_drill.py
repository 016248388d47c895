"""Drill mode: drill data lives in its own store (<data-dir>/drill/, own key, never synced) under its own
site id, is marked 訓練 / DRILL on every printout, and never reaches the real roster — on the terminal,
on the mesh, or at the site's other terminals."""

from __future__ import annotations

import csv
import subprocess

import pytest

from kiosk.shelter.desk import ShelterDesk, open_store
from sync.client import SyncClient
from sync.mesh.embedded import EmbeddedMesh


@pytest.fixture
def kazasu(cli):
    return cli  # this file sets the site up itself


def test_drill_from_the_cli_is_kept_apart_and_marked(kazasu, tmp_path):
    kazasu("shelter", "setup", "--name", "架空市立第一小学校", "--municipality-code", "999999", "--capacity", "50")
    kazasu("shelter", "setup", "--drill", "--name", "訓練会場", "--municipality-code", "999999", "--capacity", "50")
    kazasu("shelter", "checkin", "--by-hand", "--name", "本番　花子")
    for i in range(30):  # two pages of drill roster
        kazasu("shelter", "checkin", "--drill", "--by-hand", "--name", f"訓練　{i:02d}", "--household", f"D{i // 4}")
    assert kazasu("shelter", "status")["present"] == 1
    assert kazasu("shelter", "status", "--drill")["present"] == 30
    assert kazasu("shelter", "find", "訓練")["count"] == 0  # the real inquiry never sees the drill
    assert kazasu("shelter", "find", "本番", "--drill")["count"] == 0
    assert (tmp_path / "data" / "drill" / "kazasu.db").exists()
    real = open_store(tmp_path / "data")
    try:
        sites = {r[0] for r in real.db.execute("SELECT site FROM events").fetchall()}
        # set-up, registered, checked in
        assert sites == {"site-1"} and real.db.execute("SELECT count(*) FROM outbox").fetchone()[0] == 3
    finally:
        real.close()
    pdf = tmp_path / "drill.pdf"
    kazasu("shelter", "export", "--drill", "--format", "pdf", "--out", str(pdf))
    pages = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                           text=True).stdout.split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) == 2 and all("【訓練 / DRILL】" in p for p in pages)  # and the rotated mark across
    real_pdf = tmp_path / "real.pdf"
    kazasu("shelter", "export", "--format", "pdf", "--out", str(real_pdf))
    assert "DRILL" not in subprocess.run(["pdftotext", str(real_pdf), "-"], capture_output=True, text=True).stdout
    out = tmp_path / "drill.csv"
    kazasu("shelter", "export", "--drill", "--format", "csv", "--out", str(out))
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    assert len(rows) == 30 and {r["drill"] for r in rows} == {"訓練/DRILL"}
    for kind, fmt in (("needs", "pdf"), ("over-time", "pdf")):
        report = tmp_path / f"{kind}.pdf"
        assert kazasu("shelter", "report", "--drill", "--kind", kind, "--format", fmt, "--out", str(report))["drill"]
        assert "訓練 / DRILL" in subprocess.run(["pdftotext", str(report), "-"], capture_output=True, text=True).stdout


def test_drill_events_never_reach_the_mesh_or_another_terminal(tmp_path):
    real = ShelterDesk.open(tmp_path / "a", site="site-1", terminal="term-a")
    drill = ShelterDesk.open(tmp_path / "a", site="site-1", terminal="term-a", drill=True)
    other = ShelterDesk.open(tmp_path / "b", site="site-1", terminal="term-b")
    assert drill.site == "site-1-drill" and drill.store.path.parent == tmp_path / "a" / "drill"
    real.register({"name": "本番　一郎"}, source="by_hand")
    drill.register({"name": "訓練　二郎"}, source="by_hand")
    mesh = EmbeddedMesh(f"sqlite:///{tmp_path / 'mesh.db'}")
    mesh.start()
    try:
        # the kiosk syncs the data folder's store only: the drill store has no identity and no sync
        for desk in (real, other):
            client = SyncClient(desk.store, mesh.url)
            client.sync_once()
            client.pull_feed("site-1", own_terminal=desk.terminal)
        names = [p.fields["name"] for p in other.roster().people.values()]
        assert names == ["本番　一郎"]
        assert [p.fields["name"] for p in real.roster().people.values()] == ["本番　一郎"]
        assert [p.fields["name"] for p in drill.roster().people.values()] == ["訓練　二郎"]
    finally:
        mesh.stop()
        for desk in (real, drill, other):
            desk.store.close()
    for path in tmp_path.glob("mesh.db*"):  # the database and its WAL: no drill site anywhere
        assert b"site-1-drill" not in path.read_bytes()


def test_a_drill_desk_refuses_the_real_store(tmp_path):
    store = open_store(tmp_path)
    try:
        with pytest.raises(ValueError):
            ShelterDesk(store, site="site-1-drill", terminal="t", drill=True)
    finally:
        store.close()
