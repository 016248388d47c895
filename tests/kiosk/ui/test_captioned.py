"""A typed field keeps its name once filled (kiosk.ui.captioned): drawn small at its right end, the
typed text clear of it, the field's height unchanged; and the shelter card's fields use it."""

from __future__ import annotations

from PySide6.QtGui import QColor

from kiosk.ui import theme
from kiosk.ui.captioned import CaptionedEdit


def placeholder_grey_pixels(image, x0: int) -> int:
    grey = QColor(theme.PLACEHOLDER)
    return sum(1 for x in range(x0, image.width()) for y in range(image.height())
               if abs(QColor(image.pixel(x, y)).red() - grey.red()) < 40
               and abs(QColor(image.pixel(x, y)).blue() - grey.blue()) < 40
               and QColor(image.pixel(x, y)).red() < 200)


def test_the_name_stays_once_the_field_is_filled(qtbot):
    edit = CaptionedEdit()
    qtbot.addWidget(edit)
    edit.resize(480, 56)
    edit.set_caption("氏名")
    edit.setPlaceholderText("氏名 / Name")
    edit.show()
    height = edit.height()
    assert edit.textMargins().right() == 0            # empty: the placeholder names it
    empty = edit.grab().toImage()
    edit.setText("避難　花子")
    assert edit.textMargins().right() > 0             # filled: room for the name at its right end
    filled = edit.grab().toImage()
    x0 = edit.width() - edit.textMargins().right()
    assert placeholder_grey_pixels(filled, x0) > 20   # the name is drawn there …
    assert placeholder_grey_pixels(empty, x0) < placeholder_grey_pixels(filled, x0)
    assert edit.height() == height                    # … and nothing moved
    edit.setText("")
    assert edit.textMargins().right() == 0


def test_a_narrow_field_keeps_its_room_for_the_text(qtbot):
    edit = CaptionedEdit()
    qtbot.addWidget(edit)
    edit.resize(90, 56)
    edit.set_caption("生年月日か年齢")
    edit.show()
    edit.setText("36")
    assert edit.textMargins().right() == 0


def test_the_shelter_card_fields_keep_their_names(qtbot):
    from kiosk.shelter.ui.form import ShelterForm

    form = ShelterForm()
    qtbot.addWidget(form)
    form.resize(700, 900)
    form.show()
    form.name.setText("避難　花子")
    form.birth.setText("36歳")
    for edit in (form.name, form.birth):
        assert isinstance(edit, CaptionedEdit) and edit.caption() and edit.textMargins().right() > 0
    assert form.name.caption().startswith("氏名")
