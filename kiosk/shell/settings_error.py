"""The screen the kiosk shows instead of its desks when a settings file does not fit.

`kazasu run` and `kazasu demo` check kiosk.json, terminal.json and library.json before they build the
window (kiosk.cli.app_commands); when one is refused, this screen says so in Japanese and English: what
is wrong, in which file and which setting, and what to do. Nothing else can be done from it: 閉じる /
Close ends the program with the error (the session or the service starts it again, and it shows this
screen until the file is corrected). No person's data is on it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.messages import Bilingual
from kiosk.shell.texts import t
from kiosk.ui import theme
from kiosk.ui.labels import button, label
from kiosk.ui.layout import body, vbox


class SettingsErrorScreen(QWidget):
    closed = Signal()

    def __init__(self, error: BaseException, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settings_error")
        details = error.details() if callable(getattr(error, "details", None)) else {}
        layout = vbox(body(self), margins=48, spacing=24)
        layout.addWidget(label(t("settings_error.title"), "title", en_pt=16))
        self.message = label(Bilingual(error.message_ja, error.message_en), "error", en_pt=14)
        layout.addWidget(self.message)
        self.where = label(t("settings_error.where", file=details.get("file", "—"),
                             field=details.get("field", "—")), "hint", en_pt=13)
        layout.addWidget(self.where)
        layout.addStretch(1)
        self.close_button = button(t("settings_error.close"), name="settings_error_close")
        self.close_button.clicked.connect(self.closed)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignRight)


def show_settings_error(error: BaseException, *, full_screen: bool) -> None:
    """Show `error` as the only window until 閉じる / Close (or Qt's loop ends, e.g. --quit-after)."""
    app = QApplication.instance() or QApplication(["kazasu"])
    theme.apply(app)
    screen = SettingsErrorScreen(error)
    if full_screen:
        screen.setWindowFlag(Qt.WindowType.FramelessWindowHint)
    screen.closed.connect(lambda: app.exit(1))
    screen.showFullScreen() if full_screen else screen.show()
    try:
        app.exec()
    finally:
        screen.hide()
        screen.deleteLater()
