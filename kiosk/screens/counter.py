"""The counter desk's view: the step bar, one page per state, and 戻る / 最初から at the bottom.
Layout only; `CounterController` (counter_controller.py) decides what is shown."""

from __future__ import annotations

from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from kiosk.screens.codeb import CodeBScreen
from kiosk.screens.confirm import ConfirmScreen
from kiosk.screens.done import DoneScreen
from kiosk.screens.error import ErrorScreen
from kiosk.screens.idle import IdleWarning
from kiosk.screens.manual import ManualScreen
from kiosk.screens.metrics_view import MetricsScreen
from kiosk.screens.pin import PinScreen
from kiosk.screens.preview import PreviewScreen
from kiosk.screens.procedures import ProceduresScreen
from kiosk.screens.tap import TapScreen
from kiosk.screens.widgets import NavBar, StepBar


class CounterDesk(QWidget):
    def __init__(self, demo: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("counter_desk")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.steps = StepBar()
        self.pages = QStackedWidget()
        self.procedures = ProceduresScreen()
        self.metrics = MetricsScreen()
        self.tap = TapScreen(demo=demo)
        self.pin = PinScreen()
        self.code_b = CodeBScreen()
        self.manual = ManualScreen()
        self.preview = PreviewScreen()
        self.confirm = ConfirmScreen()
        self.done = DoneScreen()
        self.error = ErrorScreen()
        self.screens = (self.procedures, self.metrics, self.tap, self.pin, self.code_b, self.manual,
                        self.preview, self.confirm, self.done, self.error)
        for screen in self.screens:
            self.pages.addWidget(screen)
        self.nav = NavBar()
        self.nav.add_action(self.preview.next_button)
        layout.addWidget(self.steps)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.nav)
        self.idle_warning = IdleWarning(self)  # over everything above, hidden until needed

    def show_page(self, screen: QWidget, step: int) -> None:
        self.pages.setCurrentWidget(screen)
        self.preview.next_button.setVisible(screen is self.preview)
        self.steps.set_current(step)

    def clear(self) -> None:
        """Forget the person: every screen drops every value it shows."""
        for screen in self.screens:
            screen.clear()
        self.idle_warning.clear()
