"""The kiosk window at a panel's size and a text size, and every resident screen of every desk in it,
checked on what is laid out to be drawn (tests/kiosk/textfit.py and the checks below). Used by the
offscreen matrix test (tests/kiosk/ui/test_fit_matrix.py).

`built_window(make_services, size)` builds the whole MainWindow for a screen of `size` at the text
scale and contrast theme.apply set (the screens are laid out for both when they are built, as
kiosk.startup does), held to that size as kiosk.ui.screen_fit holds it to its screen. `SCREENS` are
the resident screens of the three desks: each shows its screen filled with what a visit puts there,
and names the next action (次へ, 確認へ進む, 受付する…) that must be on the screen without scrolling.

The checks, on the window as laid out:
- `action_problems`: the next action is shown whole: inside the window and not cut by any parent
  (a scroll area's viewport), with the page at its top;
- `status_problems`: the status bar is at the window's bottom, as wide as the window, at most
  STATUS_MAX_LINES lines, and no item is broken inside a word (「未/サ/イ」);
- `outside_problems`: no visible widget reaches past the window's edges (what is not in a scroll
  area must fit the screen);
- `broken_words`: no button's line ends inside an English word (「Headcoun / t」);
- textfit's `text_problems` (each text's lines have the room of its font; nothing touches the
  window's edge) and `cut_widths` (a label that does not wrap is as wide as its words, a button as
  wide as its longest line and padding).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import QEvent, QPoint, QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QLabel,
    QLayout,
    QStatusBar,
    QWidget,
)

from kiosk.ui import theme
from tests.kiosk.textfit import text_problems

SIZES = {"1024x768": (1024, 768), "1366x768": (1366, 768), "1280x1024": (1280, 1024),
         "1920x1080": (1920, 1080), "1080x1920": (1080, 1920)}
STATUS_MAX_LINES = 2
DEMO_NOTE = "デモ: pcscd + vpcd (Virtual PCD 00 00)"   # the status bar's longest note (kazasu demo)


def settle(rounds: int = 4) -> None:
    for _ in range(rounds):   # a label's new text asks its layout (and the scroll area) again, later
        QApplication.processEvents()


def built_window(make_services, size: tuple[int, int], person: dict):
    """The kiosk window of a demo for a screen of `size` (the demo card in-process, holding `person`),
    laid out for it before it is built (as kiosk.ui.screen_fit.plan_layout does) and held to it (as
    ScreenFit.fit does)."""
    from devices.emulator import CardHolder, MyNumberCard
    from kiosk.app import MainWindow
    from kiosk.cards.source import DemoCard, InProcessCardSource

    card = MyNumberCard(CardHolder.from_dict(person))
    source = InProcessCardSource(card)
    demo_card = DemoCard(card, inprocess=source)

    theme.layout_width, theme.layout_height = size
    window = MainWindow(make_services(source, demo_card, note=DEMO_NOTE))
    window.layout().setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
    window.setMinimumSize(0, 0)
    window.setMaximumSize(*size)
    window.resize(*size)
    window.show()
    settle()
    return window


def drop_window(window) -> None:
    window.exiting = True
    window.shutdown()
    window.close()
    window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    theme.layout_width, theme.layout_height = theme.DESIGN_WIDTH, theme.DESIGN_HEIGHT


# -- the checks ------------------------------------------------------------------------------------
def _where(w: QWidget) -> str:
    return f"{type(w).__name__} {w.objectName() or w.accessibleName()[:40] or ''!r}"


def shown_part(widget: QWidget, window: QWidget) -> QRect:
    """The part of `widget` (in window coordinates) that its parents and the window let be drawn."""
    seen = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        seen = seen.intersected(QRect(parent.mapTo(window, QPoint(0, 0)), parent.size()))
        parent = parent.parentWidget()
    return seen.intersected(window.rect())


def action_problems(window: QWidget, actions) -> list[str]:
    problems = []
    for b in actions:
        if not b.isVisibleTo(window):
            problems.append(f"{_where(b)}: the next action is not shown")
            continue
        whole = QRect(b.mapTo(window, QPoint(0, 0)), b.size())
        seen = shown_part(b, window)
        if seen != whole:
            problems.append(f"{_where(b)}: the next action {whole.getRect()} shows only {seen.getRect()} "
                            f"of the {window.width()}×{window.height()} window without scrolling")
    return problems


def _scrolled(widget: QWidget, root: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def outside_problems(window: QWidget) -> list[str]:
    """Visible widgets (not inside a scroll area) reaching past the window's edges."""
    problems = []
    frame = window.rect()
    for w in window.findChildren(QWidget):
        if not w.isVisible() or w.isWindow() or _scrolled(w, window) or w.width() <= 0:
            continue
        rect = QRect(w.mapTo(window, QPoint(0, 0)), w.size())
        if not frame.contains(rect):
            problems.append(f"{_where(w)} {rect.getRect()} reaches past the {frame.width()}×{frame.height()} window")
    return problems


