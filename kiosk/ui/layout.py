"""Layout helpers every screen uses: rows that become columns at a large text scale, pages that scroll
down (never sideways), a row of buttons sharing its width, fixed key sizes, a row of toggle choices,
banners that keep their room when they go (`banner`, `release`).
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QBoxLayout,
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui import theme
from kiosk.ui.labels import BUTTON_PAD_X, button, render, text_height


def share_row(buttons, width: int, spacing: int = 6, *, every_scale: bool = False,
              inset: int | None = None) -> None:
    """`buttons` share a row `width` px wide, and each breaks its lines to its share less `inset`
    (default: its padding and border) instead of pushing the row wider than the screen: at a large
    text scale, or at every scale with `every_scale` (a language with longer words)."""
    buttons = list(buttons)
    if not buttons or (theme.text_scale <= 1 and not every_scale):
        return
    share = (width - spacing * (len(buttons) - 1)) // len(buttons)
    inset = 2 * (BUTTON_PAD_X + theme.FOCUS_BORDER) if inset is None else inset
    for widget in buttons:
        widget.wrap_width = max(40, share - inset)
        (getattr(widget, "rerender", None) or (lambda: render(widget)))()


def narrow_lines(*buttons: QPushButton) -> None:
    """On a window narrower than the design (and at 100 % text, where lines are not broken
    otherwise), `buttons` beside a keypad break their lines at a third of the window's width: the
    keypad keeps its keys' size, the column beside it is what is left."""
    if not theme.narrow() or theme.text_scale > 1:
        return
    for widget in buttons:
        widget.wrap_width = theme.layout_width // 3
        render(widget)


def key_size(widget: QPushButton, width: int, height: int) -> None:
    """A keypad key: `width` × `height`, or as much more as its text needs (large text, longer words
    in another language); it never stretches."""
    widget.setMinimumSize(width, max(height, text_height(widget)))
    widget.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)


def choice_row(options: dict, name: str) -> tuple[QWidget, dict]:
    """A row of toggle buttons (value → Bilingual), one checked at a time: (the row, value → button)."""
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    group = QButtonGroup(holder)
    group.setExclusive(True)
    buttons = {}
    for value, words in options.items():
        b = button(words, name=f"{name}_{value}", height=theme.MIN_TOUCH)
        b.setCheckable(True)
        group.addButton(b)
        row.addWidget(b)
        buttons[value] = b
    row.addStretch(1)
    return holder, buttons


def page_scroll(page: QWidget, *, steady: bool = False, area=None):
    """`page` in a scroll area (`area`, e.g. a subclass, or a new QScrollArea) that scrolls down,
    never sideways, and never takes the focus (Tab goes to the page's controls). `steady`: at a large
    text scale its bar is always there, so the width the words break at never changes."""
    scroll = area if area is not None else QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    if steady and theme.text_scale > 1:
        scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
    scroll.setWidget(page)
    return scroll


def show_whole(scroll: QScrollArea, widget: QWidget, margin: int = 8) -> None:
    """Scroll `scroll` down or up just enough that all of `widget` (in it) shows, `margin` px clear
    of the view's edges. (QScrollArea.ensureWidgetVisible shows only a focused field's cursor.)"""
    inner = scroll.widget()
    if inner is None or not inner.isAncestorOf(widget):
        return
    top = widget.mapTo(inner, QPoint(0, 0)).y() - margin
    bottom = top + widget.height() + 2 * margin
    bar, view = scroll.verticalScrollBar(), scroll.viewport().height()
    if top < bar.value() or bottom - top > view:
        bar.setValue(top)
    elif bottom > bar.value() + view:
        bar.setValue(bottom - view)


def body(page: QWidget) -> QWidget:
    """What a full-screen page builds its content into: the page itself, or at a large text scale a
    widget in a scroll area filling the page (a page taller than the screen scrolls down instead of
    making the window grow past it)."""
    if theme.text_scale <= 1:
        return page
    inner = QWidget()
    outer = QVBoxLayout(page)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(page_scroll(inner))
    return inner


def reveal(widget: QWidget) -> None:
    """Scroll the nearest scroll area holding `widget` just enough that all of it shows (nothing when
    none holds it: a page drawn without scrolling)."""
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    if parent is not None:
        show_whole(parent, widget)


def body_and_foot(page: QWidget, margins: int = 40, spacing: int = 12) -> tuple[QVBoxLayout, QVBoxLayout]:
    """A full-screen page of two parts: its body (scrolling at a large text size, as `body`) and a foot
    under it that never scrolls away, for the page's message and its 戻る / 次へ / 保存. Returns the
    body's layout and the foot's."""
    frame = QVBoxLayout(page)
    frame.setContentsMargins(0, 0, 0, 0)
    frame.setSpacing(0)
    content = QWidget()
    frame.addWidget(page_scroll(content) if theme.text_scale > 1 else content, 1)
    foot = QWidget()
    foot.setObjectName(f"{page.objectName() or 'page'}_foot")
    frame.addWidget(foot)
    under = vbox(foot, margins=margins, spacing=spacing)
    under.setContentsMargins(margins, 4, margins, margins // 2)
    return vbox(content, margins=margins, spacing=spacing), under


def row_layout(parent: QWidget | None = None) -> QBoxLayout:
    """A row of side-by-side parts, which becomes a column at a large text scale (nothing is cut)."""
    direction = QBoxLayout.Direction.TopToBottom if theme.text_scale > 1 else QBoxLayout.Direction.LeftToRight
    return QBoxLayout(direction, parent) if parent is not None else QBoxLayout(direction)


def vbox(widget: QWidget, margins: int = 32, spacing: int = 16) -> QVBoxLayout:
    layout = QVBoxLayout(widget)
    layout.setContentsMargins(margins, margins // 2, margins, margins // 2)
    layout.setSpacing(spacing)
    return layout



def banner(widget: QWidget, on: bool) -> None:
    """Show or hide a banner (a message that comes and goes). Once shown, its room stays when it is
    hidden again (its words kept, unseen): what is under it never jumps up under the resident's
    finger as it goes. `release` gives the room back (a new person, the screen emptied)."""
    if on:
        policy = widget.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        widget.setSizePolicy(policy)
    widget.setVisible(on)


def release(widget: QWidget) -> None:
    """A banner hidden, emptied and its room given back."""
    policy = widget.sizePolicy()
    policy.setRetainSizeWhenHidden(False)
    widget.setSizePolicy(policy)
    widget.setVisible(False)
    widget.clear()
