"""The next action always on screen: at a large text size (150 %, 200 %) or on a window narrower (or,
for the desks that ask, lower) than the screens were drawn for, a page's main buttons (次へ, 確認へ進む,
受付する…) leave the page, which scrolls, for a bar fixed under it, so that the resident never has to
scroll to find the way on.

`ActionDock.dock(page, buttons, width)` moves `buttons` (still the page's: their signals, names and
enabled states stay) into a row of the dock kept for `page`, sharing `width` px (a long line breaks
instead of pushing the row past the window: the buttons shown share it, so one alone has all of it);
`show_for(page)` shows only that page's row, and hides the dock for a page with none. `docked()`
says whether the screens built now dock their actions, `inline()` whether a dock fits beside the
counter's 戻る and 最初から (100 % on a wide window) rather than above them.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.ui import theme
from kiosk.ui.layout import share_row


def docked(low: bool = False) -> bool:
    """The screens built now put their main buttons in a dock: large text or a narrow window (or,
    given `low`, a window lower than the screens were drawn for: a page whose main button is at its
    foot)."""
    return theme.text_scale > 1 or theme.narrow() or (low and theme.short())


def inline() -> bool:
    """A dock fits beside the nav bar's buttons (100 % text on a window as wide as the design)."""
    return theme.text_scale <= 1 and not theme.narrow()


class ActionDock(QWidget):
    """Rows of docked buttons, one row a page, the row of the page on screen shown."""

    def __init__(self, parent: QWidget | None = None, name: str = "action_dock") -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.setSpacing(0)
        self.rows: dict[QWidget, QWidget] = {}
        self.setVisible(False)

    def dock(self, page: QWidget, buttons, width: int, spacing: int = 12) -> QWidget:
        """Move `buttons` into the row of `page` (made on first use), side by side in `width` px."""
        row = self.rows.get(page)
        if row is None:
            row = QWidget(self)
            row.setObjectName(f"{page.objectName() or 'page'}_actions")
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            line.setSpacing(spacing)
            self.column.addWidget(row)
            row.setVisible(False)
            self.rows[page] = row
        row.share = (width, spacing)
        row.buttons = [*getattr(row, "buttons", []), *buttons]
        for b in buttons:
            row.layout().addWidget(b, 1)
            b.installEventFilter(self)   # shown or hidden: the row is shared again
        self._share(row)
        return row

    def _share(self, row: QWidget) -> None:
        """The row's width shared by the buttons it shows now (one alone has all of it)."""
        width, spacing = row.share
        share_row([b for b in row.buttons if not b.isHidden()], width, spacing, every_scale=True)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt name)
        if event.type() in (QEvent.Type.ShowToParent, QEvent.Type.HideToParent):
            row = obj.parentWidget()
            if row in self.rows.values():
                self._share(row)
        return False

    def show_for(self, page: QWidget | None) -> None:
        for shown, row in self.rows.items():
            row.setVisible(shown is page)
        self.setVisible(page in self.rows)
