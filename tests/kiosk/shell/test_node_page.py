"""「このPCを避難所ノードにする」 (kiosk.shell.node_page) walked with pytest-qt against real `kazasu mesh
serve` processes: an old mesh is refused in both languages, a missing code and a bad port are said
before anything is sent; with a node code the page enrols, shows the node's address and pin and the
commands for the terminals, and what it wrote starts a real `kazasu node serve --data-dir` alone. The
administrator reaches it from the staff menu; staff do not."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from tests.kiosk.conftest import shoot
from tests.sync.conftest import free_port
from tests.sync.processes import SITE, MeshServer, NodeServer, on_terminal


@pytest.fixture
def tasks(qapp):
    from kiosk.ui.tasks import TaskRunner

    runner = TaskRunner(name="test-node-tasks")
    yield runner
    runner.stop()


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


@pytest.mark.shots
def test_the_page_makes_this_pc_the_node(qtbot, tmp_path, tasks):
    from kiosk.shell.node_page import NodePage, grouped

    mesh_dir, data = tmp_path / "mesh", tmp_path / "kiosk"
    mesh_dir.mkdir()
    db = f"sqlite:///{mesh_dir / 'mesh.db'}"
    cli = on_terminal(mesh_dir)
    mesh = MeshServer(db, mesh_dir, signed=True)
    old = MeshServer(f"sqlite:///{mesh_dir / 'old.db'}", mesh_dir, extra=("--wire-protocol", "1"))
    node = None
    try:
        data.mkdir()
        (data / "terminal.json").write_text(json.dumps({"terminal_id": "term-0123456789ab", "site": SITE,
                                                        "mesh_url": mesh.url}), encoding="utf-8")
        page = NodePage(data, tasks, unit_dir=tmp_path / "units", start=False)
        qtbot.addWidget(page)
        page.resize(1024, 768)
        page.show()
        assert page.upstream_edit.text() == mesh.url and page.port_edit.text() == "8766"
        page.port_edit.setText("99999")
        click(qtbot, page.go_button)
        assert page.message.isVisible() and "65535" in page.message.accessibleName()
        page.port_edit.setText(str(free_port()))
        with qtbot.waitSignal(page.failed, timeout=20000) as failed:
            click(qtbot, page.go_button)   # no code yet
        assert failed.args == ["node_setup_invalid"] and "ノード用コード" in page.message.accessibleName()
        old_code = cli.process("mesh", "enroll", "--db", f"sqlite:///{mesh_dir / 'old.db'}", "--node")["code"]
        page.upstream_edit.setText(old.url)
        qtbot.keyClicks(page.code_edit, old_code)
        with qtbot.waitSignal(page.failed, timeout=20000) as failed:
            click(qtbot, page.go_button)
        assert failed.args == ["upstream_too_old"]
        assert "プロトコル" in page.message.accessibleName() and "protocol 1" in page.message.accessibleName()
        assert page.code_edit.text() == "" and not (data / "node" / "node.json").exists()

        code = cli.process("mesh", "enroll", "--db", db, "--node")["code"]
        page.upstream_edit.setText(mesh.url)
        qtbot.keyClicks(page.code_edit, code)
        with qtbot.waitSignal(page.done, timeout=30000) as done:
            click(qtbot, page.go_button)
        answer = done.args[0]
        assert answer["site"] == SITE and page.result.isVisible() and page.go_button.isEnabled()
        assert page.pin_value.text() == grouped(answer["tls_pin"]) and page.address_value.text() == answer["url"]
        assert "kazasu terminal pin --upstream" in page.commands_value.text()
        assert "systemctl --user" in page.service_note.accessibleName()   # not started here (start=False)
        shoot(page, "shell-node-page.png")
        assert code not in (data / "node" / "node.json").read_text(encoding="utf-8")
        assert (tmp_path / "units" / "kazasu-node.service").exists()

        page.load()   # opened again: it knows this PC is the node already
        assert "すでに" in page.message.accessibleName() and page.upstream_edit.text() == mesh.url

        node = NodeServer(data / "node", None)   # what the page wrote runs a real node
        assert node.tls_pin == answer["tls_pin"] and node.health()["node"]["site"] == SITE
    finally:
        if node is not None:
            node.stop()
        mesh.stop()
        old.stop()


def test_only_an_administrator_reaches_the_page(qtbot, make_window, terminal, pcscd):
    from kiosk.cards.source import PcscCardSource
    from kiosk.shell.node_page import NodePage
    from kiosk.shell.staff import StaffDirectory
    from tests.kiosk.shell.test_window import open_menu, sign_in

    directory = StaffDirectory(terminal.data_dir)
    directory.add("admin1", "admin", "97531")
    directory.add("sato", "staff", "482193")
    window = make_window(PcscCardSource("Virtual PCD 00 01"), staff_directory=directory)
    try:
        sign_in(qtbot, window, "sato", "482193")
        window.show_start()
        open_menu(qtbot, window, "482193")
        assert window.menu.buttons["node"].isHidden()
        window.open_node_page()
        assert window.stack.currentWidget() is window.menu and window.node_page is None
        window.menu.buttons["switch"].click()
        sign_in(qtbot, window, "admin1", "97531")
        window.show_start()
        open_menu(qtbot, window, "97531")
        click(qtbot, window.menu.buttons["node"])
        assert isinstance(window.node_page, NodePage) and window.stack.currentWidget() is window.node_page
        window.open_staff_menu()   # the menu key on the page does not stack a menu over it
        assert window.stack.currentWidget() is window.node_page
        click(qtbot, window.node_page.back_button)
        assert window.stack.currentWidget() is window.menu
    finally:
        window.close()


@pytest.mark.parametrize("width", [1366, 1024])
@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_back_and_set_up_stay_on_a_768_high_panel(qapp, qtbot, tmp_path, tasks, scale, width):
    """At 200 % text the page scrolls, but 戻る and ノードにする stay under it on the screen, and a message
    is scrolled into view."""
    from kiosk.shell.node_page import NodePage
    from kiosk.ui import theme
    from tests.kiosk.shell.fit import assert_shown_whole

    theme.apply(qapp, text_scale=scale)
    try:
        page = NodePage(tmp_path / "kiosk", tasks, unit_dir=tmp_path / "units", start=False)
        qtbot.addWidget(page)
        page.resize(width, 768)
        page.show()
        qtbot.waitExposed(page)
        page.port_edit.setText("99999")
        click(qtbot, page.go_button)   # refused before anything is sent: the message shows
        assert page.message.isVisible() and "65535" in page.message.accessibleName()
        # the buttons stay under the page; the message (in the page, above the result it speaks of)
        # is scrolled into view
        qtbot.waitUntil(lambda: page.message.visibleRegion().boundingRect() == page.message.rect(), timeout=3000)
        assert_shown_whole(page, (page.back_button, page.go_button, page.message), scale, width)
    finally:
        theme.apply(qapp, text_scale=1.0, high_contrast=False)
