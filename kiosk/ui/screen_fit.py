"""The kiosk's windows fill the screen they are on, with or without a window manager.

A bare X server (a kiosk session without a desktop) and a kiosk compositor such as cage give none of
the usual help: nobody acts on Qt's "full screen" or "maximised" hints, so a window kept whatever size
it was made with (1280×800 at the top-left: the status bar below the edge of a 1366×768 panel, 次へ cut
off on a 1024×768 one, a small window in the corner of a 1920×1080 one). `show_fitted` takes the
geometry from the QScreen the window is on — all of it in kiosk mode (full screen), its available
part otherwise (maximised, clear of any panel) — and sets it before the window is shown (without a
window manager the window maps there and stays), then shows it full screen or maximised (a window
manager that is there does the same, with its own frame). It follows the screen
afterwards: when the screen changes its size or the window moves to another screen, the window is
fitted again. A window whose contents ask for more than the screen is still held to the screen (the
screens scroll or wrap inside it), never pushed past its edges. `plan_layout` tells the screens,
before they are built, how wide and high the window will be (theme.layout_width, layout_height): on
a screen narrower than the 1280 px they were drawn for, the counter's preview lays its fields one
under another and long words are broken to the width instead of being cut; on a narrow or a low one
(or at large text) the pages' main buttons stay on screen in a bar under the page
(kiosk.ui.action_dock).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QRect
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QApplication, QLayout, QWidget

from kiosk.ui import theme

logger = logging.getLogger(__name__)


def area(screen: QScreen, full_screen: bool) -> QRect:
    """All of the screen in kiosk mode, its available part (no panels) otherwise."""
    return screen.geometry() if full_screen else screen.availableGeometry()


class ScreenFit(QObject):
    """Keeps `window` on the whole of its screen (`full_screen`) or its available part."""

    def __init__(self, window: QWidget, full_screen: bool) -> None:
        super().__init__(window)
        self.setObjectName("screen_fit")
        self.window = window
        self.full_screen = full_screen
        self._screen: QScreen | None = None
        layout = window.layout()
        if layout is not None:
            # the contents' minimum size no longer sets the window's: the screen does
            layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)

    def fit(self) -> QRect:
        screen = self.window.screen()
        self._follow(screen)
        rect = area(screen, self.full_screen)
        self.window.setMinimumSize(0, 0)
        self.window.setMaximumSize(rect.size())
        self.window.setGeometry(rect)
        logger.info("window fitted to %s %dx%d+%d+%d (%s)", screen.name(), rect.width(), rect.height(),
                    rect.x(), rect.y(), "full screen" if self.full_screen else "available area")
        return rect

    def _follow(self, screen: QScreen) -> None:
        if screen is self._screen:
            return
        if self._screen is not None:
            for signal in (self._screen.geometryChanged, self._screen.availableGeometryChanged):
                signal.disconnect(self._changed)
        self._screen = screen
        screen.geometryChanged.connect(self._changed)
        screen.availableGeometryChanged.connect(self._changed)

    def _changed(self, *_args) -> None:
        self.fit()

    def watch_window(self) -> None:
        """Once the window exists on the display: fit it again when it moves to another screen."""
        handle = self.window.windowHandle()
        if handle is not None:
            handle.screenChanged.connect(self._changed)


def plan_layout(full_screen: bool) -> int:
    """Before the screens are built: lay them out for the width of the screen the window will be on
    (the primary screen, where a new window opens): theme.layout_width."""
    screen = QApplication.primaryScreen()
    if screen is not None:
        rect = area(screen, full_screen)
        theme.layout_width, theme.layout_height = rect.width(), rect.height()
    return theme.layout_width


def show_fitted(window: QWidget, *, full_screen: bool) -> ScreenFit:
    """Show `window` filling its screen: full screen (kiosk mode) or maximised to it."""
    fitter = ScreenFit(window, full_screen)
    fitter.fit()
    if full_screen:
        window.showFullScreen()
    else:
        window.showMaximized()
    fitter.watch_window()
    return fitter
