"""Clear words for a full disk (issue 16): `disk_full` with what staff should do, never
`internal_error`; nothing half-written. In process (SQLite's own size limit makes the database full)
and as deployed (a `kazasu` process on a data folder whose small tmpfs is full, in a user namespace)."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from sync.errors import DiskFullError
from sync.store import EventStore
from tests.cli_runner import KAZASU
from tests.sync.processes import SITE


def test_a_full_database_is_disk_full_and_writes_nothing(tmp_path):
    store = EventStore(tmp_path / "kazasu.db")
    store.append("shelter.checked_in", {"n": 0}, site=SITE, terminal="t", staff="s")
    pages = store.db.execute("PRAGMA page_count").fetchone()[0]
    store.db.execute(f"PRAGMA max_page_count = {pages}")  # as full as a disk can be
    with pytest.raises(DiskFullError) as full:
        for n in range(1, 200):
            store.append("shelter.checked_in", {"n": n, "pad": "x" * 2000}, site=SITE, terminal="t",
                         staff="s")
    assert full.value.code == "disk_full" and "NOT saved" in full.value.message_en
    assert "保存されていません" in full.value.message_ja
    status = store.status()
    assert status["total"] == store.db.execute("SELECT count(*) FROM events").fetchone()[0]
    store.close()


@pytest.mark.skipif(shutil.which("unshare") is None, reason="needs unshare (util-linux)")
def test_kazasu_on_a_full_disk_says_disk_full(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    script = f"""
set -e
mount -t tmpfs -o size=1536k tmpfs {data}
{KAZASU} --json --data-dir {data} --site {SITE} shelter checkin --by-hand --name 見本 > /dev/null
dd if=/dev/zero of={data}/filler bs=4k 2> /dev/null || true
{KAZASU} --json --data-dir {data} --site {SITE} shelter checkin --by-hand --name 見本二 || true
"""
    done = subprocess.run(["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script],
                          capture_output=True, text=True, timeout=120)
    if "mount" in done.stderr and "permission denied" in done.stderr.lower():
        pytest.skip("no user namespaces here: " + done.stderr.strip()[:200])
    assert done.stdout.strip(), done.stderr
    error = json.loads(done.stdout.strip().splitlines()[-1])["error"]
    assert error["code"] == "disk_full", error
    assert "Traceback" not in done.stderr
