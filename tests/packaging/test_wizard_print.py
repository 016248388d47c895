"""The set-up wizard's 「テスト印刷」 with the printing hook of kiosk.startup (as `kazasu run` registers
it) and the private cupsd: the test page reaches the printer typed in the wizard; a printer that does
not exist is said in the wizard in Japanese and English."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from kiosk.shell import settings
from kiosk.startup import register_wizard_test_print
from kiosk.ui.a11y import plain_text  # a label's words without markup or word joiners
from tests.packaging.cupsd import printed_pdf


@pytest.fixture
def tasks(qapp):
    from kiosk.ui import theme
    from kiosk.ui.tasks import TaskRunner

    theme.apply(qapp)
    runner = TaskRunner(name="test-print-tasks")
    yield runner
    runner.stop()


@pytest.fixture
def hooked(tmp_path):
    register_wizard_test_print(tmp_path)
    yield tmp_path
    settings.set_test_print(None)  # the hook is process-wide: leave none behind for other tests


def test_wizard_test_print_reaches_the_typed_printer(cups, qtbot, tasks, hooked):
    from kiosk.shell.wizard import SetupWizard

    out = cups.queue("shelter-printer-1")
    wizard = SetupWizard(hooked, tasks, first_run=False, readers=lambda: ["Virtual PCD 00 00"])
    qtbot.addWidget(wizard)
    wizard.resize(1280, 800)
    wizard.show()
    while not wizard.test_print_button.isVisible():
        qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert wizard.test_print_button.isEnabled()
    qtbot.keyClicks(wizard.printer_edit, "shelter-printer-1")
    qtbot.mouseClick(wizard.test_print_button, Qt.MouseButton.LeftButton)
    assert b"%PDF-" in printed_pdf(cups.wait_for_output(out))[:8]
    assert (hooked / "print" / "kazasu-test-page.pdf").exists()

    wizard.printer_edit.setText("no-such-printer")
    qtbot.mouseClick(wizard.test_print_button, Qt.MouseButton.LeftButton)
    assert wizard.message.isVisible()
    assert "no-such-printer" in wizard.message.text() and "lpstat -p" in wizard.message.text()
    assert "見つかりません" in plain_text(wizard.message)
