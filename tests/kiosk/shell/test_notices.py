"""A notice to staff the municipality published reaches the status bar of the real window (offscreen):
signed on the mesh (sync.mesh.publishing), pulled by the kiosk's own sync loop (real loopback mesh),
verified with the key pinned in terminal.json, shown in the language of the screen; a forged one is
not shown."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from sync import publications
from sync.events import canonical_json
from sync.mesh import publishing
from sync.mesh.backends import open_storage
from sync.terminal import TerminalConfig
from tests.kiosk.conftest import shoot


@pytest.mark.shots
def test_a_published_notice_shows_on_the_status_bar(make_window, qtbot, tmp_path, terminal):
    from kiosk.ui import i18n
    from sync.client import SyncClient
    from sync.mesh.embedded import EmbeddedMesh

    key = Ed25519PrivateKey.generate()
    db = f"sqlite:///{tmp_path / 'mesh.db'}"
    storage = open_storage(db)
    try:
        publishing.register_key(storage, publications.public_key_of(key))
        publishing.add(storage, publications.sign(key, "notice", "water", {
            "ja": "給水車は15時に校庭へ", "en": "Water truck in the schoolyard at 15:00",
            "ja_easy": "みずの くるまは 3じに こうていに きます"}))
        forged = publications.sign(Ed25519PrivateKey.generate(), "notice", "fake",
                                   {"ja": "偽の知らせ", "en": "forged"})
        with storage.transaction() as tx:  # straight into the database: it never verified here
            tx.run("INSERT INTO mesh_publications (id, kind, name, version, site, document, received_at)"
                   " VALUES (?, 'notice', 'fake', 1, NULL, ?, 'now')",
                   [forged["id"], canonical_json(forged).decode()])
    finally:
        storage.close()
    config = TerminalConfig.load(terminal.data_dir)
    config.publisher_key = publications.public_key_of(key)  # pinned at enrolment
    config.save()
    mesh = EmbeddedMesh(db).start()
    try:
        client = SyncClient(terminal.open_store(), mesh.url)
        window = make_window(sync_client=client, sync_ms=600_000)
        status = window.status
        qtbot.waitUntil(lambda: "給水車は15時に校庭へ" in status.text("notice"), timeout=15000)
        assert "Water truck in the schoolyard at 15:00" in status.text("notice")
        assert "偽の知らせ" not in status.text("notice")
        assert status.labels["notice"].isVisible()
        shoot(window, "shell-status-notice.png")
        i18n.set_language("ja_easy")
        try:
            qtbot.waitUntil(lambda: "みずの くるまは" in status.labels["notice"].text(), timeout=5000)
        finally:
            i18n.set_language(i18n.JAPANESE)
        client.close()
    finally:
        mesh.stop()
