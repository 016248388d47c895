"""Accessibility over every desk: WCAG contrast of every text/background pair of both palettes (normal
and high contrast), touch targets of at least 44 px and an accessible name on every control of every
screen of the counter, shelter and library desks (those desks are only read here)."""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import QAbstractButton, QApplication, QStackedWidget, QWidget

from kiosk import a11y, theme
from tests.kiosk.test_desks import PEOPLE, inprocess_source


@pytest.mark.parametrize("palette", [theme.NORMAL, theme.HIGH_CONTRAST], ids=lambda p: p.name)
def test_every_text_pair_meets_wcag_aa(palette):
    low = [(what, fg, bg, round(theme.contrast(fg, bg), 2)) for what, fg, bg, large in theme.text_pairs(palette)
           if theme.contrast(fg, bg) < (3.0 if large else 4.5)]
    assert low == []
    # every text colour the style sheet sets is one of the pairs checked above
    sheet = theme.style_sheet(palette)
    foregrounds = {fg.upper() for _, fg, _, _ in theme.text_pairs(palette)}
    used = {c.upper() for c in re.findall(r"(?<![-\w])color:\s*(#[0-9A-Fa-f]{6})", sheet)}
    assert used and used <= foregrounds, used - foregrounds
    # and no colour in it is outside the palette
    colours = {v.upper() for v in vars(palette).values() if str(v).startswith("#")}
    assert {c.upper() for c in re.findall(r"#[0-9A-Fa-f]{6}", sheet)} <= colours


def test_high_contrast_is_stronger_than_aa():
    assert min(theme.contrast(fg, bg) for _, fg, bg, _ in theme.text_pairs(theme.HIGH_CONTRAST)) >= 7.0
    assert theme.contrast("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)  # the WCAG formula


def every_page(window):
    """Show each page of each stacked widget of the window in turn (desks, and pages in desks)."""
    stacks = [window.stack, *[s for s in window.stack.findChildren(QStackedWidget)]]
    for desk in [window.stack.widget(i) for i in range(window.stack.count())]:
        window.stack.setCurrentWidget(desk)
        inner = [s for s in stacks if s is not window.stack and desk.isAncestorOf(s)]
        pages = [(s, s.widget(i)) for s in inner for i in range(s.count())] or [(None, desk)]
        for stack, page in pages:
            if stack is not None:
                stack.setCurrentWidget(page)
            QApplication.processEvents()
            yield desk, page


def small_targets(root: QWidget) -> list[str]:
    problems = []
    for b in root.findChildren(QAbstractButton):
        if b.isVisible() and (b.height() < theme.MIN_TOUCH or b.width() < theme.MIN_TOUCH):
            problems.append(f"{b.objectName() or b.text()!r} in {type(b.parentWidget()).__name__}: "
                            f"{b.width()}×{b.height()}")
    return problems


def test_touch_targets_and_names_on_every_desk(make_window):
    window = make_window(inprocess_source(PEOPLE[0]))
    window.counter.preview.build_fields([], {}, {}, sections=_sections())
    seen, problems, unnamed = 0, [], []
    for desk, page in every_page(window):
        seen += 1
        problems += [f"{desk.objectName()}: {p}" for p in small_targets(window)]
        unnamed += [f"{desk.objectName()}: {p}" for p in a11y.unnamed(window)]
    assert seen >= 12  # start, the counter's ten pages, shelter, library
    assert problems == []
    assert unnamed == []


def _sections():
    """The asked fields of every installed form, as a visit of all of them would show them."""
    from forms.registry import list_forms

    from kiosk.messages import Bilingual
    from kiosk.workflows import counter as workflow

    visit = workflow.Visit([f.id for f in list_forms()])
    return [(Bilingual(form.title_ja, form.title_en), fields) for form, fields in visit.sections()]
