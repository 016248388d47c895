"""Starting the kiosk: the QApplication with the kiosk's look (`make_application`), the window shown and
Qt's loop run until staff quit, built again when staff choose another display (`run`), the first-run
wizard as the only window (`run_setup_wizard`), the first screen's paint logged with the process's age
and memory (`screen_up`: "screen up 0.52 s after the process started, 104.3 MB resident"), the startup
objects frozen out of the cycle collector's reach (`freeze_startup_objects`), and the wizard's test
print through CUPS (`register_wizard_test_print`). `kazasu demo` and `kazasu run`
(kiosk/cli/app_commands.py) call these.
"""

from __future__ import annotations

import gc
import logging
import os
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.app import MainWindow
from kiosk.services import KioskServices
from kiosk.shell import settings
from kiosk.shell.lockdown import KeyGuard
from kiosk.shell.staff import StaffDirectory
from kiosk.ui import theme
from kiosk.ui.screen_fit import plan_layout, show_fitted
from kiosk.ui.tasks import TaskRunner

logger = logging.getLogger(__name__)
REBUILD = 0x6B7A   # Qt's loop ended for a new display (run() builds the window again), not a quit


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or ["kazasu"])
    theme.apply(app)
    return app


def run(services: KioskServices, *, fullscreen: bool = False) -> int:
    """Show the kiosk and run Qt's loop until the window closes (kiosk mode: until staff quit). When
    staff choose another display (text size, contrast), the window is built again with it, the
    same services and the same staff signed in."""
    app = make_application()
    while True:
        scale, high = services.display   # the text size and contrast, before any screen is built
        theme.apply(app, text_scale=scale, high_contrast=high)
        plan_layout(full_screen=fullscreen or services.locked)   # the screens' width: the screen's
        window = MainWindow(services)
        window.quit_requested.connect(app.exit)
        window.display_requested.connect(lambda: app.exit(REBUILD))
        show_fitted(window, full_screen=fullscreen or services.locked)   # the screen it is on
        QTimer.singleShot(0, lambda: screen_up(window))  # the first turn of the loop: the screen is up
        try:
            code = app.exec()
        finally:
            window.shutdown()
        change, staff = window.display_change, window.session.staff
        window.exiting = True   # gone with all it holds before anything else is built
        window.close()
        window.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
        if code != REBUILD or change is None:
            return code
        logger.info("display changed: the window is built again")
        services = replace(services, display=change, signed_in=staff, resume_desk=None)


def screen_up(window: QWidget) -> None:
    """The first screen is shown: paint it now, log how long the process took to get here and how
    much memory it holds (what `benchmarks/bench_kiosk.py` reads: the start of `kazasu run` itself),
    then freeze what the start made."""
    window.repaint()
    seconds, rss_mb = process_age(), resident_mb()
    logger.info("screen up %s s after the process started, %s MB resident",
                "?" if seconds is None else f"{seconds:.2f}", "?" if rss_mb is None else f"{rss_mb:.1f}")
    freeze_startup_objects()


def process_age() -> float | None:
    """Seconds since this process started (Linux: /proc, to the kernel's clock tick), or None."""
    try:
        started = int(Path("/proc/self/stat").read_text().rpartition(")")[2].split()[19])
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return max(0.0, uptime - started / os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, IndexError):
        return None


def resident_mb() -> float | None:
    """This process's resident memory (VmRSS) in MB, or None where /proc has no status."""
    try:
        for row in Path("/proc/self/status").read_text().splitlines():
            if row.startswith("VmRSS:"):
                return int(row.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def freeze_startup_objects() -> None:
    """Move everything made at startup (Qt wrappers, modules, form and address tables) out of the
    cycle collector's reach (gc.freeze). Without it, a full collection during a long sync walked all
    of them with the interpreter stopped: 330 ms event-loop stalls (benchmarks/bench_kiosk.py)."""
    gc.freeze()


def run_setup_wizard(data_dir: Path, *, locked: bool = True) -> bool:
    """The first-run wizard as the only window (full screen in kiosk mode) until it is saved."""
    from kiosk.shell.wizard import SetupWizard  # only here: a set-up terminal starts without it

    app = make_application()
    plan_layout(full_screen=locked)   # laid out for the screen's width, as the kiosk's window is
    tasks = TaskRunner(name="kazasu-shell-tasks")
    wizard = SetupWizard(Path(data_dir), tasks, first_run=True,
                         ask_admin=not StaffDirectory(data_dir).has_accounts())
    guard = KeyGuard()
    if locked:
        app.installEventFilter(guard)
        wizard.setWindowFlag(Qt.WindowType.FramelessWindowHint)
    done: list[bool] = []
    wizard.finished.connect(lambda _settings: (done.append(True), app.exit(0)))
    show_fitted(wizard, full_screen=locked)
    try:
        app.exec()
    finally:
        app.removeEventFilter(guard)
        tasks.stop()
        wizard.hide()
        wizard.deleteLater()
    return bool(done)


def register_wizard_test_print(data_dir: Path | str) -> None:
    """Offer the set-up wizard's 「テスト印刷」: it prints kiosk.printing's test page on the printer
    typed in (kiosk.shell.settings.set_test_print)."""
    def print_test_page(printer: str | None):
        from kiosk import printing  # lazy: only when the wizard's test print is pressed

        return printing.print_test_page(printer, data_dir=data_dir)

    settings.set_test_print(print_test_page)