def broken_inside_words(label: QLabel) -> bool:
    """A status item laid out on more lines than it has separators allow (words are broken)."""
    from tests.kiosk.textfit import _layout

    doc = _layout(label)
    block, lines = doc.begin(), 0
    while block.isValid():
        lines += block.layout().lineCount()
        block = block.next()
    return lines > 1


def status_problems(window) -> list[str]:
    bar: QStatusBar = window.statusBar()
    problems = []
    if not bar.isVisible():
        return ["the status bar is not shown"]
    rect = QRect(bar.mapTo(window, QPoint(0, 0)), bar.size())
    if rect.bottom() != window.rect().bottom() or rect.width() != window.width():
        problems.append(f"status bar {rect.getRect()} is not along the bottom of the "
                        f"{window.width()}×{window.height()} window")
    labels = [w for w in bar.findChildren(QLabel) if w.isVisible() and w.text()]
    if labels:
        most = STATUS_MAX_LINES * max(w.sizeHint().height() for w in labels) + 12
        if bar.height() > most:
            problems.append(f"status bar {bar.height()} px high (at most {most}: {STATUS_MAX_LINES} lines)")
    for w in labels:
        if broken_inside_words(w):
            problems.append(f"status item {_where(w)} breaks its words over lines")
        if w.width() < w.sizeHint().width() - 1 and not w.wordWrap():
            problems.append(f"status item {_where(w)}: {w.width()} px wide, its words need {w.sizeHint().width()}")
    return problems


def broken_words(window) -> list[str]:
    """A button's line that ends inside an English word, its next line going on with the same word
    (「Headcoun / t」): a line break a person reads as two words."""
    problems = []
    for b in window.findChildren(QAbstractButton):
        if not b.isVisible() or not b.text():
            continue
        lines, name = b.text().split("\n"), b.accessibleName()
        for first, second in zip(lines, lines[1:]):
            if not (first.split() and second.split()):
                continue
            end, start = first.split()[-1], second.split()[0]
            # the two halves are one word of its name (with a space between them they are two)
            if end[-1].isascii() and end[-1].isalpha() and start[0].isascii() and start[0].isalpha() \
                    and end + start in name.split():
                problems.append(f"{_where(b)}: 「{first} / {second}」 breaks a word")
    return problems


def window_problems(window, actions=()) -> list[str]:
    from tests.kiosk.counter.test_text_scale import cut_widths

    settle()
    found = action_problems(window, actions) + status_problems(window) + outside_problems(window)
    found += broken_words(window)
    found += text_problems(window, padding_y=theme.BUTTON_PAD_Y, border=theme.FOCUS_BORDER)
    if theme.text_scale > 1:   # at 100 % a line may run into a button's padding (as test_a11y_desks)
        # (cut_widths counts a button's 20 px padding: a kana key has 4 px, textfit checks its room)
        found += [p for p in cut_widths(window) if "'kana_key_" not in p]
    return found


# -- the resident screens --------------------------------------------------------------------------
@dataclass(frozen=True)
class Screen:
    desk: str
    name: str
    show: Callable          # show(window, desk) → the next action buttons


