"""照合番号B by camera in the real window (Xvfb at 1366×768 and 1024×768, `kazasu demo` in kiosk mode, the
demo card through the real pcscd + vpcd): the camera is the demo holder's synthetic card fronts
(KAZASU_CAMERA=synthetic:kiosk/data/demo_person.json), read by the real card-face reader. PIN screen →
「暗証番号がわからない」 → 「カメラで読む」 → the live view with its guide frame → back on the pad with the
three parts → 「読み取る」 → the preview. On each screen a screenshot, and the controls a resident needs
inside the screen."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.kiosk.window import desks
from tests.kiosk.window.conftest import PATH_SIZES, SIZES
from tests.kiosk.window.kiosk_window import visible_part

DEMO_PERSON = Path(__file__).resolve().parents[3] / "kiosk" / "data" / "demo_person.json"
READ_S = 90   # the first read loads the OCR model


@pytest.mark.parametrize("size", PATH_SIZES)
def test_code_b_by_camera_fits_and_reads(x_server, kiosk_window, tmp_path, size):
    x = x_server(*SIZES[size])
    k = kiosk_window(x, ["demo", "--data-dir", str(tmp_path / "data")],
                     env={"KAZASU_CAMERA": f"synthetic:{DEMO_PERSON}"})

    def inside(*names: str) -> None:
        """Each control wholly in sight: inside the screen, cut by no scroll area (no scrolling needed)."""
        assert k.geometry() == x.screen
        for name in names:
            def whole(controls, name=name):       # the control and its ancestors from one look, once
                control = k.find(name, None, controls)   # the page has been laid out
                return control is not None and visible_part(control, controls, x.screen)[0] == control.rect

            k.wait_until(whole, f"{name} wholly in sight on {x.screen}", timeout=10)

    desks.sign_in(k)
    k.press("Counter (certificates, filings)")
    k.press("Next (read the card)")
    k.press("Tap the demo card")
    k.wait_for("OK", "push button", enabled=False)
    k.press("I don't know my PIN")
    k.wait_for("Read with the camera")
    inside("Read with the camera", "Read the card", "Staff types it without the card")
    k.shot("code-b")
    k.press("Read with the camera")
    k.wait_for("Type the numbers instead")
    inside("Type the numbers instead", "Camera view")
    k.shot("camera")
    k.wait_until(lambda cs: any("Read by the camera" in c.name for c in cs), "the parts read", timeout=READ_S)
    inside("Read the card", "Read with the camera")
    k.shot("camera-read")
    assert desks.shown_anywhere(k, "昭和55年4月2日生")
    for field, digits in (("Birth date (YYMMDD)", "550402"), ("Expiry year (YYYY)", "2031"),
                          ("Security code", "6919")):   # the resident compares with the card face
        control = k.wait_for(re.compile(re.escape(field)), "text")
        if control.text != digits:   # a misread is one the reader marked for checking, then corrected
            assert "(please check)" in control.name, f"{field}: {control.text} read as sure"
            k.press(control.name, "text")
            k.press("Clear")
            for digit in digits:
                k.press(digit, "push button")
    k.press("Read the card")
    k.wait_for("Go to check", enabled=False)
    k.shot("preview")
    assert "6919" not in k.log() and "山田" not in k.log()   # no digit of the card face, no name
