"""The set-up wizard walked with pytest-qt: first run (desk, site, mesh + a real one-time enrolment
code from a loopback mesh, reader, printer, first administrator) writes kiosk.json, terminal.json,
the terminal's key and the administrator's account; later an administrator edits the same settings
from the staff menu; a bad mesh address is refused in Japanese and English and nothing is saved.
「このPCを避難所ノードにする…」 on the mesh page opens the node page in the wizard's place, its mesh
address taken from the wizard's field, and its 戻る comes back with what was typed kept."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from tests.kiosk.conftest import shoot
from tests.kiosk.shell.fit import assert_shown_whole


@pytest.fixture
def tasks(qapp):
    from kiosk.ui.tasks import TaskRunner

    runner = TaskRunner(name="test-shell-tasks")
    yield runner
    runner.stop()


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


@pytest.mark.shots
def test_first_run_wizard_writes_the_config(qtbot, tmp_path, tasks):
    from kiosk.shell.staff import StaffDirectory
    from kiosk.shell.wizard import SetupWizard
    from sync.mesh.backends import open_storage
    from sync.mesh.embedded import EmbeddedMesh
    from sync.mesh.registry import issue_code

    db = f"sqlite:///{tmp_path / 'mesh.db'}"
    storage = open_storage(db)
    code = issue_code(storage, "minato-shelter-03")["code"]
    storage.close()
    mesh = EmbeddedMesh(db).start()
    data = tmp_path / "terminal"
    try:
        wizard = SetupWizard(data, tasks, first_run=True,
                             readers=lambda: ["Virtual PCD 00 00", "Virtual PCD 00 01"])
        qtbot.addWidget(wizard)
        wizard.resize(1280, 800)
        wizard.show()
        assert wizard.desk_buttons[None].isChecked() and not wizard.back_button.isEnabled()
        click(qtbot, wizard.desk_buttons["shelter"])
        shoot(wizard, "shell-wizard-1-desk.png")
        click(qtbot, wizard.next_button)
        qtbot.keyClicks(wizard.site_edit, "minato-shelter-03")
        qtbot.keyClicks(wizard.mesh_edit, mesh.url + "/")
        qtbot.keyClicks(wizard.code_edit, code)
        shoot(wizard, "shell-wizard-2-mesh.png")
        click(qtbot, wizard.next_button)
        wizard.reader_combo.setCurrentIndex(wizard.reader_combo.findData("Virtual PCD 00 01"))
        qtbot.keyClicks(wizard.printer_edit, "shelter-printer-1")
        assert not wizard.test_print_button.isEnabled()  # no printing hook registered here
        click(qtbot, wizard.next_button)
        assert wizard.finish_button.isVisible() and not wizard.next_button.isVisible()
        qtbot.keyClicks(wizard.admin_id, "admin1")
        qtbot.keyClicks(wizard.admin_pin, "97531")
        qtbot.keyClicks(wizard.admin_pin2, "97532")
        click(qtbot, wizard.finish_button)
        assert wizard.message.isVisible() and "The two PINs differ" in wizard.message.text()
        assert not (data / "kiosk.json").exists()
        qtbot.keyClicks(wizard.admin_pin, "97531")
        qtbot.keyClicks(wizard.admin_pin2, "97531")
        shoot(wizard, "shell-wizard-4-admin.png")
        with qtbot.waitSignal(wizard.finished, timeout=15000) as done:
            click(qtbot, wizard.finish_button)
        assert wizard.code_edit.text() == "" and wizard.admin_pin.text() == ""
    finally:
        mesh.stop()
    kiosk = json.loads((data / "kiosk.json").read_text(encoding="utf-8"))
    assert kiosk == {"desk": "shelter", "reader": "Virtual PCD 00 01", "printer": "shelter-printer-1",
                     "idle_s": 120, "idle_warn_s": 20, "desk_idle_s": {}, "text_scale": 1.0,
                     "contrast": "normal", "setup_done": True}
    terminal = json.loads((data / "terminal.json").read_text(encoding="utf-8"))
    assert terminal["site"] == "minato-shelter-03" and terminal["mesh_url"] == mesh.url
    assert (data / "terminal.key").exists()  # enrolled with the one-time code
    assert done.args[0].desk == "shelter"
    assert StaffDirectory(data).sign_in("admin1", "97531").role == "admin"
    text = "".join(p.read_text(encoding="utf-8", errors="replace") for p in data.glob("*.json"))
    assert code not in text and "97531" not in text


@pytest.mark.shots
def test_the_mesh_page_opens_the_node_page_and_comes_back(qtbot, tmp_path, tasks):
    from kiosk.shell.wizard import SetupWizard

    data = tmp_path / "terminal"   # a fresh PC: no terminal.json, so no mesh address of its own
    wizard = SetupWizard(data, tasks, first_run=True, readers=lambda: [])
    qtbot.addWidget(wizard)
    wizard.resize(1280, 800)
    wizard.show()
    click(qtbot, wizard.next_button)
    qtbot.keyClicks(wizard.site_edit, "minato-shelter-03")
    qtbot.keyClicks(wizard.mesh_edit, "https://mesh.example.lg.jp:8765/")
    qtbot.keyClicks(wizard.code_edit, "ABCD-EFGH-JKLM")
    node_button = wizard.findChild(type(wizard.next_button), "wizard_node")
    assert node_button is wizard.node_button and node_button.isVisible() and wizard.node_page is None
    assert "Make this PC the shelter's node" in node_button.accessibleName()
    click(qtbot, node_button)
    page = wizard.node_page
    assert page is not None and page.objectName() == "node_page"
    assert wizard.screens.currentWidget() is page and page.isVisible() and not wizard.pages.isVisible()
    assert page.upstream_edit.text() == "https://mesh.example.lg.jp:8765"   # the wizard's field
    assert page.port_edit.text() == "8766" and page.code_edit.text() == ""
    shoot(wizard, "shell-wizard-2-node.png")
    page.upstream_edit.setText("https://other.example.lg.jp")
    click(qtbot, page.back_button)
    assert wizard.screens.currentWidget() is wizard.main and not page.isVisible()
    assert wizard.pages.currentIndex() == 1 and wizard.site_edit.isVisible()
    assert (wizard.site_edit.text(), wizard.mesh_edit.text(), wizard.code_edit.text()) == \
        ("minato-shelter-03", "https://mesh.example.lg.jp:8765/", "ABCD-EFGH-JKLM")
    assert not (data / "kiosk.json").exists() and not (data / "node").exists()   # nothing saved by going there
    wizard.mesh_edit.setText("https://mesh2.example.lg.jp")
    click(qtbot, node_button)   # opened again: filled in afresh from the field, the same page
    assert wizard.node_page is page and page.isVisible()
    assert page.upstream_edit.text() == "https://mesh2.example.lg.jp"


@pytest.mark.shots
def test_admin_edits_the_settings_and_a_bad_address_is_refused(qtbot, make_window, terminal, pcscd):
    from kiosk.cards.source import PcscCardSource
    from kiosk.shell.settings import KioskSettings
    from kiosk.shell.staff import StaffDirectory
    from tests.kiosk.shell.test_window import open_menu, sign_in

    data = terminal.data_dir
    KioskSettings(desk="counter", site="s1", setup_done=True, desk_idle_s={"library": 45}).save(data)
    directory = StaffDirectory(data)
    directory.add("admin1", "admin", "97531")
    directory.add("sato", "staff", "482193")
    window = make_window(PcscCardSource("Virtual PCD 00 01"), staff_directory=directory, home_desk="counter")
    try:
        sign_in(qtbot, window, "sato", "482193")
        assert window.stack.currentWidget() is window.desk("counter").widget  # the terminal's desk opens
        click(qtbot, window.desk("counter").widget.nav.restart_button)  # 最初から: the start screen
        assert window.stack.currentWidget() is window.start
        open_menu(qtbot, window, "482193")
        assert window.menu.buttons["settings"].isHidden()  # staff: no settings
        window.open_settings()
        assert window.stack.currentWidget() is window.menu
        window.menu.buttons["switch"].click()
        sign_in(qtbot, window, "admin1", "97531")
        window.show_start()
        open_menu(qtbot, window, "97531")
        click(qtbot, window.menu.buttons["settings"])
        wizard = window.settings_page
        assert window.stack.currentWidget() is wizard and wizard.desk_buttons["counter"].isChecked()
        click(qtbot, wizard.desk_buttons["library"])
        wizard.go(1)
        wizard.mesh_edit.setText("mesh.example.lg.jp")
        click(qtbot, wizard.finish_button)
        assert "https://" in wizard.message.text() and wizard.message.isVisible()
        assert KioskSettings.load(data).desk == "counter"  # nothing saved
        wizard.mesh_edit.setText("https://mesh.example.lg.jp")
        shoot(window, "shell-settings.png")
        click(qtbot, wizard.node_button)   # the node page inside the settings, in the kiosk's window
        assert window.stack.currentWidget() is wizard and wizard.node_page.isVisible()
        assert wizard.node_page.upstream_edit.text() == "https://mesh.example.lg.jp"
        shoot(window, "shell-settings-node.png")
        click(qtbot, wizard.node_page.back_button)
        assert window.stack.currentWidget() is wizard and wizard.mesh_edit.isVisible()
        assert wizard.mesh_edit.text() == "https://mesh.example.lg.jp"
        wizard.go(0)
        assert wizard.scale_buttons[1.0].isChecked() and wizard.contrast_buttons["normal"].isChecked()
        click(qtbot, wizard.scale_buttons[1.5])
        click(qtbot, wizard.contrast_buttons["high"])
        shoot(window, "shell-settings-display.png")
        click(qtbot, wizard.finish_button)
        assert window.stack.currentWidget() is window.menu
        saved = KioskSettings.load(data)
        assert saved.desk == "library" and saved.mesh_url == "https://mesh.example.lg.jp"
        assert saved.desk_idle_s == {"library": 45}   # what the pages do not show is kept
        assert (saved.text_scale, saved.contrast) == (1.5, "high")   # drawn so from the next start
        assert window.services.home_desk == "library"
        assert window.services.desk_idle_ms == {"counter": 120_000, "shelter": 120_000, "library": 45_000}
    finally:
        window.shutdown()


@pytest.mark.parametrize("width", [1366, 1024])
@pytest.mark.parametrize("scale", [1.0, 1.5, 2.0])
def test_every_page_of_the_wizard_keeps_its_words_whole_on_a_1366_panel(qapp, qtbot, tmp_path, tasks, scale,
                                                                         width):
    """At 100, 150 and 200 % text on a 1366×768 (and a 1024×768) panel no button or label of any page is narrower than
    a line of its words (at 200 % the desks once stood two by two and 「Counter (certificates,
    filings)」 lost both ends), and 戻る, 次へ and 保存 are on the panel whole, never scrolled away."""
    from kiosk.shell.wizard import SetupWizard
    from kiosk.ui import theme
    from tests.kiosk import phrasebreak

    theme.apply(qapp, text_scale=scale)
    planned = theme.layout_width, theme.layout_height
    theme.layout_width, theme.layout_height = width, 768   # laid out for the panel, as plan_layout does
    try:
        wizard = SetupWizard(tmp_path / "terminal", tasks, first_run=True,
                             readers=lambda: ["Virtual PCD 00 00"])
        qtbot.addWidget(wizard)
        wizard.resize(width, 768)
        wizard.show()
        qtbot.waitExposed(wizard)
        for page in range(wizard.pages.count()):
            wizard.go(page)
            qapp.processEvents()
            assert phrasebreak.extent_problems(wizard, theme.FOCUS_BORDER) == [], (scale, width, page)
            # whole on the 768-pixel-high panel without scrolling (at 200 % 次へ was once below it)
            assert_shown_whole(wizard, (wizard.back_button, wizard.next_button, wizard.finish_button),
                               scale, width, page)
    finally:
        theme.layout_width, theme.layout_height = planned
        theme.apply(qapp, text_scale=1.0, high_contrast=False)