def _counter_fill(view, person) -> None:
    """Every resident page of the counter filled as a visit fills it (once per window)."""
    from devices.errors import CardRemovedError
    from forms.registry import list_forms
    from forms.wareki import format_wareki
    from kiosk.counter import visit as workflow
    from kiosk.messages import Bilingual, for_error, text
    from tests.kiosk.counter.test_preview_layout import _person

    if view.preview.asked and view.confirm._table is not None:
        return   # filled, and not wiped since (leaving the counter for another desk wipes it)
    person = _person(person)
    forms = list_forms()
    view.procedures.set_forms(forms, [workflow.DEFAULT_FORM],
                              {f.id for f in forms if workflow.reads_my_number(f)})
    view.pin.set_tries(3)
    view.pin.show_wrong_pin(2)
    view.code_b.set_tries(9)
    view.code_b.set_no_pin_card(True)
    filled = workflow.preview(person, {"visitor": "self", "requester_kana": "やまだ たろう",
                                       "certificate_kind": "juminhyo_all", "purpose": "勤務先に提出"},
                              workflow.DEFAULT_FORM)
    view.preview.show_person(person["name"], person["address"],
                             format_wareki(dt.date.fromisoformat(person["birth_date"])), text("sex.1"))
    view.preview.build_fields(filled.asked_fields(), {}, filled.values)
    rows = [(Bilingual(f.label_ja, f.label_en), value) for f, value in workflow.display_rows(filled)]
    form = filled.form
    view.confirm.show_forms(Bilingual(form.title_ja, form.title_en), [(None, rows)],
                            text("confirm.my_number"))
    view.done.show_queue(3)
    view.error.show_error(text("error.title"), for_error(CardRemovedError()))


def _counter(page: str, actions: Callable, step: int) -> Screen:
    def show(window, person):
        window.open_desk("counter")
        view = window.desk("counter").widget
        _counter_fill(view, person)
        screen = getattr(view, page)
        view.show_page(screen, step)
        return actions(view)

    return Screen("counter", page, show)


def _typing_kana(window, person) -> list:
    """The preview with the reading (ふりがな) being typed on the on-screen keyboard: the field and
    every key must be on the screen whole (the keyboard never covers the field, all its rows show)."""
    window.open_desk("counter")
    view = window.desk("counter").widget
    _counter_fill(view, person)
    view.show_page(view.preview, 3)
    edit = view.preview.asked["requester_kana"].edit
    window.activateWindow()
    edit.setFocus()
    view.preview.keyboard.attach(edit, "kana")   # as the focus does (preview._focus_changed)
    settle(12)   # the keyboard takes its room, the page scrolls the field into view: a few turns
    keys = [b for b in view.preview.keyboard.findChildren(QAbstractButton) if b.isVisibleTo(window)]
    return [edit, *keys]


def _shelter(page: str, actions: Callable) -> Screen:
    def show(window, _person):
        window.open_desk("shelter")
        desk = window.desk("shelter").widget
        desk.show_page(page)
        return actions(desk)

    return Screen("shelter", page, show)


def _library(actions: Callable, page: str = "checkout") -> Screen:
    def show(window, _person):
        window.open_desk("library")
        desk = window.desk("library").widget
        if page == "register" and desk.register_panel is not None:
            desk.open_registration()
        else:
            desk.pages.setCurrentWidget(desk.main)
        return actions(desk)

    return Screen("library", page, show)


def _shell(page: str, actions: Callable) -> Screen:
    def show(window, _person):
        window.leave_desk()
        if page == "sign-in":
            window.show_sign_in(None)
        else:
            window.stack.setCurrentWidget(window.start)
        return actions(window)

    return Screen("shell", page, show)


SCREENS = (
    _shell("sign-in", lambda w: [w.signin.ok_button]),
    _shell("start", lambda w: list(w.start.desk_buttons)),
    _counter("procedures", lambda v: [v.procedures.next_button], 1),
    _counter("tap", lambda v: [v.tap.demo_button], 1),
    _counter("pin", lambda v: [v.pin.ok_button], 2),
    _counter("code_b", lambda v: [v.code_b.ok_button], 2),
    _counter("manual", lambda v: [v.manual.next_button], 2),
    _counter("preview", lambda v: [v.preview.next_button], 3),
    Screen("counter", "preview-kana", _typing_kana),
    _counter("confirm", lambda v: [v.confirm.submit_button], 3),
    _counter("done", lambda v: [v.done.next_button], 4),
    _counter("error", lambda v: [v.error.retry_button], 1),
    _shelter("reception", lambda d: [d.checkin_button]),
    _shelter("pin", lambda d: [d.pin.ok_button]),
    _shelter("code_b", lambda d: [d.code_b.ok_button]),
    _shelter("headcount", lambda d: [d.headcount_page.record_button]),
    _shelter("inquiry", lambda d: []),
    _shelter("needs", lambda d: [d.needs_page.save_button]),
    _library(lambda d: [d.tap_button, d.mode_button, d.next_button]),
    _library(lambda d: [d.register_panel.pin_button] if d.register_panel is not None else [], "register"),
)
