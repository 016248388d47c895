"""The preview's asked fields at the kiosk's size (1280×800): most of them visible without scrolling,
every touch target at least 44 px, every toggle's text as wide as its button allows, and keyboard
focus in reading order. No card or pcscd needed: the desk is built and filled directly."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QApplication

from kiosk.counter.ui.asked import ToggleButton, short_options
from tests.kiosk.conftest import assert_text_fits


def _person(card_holder: dict) -> dict:
    """The record the card worker would hand over (never the My Number)."""
    return {"name": card_holder["name"], "address": card_holder["address"],
            "birth_date": f"{b[:4]}-{b[4:6]}-{b[6:]}" if len(b := card_holder["birth_date"]) == 8 else b,
            "sex_code": str(card_holder["sex"])}


def _desk(qtbot, person):
    import datetime as dt

    from forms.wareki import format_wareki
    from kiosk.counter import visit as workflow
    from kiosk.counter.ui.view import CounterDesk
    from kiosk.messages import text

    desk = CounterDesk()
    qtbot.addWidget(desk)
    desk.resize(1280, 760)  # the window less its status bar
    desk.show()
    filled = workflow.preview(person, {}, workflow.DEFAULT_FORM)
    desk.preview.show_person(person["name"], person["address"],
                             format_wareki(dt.date.fromisoformat(person["birth_date"])),
                             text(f"sex.{person['sex_code']}"))
    desk.preview.build_fields(filled.asked_fields(), {}, filled.values)
    desk.show_page(desk.preview, 3)
    QApplication.processEvents()
    return desk


def test_most_asked_fields_fit_without_scrolling(qtbot, people):
    desk = _desk(qtbot, _person(people[0]))
    preview = desk.preview
    viewport = preview.scroll.viewport()
    seen = QRect(QPoint(0, 0), viewport.size())
    visible = [fid for fid, w in preview.asked.items()
               if seen.contains(QRect(w.mapTo(viewport, QPoint(0, 0)), w.size()))]
    assert len(visible) * 2 > len(preview.asked), visible
    assert preview.next_button.isVisible()  # in the nav bar, not below the fields
    assert_text_fits(desk)


def test_touch_targets_toggle_text_and_focus_order(qtbot, people):
    desk = _desk(qtbot, _person(people[0]))
    preview = desk.preview
    parts = [p for w in preview.asked.values() for p in w.focus_chain()]
    for part in parts:
        assert part.height() >= 44 and part.width() >= 44, part.objectName()
    for toggle in preview.findChildren(ToggleButton):
        assert toggle.label.sizeHint().width() <= toggle.label.width(), toggle.objectName()
    chain, w = [], parts[0]
    for _ in range(len(parts)):
        chain.append(w)
        w = w.nextInFocusChain()
        while w not in parts and w is not preview.next_button:
            w = w.nextInFocusChain()
    assert w is preview.next_button
    tops = [(p.mapTo(preview, QPoint(0, 0)).y(), p.mapTo(preview, QPoint(0, 0)).x()) for p in chain]
    assert len(chain) == len(set(chain)) == len(parts)
    for (y1, _x1), (y2, _x2) in zip(tops, tops[1:]):
        assert y2 >= y1 - 80, tops  # never back up more than one row's height
    assert preview.asked["visitor"].hint is not None


def test_short_option_labels_move_the_explanation_to_a_hint():
    from forms.definition import Option

    labels, hint = short_options([Option("self", "本人", "The person themselves"),
                                  Option("agent", "代理人（委任状が必要です）",
                                         "An agent (a letter of delegation is needed)")])
    assert [p.ja for p in labels] == ["本人", "代理人"] and labels[1].en == "An agent"
    assert hint.ja == "代理人：委任状が必要です" and hint.en == "An agent: a letter of delegation is needed"
    # brackets that tell the options apart stay on the buttons
    labels, hint = short_options([Option("all", "写し（世帯全員）", "Copy (household)"),
                                  Option("part", "写し（一部の方）", "Copy (some)")])
    assert [p.ja for p in labels] == ["写し（世帯全員）", "写し（一部の方）"] and hint is None
