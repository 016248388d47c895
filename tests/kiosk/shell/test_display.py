"""見やすさ from the staff menu: staff choose 200 % text and high contrast for the person in front of the
screen, and kiosk.startup.run builds the window again with it, through the real menu (PIN), the same
services, the same staff signed in, nothing of a person carried over; choosing what is shown already
builds nothing. The reader is vpcd slot 1 of the real pcscd."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from kiosk import startup
from kiosk.app import MainWindow
from kiosk.ui import theme
from tests.kiosk.conftest import READER, shoot
from tests.kiosk.shell.test_window import ACCOUNTS, open_menu, sign_in
from tests.kiosk.test_desks import widget_texts


def windows() -> list:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, MainWindow) and w.isVisible()]


@pytest.mark.shots
def test_staff_change_the_display_and_the_window_is_built_again(qtbot, make_services, terminal, pcscd):
    from kiosk.cards.source import PcscCardSource
    from kiosk.shell.staff import StaffDirectory

    directory = StaffDirectory(terminal.data_dir)
    for staff_id, role, pin in ACCOUNTS:
        directory.add(staff_id, role, pin)
    services = make_services(PcscCardSource(READER), staff_directory=directory)
    seen: dict = {}

    def first() -> None:
        window = windows()[0]
        window.resize(1280, 800)
        sign_in(qtbot, window, "sato", "482193")
        window.show_start()
        window.desk("shelter").widget.name.setText("佐藤　花子")   # somebody's name typed at a desk: must not survive
        open_menu(qtbot, window, "482193")
        qtbot.mouseClick(window.menu.buttons["display"], Qt.MouseButton.LeftButton)
        page = window.display_page
        assert window.stack.currentWidget() is page and page.scale_buttons[1.0].isChecked()
        # each size has Japanese words too (文字の大きさ), not a bare 「100%」 on the Japanese line
        assert [b.text().split("\n")[0] for b in page.scale_buttons.values()] == [
            "100% 標準", "150% 大", "200% 特大"]
        qtbot.mouseClick(page.apply_button, Qt.MouseButton.LeftButton)   # unchanged: nothing rebuilt
        assert window.stack.currentWidget() is window.menu and window.display_change is None
        qtbot.mouseClick(window.menu.buttons["display"], Qt.MouseButton.LeftButton)
        qtbot.mouseClick(page.scale_buttons[2.0], Qt.MouseButton.LeftButton)
        qtbot.mouseClick(page.contrast_buttons["high"], Qt.MouseButton.LeftButton)
        shoot(window, "shell-display.png")
        seen["old"] = window
        QTimer.singleShot(1500, second)
        qtbot.mouseClick(page.apply_button, Qt.MouseButton.LeftButton)   # Qt's loop ends: REBUILD

    def second() -> None:
        window = windows()[0]
        seen["new"] = window is not seen["old"]
        seen["display"] = (theme.text_scale, theme.palette is theme.HIGH_CONTRAST)
        seen["staff"] = window.session.staff_id
        seen["screen"] = window.stack.currentWidget() is window.start
        seen["forgotten"] = "佐藤" not in widget_texts(window)
        seen["status"] = window.status.text("staff")
        window.resize(1280, 800)
        shoot(window, "shell-display-start-200-hc.png")
        QApplication.instance().exit(0)

    def guarded(step):
        def call() -> None:
            try:
                step()
            except BaseException as exc:   # end Qt's loop: run() must not wait for nobody
                seen["error"] = exc
                QApplication.instance().exit(1)
        return call

    first, second = guarded(first), guarded(second)
    QTimer.singleShot(300, first)
    hang = QTimer()   # a hang fails instead of waiting; stopped after, or it would end a later test's loop
    hang.setSingleShot(True)
    hang.timeout.connect(lambda: QApplication.instance().exit(2))
    hang.start(60_000)
    try:
        code = startup.run(services)
    finally:
        hang.stop()
        theme.apply(QApplication.instance(), text_scale=1.0, high_contrast=False)
    if "error" in seen:
        raise seen["error"]
    assert code == 0
    assert seen == {"old": seen["old"], "new": True, "display": (2.0, True), "staff": "sato", "screen": True,
                    "forgotten": True, "status": seen["status"]}
    assert "sato" in seen["status"]
