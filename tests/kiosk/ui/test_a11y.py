"""Accessibility over every desk: WCAG contrast of every text/background pair of both palettes (normal
and high contrast), the focus ring's non-text contrast (SC 1.4.11) against every page and fill it can
sit on, and its two bands as painted on a focused primary and plain button (docs/screenshots/
focus-ring.png, focus-ring-hc.png), touch targets of at least 44 px and an accessible name on every control of every
screen of the counter, shelter and library desks (those desks are only read here)."""

from __future__ import annotations

import dataclasses
import re

import pytest
from PySide6.QtWidgets import QAbstractButton, QApplication, QStackedWidget, QWidget

from kiosk.ui import a11y, theme
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


@pytest.mark.parametrize("palette", [theme.NORMAL, theme.HIGH_CONTRAST], ids=lambda p: p.name)
def test_the_focus_ring_stands_out_from_every_page_and_fill(palette):
    assert theme.focus_problems(palette) == []
    pages, fills = theme.focus_surroundings(palette)
    # every background and fill the style sheet gives a focusable control is among those checked
    assert {palette.surface, palette.primary, palette.pressed_bg, palette.primary_pressed} <= {c for _, c in fills}
    for _, page in pages:
        assert theme.contrast(palette.focus, page) >= 3.0
    for _, fill in fills:
        assert max(theme.contrast(palette.focus_inner, fill), theme.contrast(palette.focus, fill)) >= 3.0


def test_the_old_one_colour_rings_fall_short():
    """DADS's yellow-300 alone (1.4:1 on white), and cyan alone in high contrast (1.2:1 on a yellow
    primary button), fail the check above."""
    old = dataclasses.replace(theme.NORMAL, focus="#FFD43D", focus_inner="#FFD43D")
    assert any("on the page #FFFFFF: 1.43" in problem for problem in theme.focus_problems(old))
    old_hc = dataclasses.replace(theme.HIGH_CONTRAST, focus_inner=theme.HIGH_CONTRAST.focus)
    assert any("primary button" in problem for problem in theme.focus_problems(old_hc))


@pytest.mark.parametrize("high", [False, True], ids=["normal", "high-contrast"])
@pytest.mark.shots
def test_a_focused_button_shows_both_bands_of_the_ring(qapp, qtbot, high):
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtWidgets import QHBoxLayout

    from kiosk.messages import Bilingual
    from kiosk.ui import labels as widgets
    from tests.shots import path as picture_path

    theme.apply(qapp, high_contrast=high)
    try:
        page = QWidget()
        qtbot.addWidget(page)
        row = QHBoxLayout(page)
        row.setContentsMargins(24, 24, 24, 24)
        primary = widgets.button(Bilingual("次へ", "Next"), primary=True)
        plain = widgets.button(Bilingual("戻る", "Back"))
        row.addWidget(primary)
        row.addWidget(plain)
        page.show()
        page.activateWindow()
        qtbot.waitActive(page)
        p = theme.palette
        shots = []
        for focused, fill in ((primary, p.primary), (plain, p.surface)):
            focused.setFocus()
            qtbot.waitUntil(focused.hasFocus)
            image = page.grab().toImage()
            shots.append(image)
            at = focused.geometry()
            y = at.center().y()
            colour = lambda x: image.pixelColor(x, y).name().upper()  # noqa: E731
            assert colour(at.left() + 1) == p.focus.upper()          # the outer band …
            assert colour(at.left() + 3) == p.focus_inner.upper()    # … the inner band …
            assert colour(at.left() + theme.FOCUS_BORDER + 2) == fill.upper()   # … then the fill
            assert colour(at.left() - 3) == p.surface.upper()        # the page around it
            other = plain if focused is primary else primary         # the other one: its own border
            assert colour(other.geometry().left() + 1) == p.primary.upper()
        both = QImage(shots[0].width(), 2 * shots[0].height(), QImage.Format.Format_RGB32)
        both.fill(QColor(p.surface))
        painter = QPainter(both)
        painter.drawImage(0, 0, shots[0])
        painter.drawImage(0, shots[0].height(), shots[1])
        painter.end()
        assert both.save(str(picture_path("focus-ring-hc.png" if high else "focus-ring.png")))
    finally:
        theme.apply(qapp, high_contrast=False)


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
    window.desk("counter").widget.preview.build_fields([], {}, {}, sections=_sections())
    seen, problems, unnamed = 0, [], []
    for desk, _page in every_page(window):
        seen += 1
        problems += [f"{desk.objectName()}: {p}" for p in small_targets(window)]
        unnamed += [f"{desk.objectName()}: {p}" for p in a11y.unnamed(window)]
    assert seen >= 12  # start, the counter's ten pages, shelter, library
    assert problems == []
    assert unnamed == []


def _sections():
    """The asked fields of every installed form, as a visit of all of them would show them."""
    from forms.registry import list_forms
    from kiosk.counter import visit as workflow
    from kiosk.messages import Bilingual

    visit = workflow.Visit([f.id for f in list_forms()])
    return [(Bilingual(form.title_ja, form.title_en), fields) for form, fields in visit.sections()]
