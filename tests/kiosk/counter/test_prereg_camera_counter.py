"""The counter's by-hand screen filled from a pre-registration code read by the camera (the real pcscd
and card for the window; the camera is the synthetic phone `KAZASU_CAMERA=qr:FILE` showing the code,
read on the `kazasu-qr` thread): the four facts filled for staff to check, the camera off once the code
is in, nothing sent to the card."""

from __future__ import annotations

import pytest

from kiosk.ui.a11y import plain_text  # a label's words without markup or word joiners
from sync.prereg.codes import SiteKeys, make_codes
from tests.kiosk.counter.test_flow import click, go_to, open_counter
from tests.kiosk.shelter.test_prereg_camera import READ_MS, code_picture
from tests.sync.prereg_data import COUNTER_VISIT

pytestmark = pytest.mark.pcscd


def test_the_camera_fills_the_by_hand_screen_from_a_code(qtbot, make_window, slot1_card, people, terminal,
                                                         tmp_path, monkeypatch):
    keys = SiteKeys.load(terminal.data_dir, terminal.site)
    [text] = make_codes(COUNTER_VISIT, keys.public, keys.site)
    monkeypatch.setenv("KAZASU_CAMERA", f"qr:{code_picture(text, tmp_path / 'code.png')}")
    card, demo, source = slot1_card(people[0])
    window = make_window(source, demo)
    open_counter(qtbot, window)
    click(qtbot, window.desk("counter").widget.tap.manual_button)
    go_to(qtbot, window, "manual")
    manual = window.desk("counter").widget.manual
    click(qtbot, manual.code_button)
    assert manual.scan.camera_button.isVisible()
    click(qtbot, manual.scan.camera_button)
    assert manual.scan.camera.running
    qtbot.waitUntil(lambda: manual.name.text() == "髙橋　𠮷子", timeout=READ_MS)
    assert manual.birth.text() == "1985-06-15" and manual.sex_buttons["2"].isChecked()
    assert "本人確認書類" in plain_text(manual.message)   # staff still check the identity document
    assert not manual.scan.isVisible() and not manual.scan.camera.running   # the camera went off
    assert manual.scan.camera.view.image is None and card.verify_data_count == 0
