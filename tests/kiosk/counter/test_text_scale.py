"""Text at 200 % (theme.apply(text_scale=2)) on every resident screen of the counter, in Japanese and
English and やさしい日本語: no label or button cuts its text, neither in height (tests/kiosk/textfit.py:
each line of a label, wrapped at its width, and of a button has the room of its own font) nor in
width (a label that does not wrap is as wide as its size hint, a button as wide as its longest line
plus padding and border); a page may scroll instead. High contrast
at 200 % is checked the same way."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel

from kiosk.ui import i18n, theme
from tests.kiosk.counter.test_preview_layout import _person
from tests.kiosk.textfit import text_problems

BUTTON_PAD_X = 20   # the style sheet's horizontal padding of a button …
BUTTON_BORDER = 2   # … and its border (the focus ring is drawn over the padding)


class Keeper:
    """Holds the desks a test builds and deletes them before the theme is set back (re-styling a
    window that is still alive costs seconds)."""

    def __init__(self) -> None:
        self.widgets = []

    def addWidget(self, widget) -> None:  # noqa: N802 (like qtbot)
        self.widgets.append(widget)

    def drop(self) -> None:
        from PySide6.QtCore import QEvent

        for widget in self.widgets:
            widget.close()
            widget.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
        self.widgets.clear()


@pytest.fixture
def keeper(qapp):
    kept = Keeper()
    yield kept
    kept.drop()
    i18n.reset()
    theme.apply(qapp, text_scale=1.0, high_contrast=False)


@pytest.fixture
def large_text(qapp, keeper):
    theme.apply(qapp, text_scale=2.0)
    return keeper


def cut_widths(root) -> list[str]:
    problems = []
    for w in root.findChildren(QLabel):
        if not w.isVisible() or not w.text() or not w.isVisibleTo(root):
            continue
        # a wrapped label's height at its width is textfit's check; one that does not wrap must be
        # as wide as its text
        if not w.wordWrap() and w.sizeHint().width() > w.width() + 1:
            problems.append(f"label {w.objectName() or w.accessibleName()[:30]!r}: {w.width()} px wide, "
                            f"needs {w.sizeHint().width()}")
    for b in root.findChildren(QAbstractButton):
        if not b.isVisible() or not b.text():
            continue
        fm = QFontMetrics(b.font())
        need = max(fm.horizontalAdvance(line) for line in b.text().split("\n")) + 2 * (
            BUTTON_PAD_X + BUTTON_BORDER)
        if need > b.width() + 1:
            problems.append(f"button {b.objectName() or b.text()[:30]!r}: {b.width()} px wide, needs {need}")
    return problems


def counter_desk(qtbot, people):
    """The counter desk with every resident page filled (`qtbot` or a Keeper holds it)."""
    from devices.errors import CardRemovedError
    from forms.registry import list_forms
    from forms.wareki import format_wareki
    from kiosk.counter import visit as workflow
    from kiosk.counter.ui.view import CounterDesk
    from kiosk.messages import Bilingual, for_error, text

    desk = CounterDesk(demo=True)
    qtbot.addWidget(desk)
    desk.resize(1280, 760)  # the window less its status bar
    desk.show()
    person = _person(people[0])
    forms = list_forms()
    desk.procedures.set_forms(forms, [workflow.DEFAULT_FORM], {f.id for f in forms if workflow.reads_my_number(f)})
    desk.pin.set_tries(3)
    desk.pin.show_wrong_pin(2)
    desk.code_b.set_tries(9)
    desk.code_b.set_no_pin_card(True)
    filled = workflow.preview(person, {"visitor": "self", "requester_kana": "やまだ たろう",
                                       "certificate_kind": "juminhyo_all", "purpose": "勤務先に提出"},
                              workflow.DEFAULT_FORM)
    desk.preview.show_person(person["name"], person["address"],
                             format_wareki(dt.date.fromisoformat(person["birth_date"])), text("sex.1"))
    desk.preview.build_fields(filled.asked_fields(), {}, filled.values)
    rows = [(Bilingual(f.label_ja, f.label_en), value) for f, value in workflow.display_rows(filled)]
    form = filled.form
    desk.confirm.show_forms(Bilingual(form.title_ja, form.title_en), [(None, rows)], text("confirm.my_number"))
    desk.done.show_queue(3)
    desk.error.show_error(text("error.title"), for_error(CardRemovedError()))
    return desk


RESIDENT_PAGES = ("procedures", "tap", "pin", "code_b", "preview", "confirm", "done", "error")


def check_pages(desk) -> list[str]:
    problems = []
    for name in RESIDENT_PAGES:
        desk.show_page(getattr(desk, name), 1)
        QApplication.processEvents()
        found = text_problems(desk, padding_y=theme.BUTTON_PAD_Y, border=theme.FOCUS_BORDER) + cut_widths(desk)
        page, viewport = getattr(desk, name), desk.holders[getattr(desk, name)].viewport()
        if page.width() > viewport.width():   # the page scrolls down, never sideways: this would cut
            found.append(f"page {page.width()} px wide in a {viewport.width()} px view")
        problems += [f"{name}: {p}" for p in found]
    desk.idle_warning.open(20)
    QApplication.processEvents()
    problems += [f"idle: {p}" for p in text_problems(desk.idle_warning, padding_y=theme.BUTTON_PAD_Y,
                                                       border=theme.FOCUS_BORDER) + cut_widths(desk.idle_warning)]
    desk.idle_warning.clear()
    desk.language_chooser.open_chooser()
    QApplication.processEvents()
    problems += [f"languages: {p}" for p in cut_widths(desk.language_chooser)]
    desk.language_chooser.close_chooser()
    return problems


@pytest.mark.parametrize("language", ["ja", "en", "ja_easy"])
def test_no_text_is_cut_at_200_percent(people, large_text, language):
    desk = counter_desk(large_text, people)
    i18n.set_language(language)
    assert theme.text_scale == 2.0 and QApplication.font().pointSize() == 2 * theme.BODY_PT
    assert check_pages(desk) == []


def test_high_contrast_at_200_percent(people, qapp, keeper):
    theme.apply(qapp, text_scale=2.0, high_contrast=True)
    desk = counter_desk(keeper, people)
    assert theme.palette is theme.HIGH_CONTRAST and theme.SURFACE == "#000000"
    assert check_pages(desk) == []
