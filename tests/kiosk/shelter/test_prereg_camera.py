"""The shelter desk reads a pre-registration code with the camera (offscreen Qt): the code is drawn by
OpenCV's QR encoder from the real sealed texts, the kiosk's camera is the synthetic phone of
`KAZASU_CAMERA=qr:FILE` (each frame photographed anew: scaled, turned, noisy, JPEG) and every frame is
read on the `kazasu-qr` thread. One household, one confirmation; the camera goes off when the page is
left; a foreign code is said once and checks no one in.
"""

from __future__ import annotations

import os
import threading

import cv2
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QScrollArea

from kiosk.ui import i18n, qr_camera, theme
from kiosk.ui.camera import FPS
from sync.prereg.codes import SiteKeys, make_codes
from tests import shots
from tests.kiosk.shelter.test_languages import LANGUAGES, styled  # noqa: F401 (a fixture)
from tests.kiosk.ui.test_a11y_desks import cut_placeholders, no_sideways, problems, settle
from tests.sync.prereg_data import family

LEFT = Qt.MouseButton.LeftButton
READ_MS = 30_000


@pytest.fixture(autouse=True)
def themed(qapp):
    theme.apply(qapp)
    return qapp


@pytest.fixture
def screen(make_screen, desk):
    return make_screen()


def code_picture(text: str, path) -> str:
    """The code as a phone shows it: black modules on white with a quiet zone, 6 px a module."""
    params = cv2.QRCodeEncoder_Params()
    params.correction_level = cv2.QRCodeEncoder_CORRECT_LEVEL_M
    matrix = cv2.QRCodeEncoder.create(params).encode(text)
    big = cv2.resize(matrix, None, fx=6, fy=6, interpolation=cv2.INTER_NEAREST)
    cv2.imwrite(str(path), cv2.copyMakeBorder(big, 48, 48, 48, 48, cv2.BORDER_CONSTANT, value=255))
    return str(path)


@pytest.mark.shots
def test_the_camera_reads_the_code_and_one_confirmation_checks_the_household_in(qtbot, screen, desk, tmp_path,
                                                                                monkeypatch):
    keys = SiteKeys.load(screen.data_dir, screen.site)
    [text] = make_codes(family(), keys.public, keys.site)
    monkeypatch.setenv("KAZASU_CAMERA", f"qr:{code_picture(text, tmp_path / 'code.png')}")
    qtbot.mouseClick(screen.qr_button, LEFT)
    page = screen.qr_page
    assert screen.page() == "qr" and page.camera_button.isVisible() and not page.camera.isVisible()
    with qr_camera._reader.reading:   # the reader waits until the live view is photographed
        qtbot.mouseClick(page.camera_button, LEFT)
        assert page.camera.running and page.camera_stop.isVisible()
        source = page.camera.source
        qtbot.waitUntil(lambda: source.handed > FPS + 1, timeout=READ_MS)   # the phone is held up
        assert any(t.name == "kazasu-qr" for t in threading.enumerate())
        screen.grab().save(str(shots.path("shelter-qr-camera.png")))
    qtbot.waitUntil(lambda: screen.page() == "household", timeout=READ_MS)
    assert not page.camera.running and page.camera.view.image is None   # off, no frame kept
    assert len([screen.household_page.people.item(i) for i in range(screen.household_page.people.count())]) == 5
    screen.grab().save(str(shots.path("shelter-qr-camera-household.png")))
    assert desk.roster().status()["present"] == 0
    with qtbot.waitSignal(screen.checked_in):
        qtbot.mouseClick(screen.household_page.confirm_button, LEFT)
    assert desk.roster().status()["present"] == 5


def test_a_foreign_code_is_said_once_and_the_camera_goes_off_with_the_page(qtbot, screen, desk, tmp_path,
                                                                           monkeypatch):
    other = SiteKeys.from_service_key("site-b", os.urandom(32))
    [foreign] = make_codes(family(), other.public, "site-b")
    monkeypatch.setenv("KAZASU_CAMERA", f"qr:{code_picture(foreign, tmp_path / 'foreign.png')}")
    errors = []
    screen.qr_page.scanned.connect(errors.append)   # read whole, then refused by the desk
    qtbot.mouseClick(screen.qr_button, LEFT)
    qtbot.mouseClick(screen.qr_page.camera_button, LEFT)
    camera = screen.qr_page.camera
    qtbot.waitUntil(lambda: len(errors) == 1, timeout=READ_MS)
    read = camera.frames_read
    qtbot.waitUntil(lambda: camera.frames_read >= read + 3, timeout=READ_MS)   # read again and again,
    assert len(errors) == 1 and "別の場所（site-b）" in screen.message.text()   # said once
    assert camera.running   # still looking for the right code
    assert screen.page() == "qr" and desk.roster().status()["present"] == 0
    qtbot.mouseClick(screen.qr_page.cancel_button, LEFT)
    assert screen.page() == "reception" and not camera.running and camera.view.image is None


def test_no_camera_no_button_and_a_bad_picture_is_no_camera(qtbot, screen, tmp_path, monkeypatch):
    monkeypatch.setenv("KAZASU_CAMERA", "none")
    qtbot.mouseClick(screen.qr_button, LEFT)
    assert not screen.qr_page.camera_button.isVisible()
    qtbot.mouseClick(screen.qr_page.cancel_button, LEFT)
    monkeypatch.setenv("KAZASU_CAMERA", f"qr:{tmp_path / 'missing.png'}")
    qtbot.mouseClick(screen.qr_button, LEFT)
    qtbot.mouseClick(screen.qr_page.camera_button, LEFT)   # it said there was one; it cannot be opened
    assert not screen.qr_page.camera.running
    assert "カメラが見つかりません" in screen.qr_page.status.text()


@pytest.mark.parametrize("styled", ["100", "200", "100-hc"], indirect=True)
def test_the_camera_page_has_room_for_its_words_in_every_language(qtbot, desk, styled, make_screen,  # noqa: F811
                                                                  tmp_path, monkeypatch):
    keeper, _setting, _shots = styled
    other = SiteKeys.from_service_key("site-b", os.urandom(32))   # refused when read: the page stays
    [foreign] = make_codes(family(), other.public, "site-b")
    monkeypatch.setenv("KAZASU_CAMERA", f"qr:{code_picture(foreign, tmp_path / 'foreign.png')}")
    screen = make_screen(holder=keeper)
    for language in LANGUAGES:
        i18n.set_language(language)
        qtbot.mouseClick(screen.tabs["reception"], LEFT)
        qtbot.mouseClick(screen.qr_button, LEFT)
        qtbot.mouseClick(screen.qr_page.camera_button, LEFT)
        assert screen.qr_page.camera.running
        if theme.text_scale > 1:
            screen.page_scroll.verticalScrollBar().setValue(0)
        settle()
        found = problems(screen) + cut_placeholders(screen)
        holder = screen.holders[screen.pages["qr"]]
        found += no_sideways(holder) if isinstance(holder, QScrollArea) else []
        assert found == [], (language, found)
        assert screen.qr_page.camera.view.height() >= 120, language
        qtbot.mouseClick(screen.qr_page.cancel_button, LEFT)
        assert not screen.qr_page.camera.running
