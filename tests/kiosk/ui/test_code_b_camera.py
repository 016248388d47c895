"""照合番号B by camera on the shared 照合番号B screen (kiosk/ui/code_b.py, code_b_camera.py), offscreen:
synthetic card fronts of an emulated holder (kiosk.cards.face.synthetic) fed as camera frames through
the FrameSource interface, read by the real card-face reader (RapidOCR). The parts come back into the
number pad for the resident to confirm; nothing is submitted before 「読み取る」; no camera, blank frames
and 「数字を入力する」 are the typed path; no frame and no digit is left behind or logged."""

from __future__ import annotations

import logging

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtMultimedia import QMediaDevices

from devices.emulator import CardHolder
from kiosk.cards.face.synthetic import camera_frames, holder_person
from kiosk.ui.a11y import plain_text
from kiosk.ui.camera import FramesSource, camera_available, camera_source, to_bgr, to_qimage
from kiosk.ui.code_b import CodeBScreen

READ_MS = 60_000   # the first read loads the OCR model


@pytest.fixture
def holder(people):
    return CardHolder.from_dict(next(p for p in people if p["pin"] is None))   # a face-authentication card


def screen_with(qtbot, frames, available=True) -> CodeBScreen:
    made = []

    def source():
        if frames is None:
            return None
        made.append(FramesSource(frames))
        return made[-1]

    screen = CodeBScreen(camera=source, has_camera=lambda: available)
    screen.made = made
    qtbot.addWidget(screen)
    screen.resize(1024, 640)
    screen.show()
    screen.set_tries(10)
    return screen


def values(screen: CodeBScreen) -> tuple[str, str, str]:
    return tuple(screen.fields[k].text() for k in ("birth", "expiry", "security"))


def test_frames_convert_both_ways_without_loss():
    bgr = np.random.default_rng(1).integers(0, 255, (37, 53, 3), dtype=np.uint8)
    assert np.array_equal(to_bgr(to_qimage(bgr)), bgr)


def test_the_camera_fills_the_pad_for_confirmation_and_nothing_is_sent_before_ok(qtbot, holder, caplog):
    caplog.set_level(logging.DEBUG)
    screen = screen_with(qtbot, camera_frames(holder_person(holder), seed=3, empty=6))
    sent = []
    screen.submitted.connect(lambda *a: sent.append(a))
    assert screen.camera_button.isVisible()
    qtbot.mouseClick(screen.camera_button, Qt.MouseButton.LeftButton)
    assert screen.pages.currentWidget() is screen.camera_page and screen.camera_page.running
    qtbot.waitUntil(lambda: screen.camera_page.view.image is not None, timeout=READ_MS)   # the live picture
    qtbot.waitUntil(lambda: screen.pages.currentWidget() is screen.typed_page, timeout=READ_MS)
    code_b = holder.code_b()
    assert values(screen) == (code_b[:6], code_b[6:10], code_b[10:])
    assert screen.camera_note.isVisible() and "平成27年3月3日生" in plain_text(screen.camera_note)
    assert "2015-03-03" in screen.camera_note.text()
    assert not sent                                      # the resident confirms first
    assert not screen.camera_page.running and screen.camera_page.view.image is None   # no frame kept
    assert screen.made[0]._thread is None                # the frame maker has stopped
    assert screen.ok_button.isEnabled()
    qtbot.mouseClick(screen.ok_button, Qt.MouseButton.LeftButton)
    assert sent == [(code_b[:6], code_b[6:10], code_b[10:], False)]
    assert values(screen) == ("", "", "") and not screen.camera_note.isVisible()
    logged = caplog.text
    assert "card face read" in logged
    for part in (code_b[:6], code_b[10:], holder.name):
        assert part not in logged


def test_a_corrected_part_is_what_is_sent(qtbot, holder):
    screen = screen_with(qtbot, camera_frames(holder_person(holder), seed=5))
    sent = []
    screen.submitted.connect(lambda *a: sent.append(a))
    screen.open_camera()
    qtbot.waitUntil(lambda: screen.camera_note.isVisible(), timeout=READ_MS)
    field = screen.fields["security"]
    field.setFocus()
    screen.press("delete")
    screen.press("0")
    qtbot.mouseClick(screen.ok_button, Qt.MouseButton.LeftButton)
    assert sent[0][2] == holder.security_code[:3] + "0"


def test_no_camera_keeps_the_typed_path(qtbot):
    screen = screen_with(qtbot, None, available=False)
    assert not screen.camera_button.isVisible()
    screen.open_camera()                                  # a camera unplugged since the screen showed
    assert screen.pages.currentWidget() is screen.typed_page
    assert "カメラが見つかりません" in plain_text(screen.message)
    assert camera_source({"KAZASU_CAMERA": "none"}) is None
    assert camera_source({"KAZASU_CAMERA": "synthetic:/nonexistent.json"}) is None
    listed = bool(QMediaDevices.videoInputs())   # what the system lists decides the automatic choice
    assert camera_available({}) is listed and (camera_source({}) is not None) is listed


def test_frames_with_no_card_give_up_to_typing(qtbot):
    blank = (np.full((720, 1280, 3), 90, np.uint8) for _ in iter(int, 1))
    screen = screen_with(qtbot, blank)
    screen.camera_page.give_up_s = 3
    screen.open_camera()
    qtbot.waitUntil(lambda: screen.pages.currentWidget() is screen.typed_page, timeout=READ_MS)
    assert "読み取れませんでした" in plain_text(screen.message)
    assert values(screen) == ("", "", "") and screen.fields["birth"].hasFocus()


def test_a_source_that_ends_and_the_type_button_are_the_typed_path(qtbot, holder):
    screen = screen_with(qtbot, iter(()))
    screen.open_camera()
    qtbot.waitUntil(lambda: screen.pages.currentWidget() is screen.typed_page, timeout=READ_MS)
    assert "読み取れませんでした" in plain_text(screen.message)
    screen2 = screen_with(qtbot, camera_frames(holder_person(holder)))
    screen2.open_camera()
    qtbot.mouseClick(screen2.camera_page.typed_button, Qt.MouseButton.LeftButton)
    assert screen2.pages.currentWidget() is screen2.typed_page and not screen2.camera_page.running
    assert not screen2.message.isVisible()


def test_leaving_the_screen_turns_the_camera_off(qtbot, holder):
    screen = screen_with(qtbot, camera_frames(holder_person(holder)))
    screen.open_camera()
    screen.hide()
    assert not screen.camera_page.running and screen.pages.currentWidget() is screen.typed_page
    screen.show()
    screen.open_camera()
    screen.clear()
    assert not screen.camera_page.running
