"""The counter desk's view: the step bar, one page per state, and 戻る / 最初から at
the bottom with the resident's language switch beside 最初から. Layout only; `CounterController`
(counter_controller.py) decides what is shown. Each page sits in a scroll area, so that in a long
language or at a large text scale (theme.apply(text_scale=2)) a page scrolls instead of cutting
its text. At a large text size or on a narrow window each screen's main buttons sit in the nav bar
instead, above 戻る and 最初から (kiosk.ui.action_dock): the way on is on screen without scrolling."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import QApplication, QStackedWidget, QVBoxLayout, QWidget
from shiboken6 import isValid

from kiosk.counter.ui.bars import NavBar, StepBar
from kiosk.counter.ui.confirm import ConfirmScreen
from kiosk.counter.ui.done import DoneScreen
from kiosk.counter.ui.error import ErrorScreen
from kiosk.counter.ui.manual import ManualScreen
from kiosk.counter.ui.metrics_view import MetricsScreen
from kiosk.counter.ui.preview import PreviewScreen
from kiosk.counter.ui.procedures import ProceduresScreen
from kiosk.counter.ui.tap import TapScreen
from kiosk.ui import theme
from kiosk.ui.action_dock import docked, inline
from kiosk.ui.code_b import CodeBScreen
from kiosk.ui.idle import IdleWarning
from kiosk.ui.language import LanguageButton, LanguageChooser
from kiosk.ui.layout import page_scroll, show_whole
from kiosk.ui.pin_pad import PinScreen


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
        self.holders: dict[QWidget, QWidget] = {}
        for screen in self.screens:
            self.holders[screen] = self._holder(screen)
            self.pages.addWidget(self.holders[screen])
        self.nav = NavBar()
        self.language_button = LanguageButton()
        self.nav.add_trailing(self.language_button)
        QWidget.setTabOrder(self.nav.back_button, self.language_button)   # left to right
        QWidget.setTabOrder(self.language_button, self.nav.restart_button)
        if docked(low=True):
            self._dock_actions()
            self.code_b.camera_open.connect(self._camera_open)
        else:   # the two long pages' way on in the nav bar: on a tall window too, never below the fold
            self.nav.add_action(self.preview.next_button)
            self.nav.add_action(self.manual.next_button)
        layout.addWidget(self.steps)
        layout.addWidget(self.pages, 1)
        # the preview's on-screen keyboard under the page, above the nav bar: never scrolled off with
        # the page, never over the field it types into (which the page keeps in view above it)
        layout.addWidget(self.preview.keyboard)
        # when it closes, room at the foot of the preview page (below what is shown) keeps the page
        # where it was: nothing moves under the finger when a choice takes the focus from the field
        self.keyboard_room = QWidget()
        self.keyboard_room.setObjectName("keyboard_room")
        self.keyboard_room.setFixedHeight(0)
        self.keyboard_room.hide()   # (shown only with a height: a hidden widget takes no spacing)
        self.preview.layout().addWidget(self.keyboard_room)
        self.preview.keyboard.attached.connect(self._keep_in_view)
        self.preview.keyboard.detached.connect(self._keyboard_gone)
        for watched in (self.holders[self.preview].viewport(), self.preview, self.preview.scroll.viewport()):
            watched.installEventFilter(self)   # a new size while typing: the field back in view
        self._shown: QWidget | None = None
        layout.addWidget(self.nav)
        self.language_chooser = LanguageChooser(self)  # over the desk, hidden until asked for
        self.language_button.clicked.connect(
            lambda: self.language_chooser.open_chooser(self.language_button))
        self.idle_warning = IdleWarning(self)  # over everything above, hidden until needed

    def _dock_actions(self) -> None:
        """Each screen's main buttons into the nav bar's dock (kiosk.ui.action_dock)."""
        width = theme.layout_width - 2 * 24
        if inline():   # between 戻る and ことば / 最初から
            width -= 2 * 200 + 2 * 260
        for screen, buttons in (
                (self.procedures, [self.procedures.next_button]),
                # the card is the way on: the demo's button and 「このカードで続ける」 (「カードがない」
                # stays on the page)
                (self.tap, [self.tap.demo_button, self.tap.continue_button]),
                (self.pin, [self.pin.ok_button]),
                # 照合番号B: its 決定 and the way out to staff typing by hand, both always in sight
                (self.code_b, [self.code_b.ok_button, self.code_b.manual_button]),
                (self.manual, [self.manual.next_button]),
                (self.preview, [self.preview.next_button]),
                (self.confirm, [self.confirm.submit_button]),
                (self.done, [self.done.next_button]),
                (self.error, [self.error.retry_button])):
            self.nav.dock.dock(screen, buttons, width)

    def _camera_open(self, on: bool) -> None:
        """The camera's page has its own ways on (読み取る, 数字を入力する): the dock gives it its room
        while it shows, and comes back with the number pad."""
        if self._shown is self.code_b:
            if on:
                self.nav.dock.setVisible(False)
            else:
                self.nav.dock.show_for(self.code_b)

    @staticmethod
    def _holder(screen: QWidget) -> QWidget:
        """A page scrolls when its words need more room than the screen (a long language, large
        text) instead of squeezing its labels; when it fits, nothing shows of the scroll area."""
        scroll = page_scroll(screen, steady=True)
        scroll.setObjectName(f"{screen.objectName()}_scroll")
        return scroll

    def _keep_in_view(self, field: QWidget) -> None:
        """The field the keyboard types into, in view in the page above the keyboard (once the
        keyboard has taken its room). While it types, the keyboard's 閉じる is the way on: a dock
        above the nav bar gives its room to the page (one beside 戻る takes none)."""
        self.keyboard_room.setFixedHeight(0)
        self.keyboard_room.hide()
        if self.nav.dock.rows and not inline():
            self.nav.dock.setVisible(False)
        # the fields' own scroll area keeps room for the field at least (on a low window the page
        # around it scrolls instead of squeezing it below the field's height)
        self.preview.scroll.setMinimumHeight(field.height() + 2 * 12)
        QTimer.singleShot(0, self, self._typed_field_in_view)

    def _typed_field_in_view(self) -> None:
        """Scroll the fields and the page so that the field being typed into shows whole; again
        whenever the page or its view changes size while the keyboard is up (it took its room, a
        scroll bar came, words wrapped anew)."""
        field = self.preview.keyboard.target
        if field is None or not isValid(field) or not self.preview.keyboard.isVisible():
            return
        for _ in range(3):   # the keyboard's room taken first (pending layouts, nested ones too)
            QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest.value)
        show_whole(self.preview.scroll, field)
        show_whole(self.holders[self.preview], field)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt name)
        if event.type() == QEvent.Type.Resize and self.preview.keyboard.target is not None:
            QTimer.singleShot(0, self, self._typed_field_in_view)
        return False

    def _keyboard_gone(self) -> None:
        """The keyboard closed: on the preview the page stays where it was (room at its foot for
        what the keyboard and the field's reserve gave back), the dock comes back."""
        holder = self.holders[self.preview]
        if self._shown is self.preview:
            bar, value = holder.verticalScrollBar(), holder.verticalScrollBar().value()
            self.keyboard_room.setFixedHeight(self.preview.keyboard.height() + self.preview.scroll.minimumHeight())
            self.keyboard_room.show()
            QTimer.singleShot(0, bar, lambda: bar.setValue(value))
        self.preview.scroll.setMinimumHeight(0)
        if self.nav.dock.rows:
            self.nav.dock.show_for(self._shown)

    def show_page(self, screen: QWidget, step: int) -> None:
        if screen is not self.preview:
            self.preview.keyboard.detach()   # it belongs to the preview's fields
            self.keyboard_room.setFixedHeight(0)
            self.keyboard_room.hide()
        holder = self.holders[screen]
        if self.pages.currentWidget() is not holder:
            holder.verticalScrollBar().setValue(0)   # a new page starts at its top
        self.pages.setCurrentWidget(holder)
        self._shown = screen
        if self.nav.dock.rows:
            self.nav.dock.show_for(screen)
        else:
            self.preview.next_button.setVisible(screen is self.preview)
            self.manual.next_button.setVisible(screen is self.manual)
        self.steps.set_current(step)

    def clear(self) -> None:
        """Forget the person: every screen drops every value it shows."""
        for screen in self.screens:
            screen.clear()
        self.language_chooser.clear()
        self.idle_warning.clear()
