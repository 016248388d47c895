"""Run by test_second_screen.py in its own process, because Qt's platform (here the offscreen
plugin with two screens from a config file) is chosen when the QApplication is made. Drives the
counter from procedures (staff) to waiting for the card (resident) and back, and prints JSON."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path


def main() -> None:
    from PySide6.QtWidgets import QApplication

    from kiosk.app import MainWindow
    from kiosk.cards.source import PcscCardSource
    from kiosk.counter.visit import open_store
    from kiosk.services import KioskServices
    from kiosk.startup import make_application
    from tests.kiosk.conftest import shoot

    app = make_application(["two-screens"])
    data = Path(tempfile.mkdtemp())
    services = KioskServices(card_source=PcscCardSource("Virtual PCD 00 01"), store=open_store(data),
                             data_dir=data, terminal_id="term-test", site="s1", note="test",
                             sync_ms=60_000)
    window = MainWindow(services)
    window.resize(1280, 800)
    window.show()
    out = {"screens": sorted((s.name(), s.geometry().x(), s.geometry().width()) for s in app.screens()),
           "primary": app.primaryScreen().name(), "staff_window_on": window.screen().name()}
    display = window.desk("counter").resident_display
    out["has_resident_display"] = display is not None
    if display is not None:
        app.processEvents()
        resident = display.resident
        out["resident_screen"] = resident.screen().name()
        out["resident_x"] = resident.geometry().x()
        window.open_desk("counter")
        app.processEvents()
        out["procedures_on"] = window.desk("counter").widget.window().objectName() or "main"
        window.desk("counter").widget.procedures.next_button.click()
        app.processEvents()
        out["state"] = window.desk("counter").controller.flow.state.value
        out["waiting_on"] = window.desk("counter").widget.window().objectName() or "main"
        out["staff_side_shows"] = window.stack.currentWidget().objectName()
        resident.resize(1280, 800)
        shoot(resident, "shell-resident-screen.png")
        shoot(window, "shell-staff-screen-while-resident.png")
        window.desk("counter").widget.nav.back_button.click()  # back to the procedures: the staff's step
        app.processEvents()
        out["back_state"] = window.desk("counter").controller.flow.state.value
        out["back_on"] = window.desk("counter").widget.window().objectName() or "main"
        out["resident_shows"] = resident.stack.currentWidget() is resident.waiting
        window.desk("counter").widget.procedures.next_button.click()
        display.note.restart_button.click()  # staff end the visit from their screen
        app.processEvents()
        out["after_restart"] = (window.desk("counter").controller.flow.state.value,
                                window.stack.currentWidget().objectName(),
                                window.desk("counter").widget.window().objectName() or "main")
    window.shutdown()
    QApplication.processEvents()
    print(json.dumps(out))


if __name__ == "__main__":
    sys.exit(main())
