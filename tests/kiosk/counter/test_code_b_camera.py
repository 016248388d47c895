"""照合番号B read by the camera at the counter, end to end: the real pcscd with the emulated
face-authentication card on slot 1, the kiosk's camera set to that holder's synthetic card fronts
(KAZASU_CAMERA=synthetic:FILE, kiosk.ui.camera), the real card-face reader. The read parts are shown on
the pad; nothing reaches the card before 「読み取る」, then one VERIFY and the preview. Screenshots:
counter-code-b-camera.png (the live view with its guide frame), counter-code-b-camera-read.png (the
parts to confirm)."""

from __future__ import annotations

import json

import pytest

from kiosk.ui import code_b_camera
from kiosk.ui.a11y import plain_text
from kiosk.ui.camera import SYNTHETIC_EMPTY
from tests.kiosk.conftest import shoot
from tests.kiosk.counter.test_flow import WAIT_MS, all_texts, click, go_to, state, tap_card

pytestmark = pytest.mark.pcscd
READ_MS = 60_000


@pytest.mark.shots
def test_the_camera_reads_code_b_and_the_resident_confirms(qtbot, make_window, slot1_card, people, tmp_path,
                                                          monkeypatch):
    ito = next(p for p in people if p["pin"] is None)
    holder = tmp_path / "holder.json"
    holder.write_text(json.dumps(ito, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setenv("KAZASU_CAMERA", f"synthetic:{holder}")
    card, demo, source = slot1_card(ito)
    window = make_window(source, demo)
    tap_card(qtbot, window)
    go_to(qtbot, window, "code_b")
    screen = window.desk("counter").widget.code_b
    qtbot.waitUntil(lambda: "残り 10 回" in plain_text(screen.tries_label), timeout=WAIT_MS)
    assert screen.camera_button.isVisible()
    with code_b_camera._reader.reading:   # the reader waits until the live view is photographed
        click(qtbot, screen.camera_button)
        qtbot.waitUntil(lambda: screen.camera_page.view.image is not None, timeout=READ_MS)
        source = screen.camera_page.source
        qtbot.waitUntil(lambda: source.handed > SYNTHETIC_EMPTY + 1, timeout=READ_MS)   # the card is brought
        shoot(window, "counter-code-b-camera.png")
    qtbot.waitUntil(lambda: screen.camera_note.isVisible(), timeout=READ_MS)
    printed = "27" + ito["birth_date"][4:]
    assert [f.text() for f in screen.fields.values()] == [printed, ito["expiry_year"], ito["security_code"]]
    assert state(window) == "code_b" and card.verify_data_count == 0   # nothing sent yet
    shoot(window, "counter-code-b-camera-read.png")
    click(qtbot, screen.ok_button)
    go_to(qtbot, window, "preview")
    assert window.desk("counter").widget.preview.values["name"].value() == ito["name"]
    assert card.verify_data_count == 1
    click(qtbot, window.desk("counter").widget.nav.restart_button)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.start, timeout=WAIT_MS)
    assert not [t for t in all_texts(window) if printed in t or ito["security_code"] in t]
    assert screen.camera_page.view.image is None and not screen.camera_page.running


def test_every_desk_has_the_camera_on_its_code_b_screen(qtbot, make_window, slot1_card, tmp_path, people,
                                                       monkeypatch):
    """The shelter and the library use the same screen: the button is there when a camera is."""
    from kiosk.ui.code_b import CodeBScreen

    holder = tmp_path / "holder.json"
    holder.write_text(json.dumps(people[0], ensure_ascii=False), encoding="utf-8")
    monkeypatch.setenv("KAZASU_CAMERA", f"synthetic:{holder}")
    _card, demo, source = slot1_card(people[0])
    window = make_window(source, demo)
    for name in ("counter", "shelter", "library"):
        desk = window.desk(name)
        screens = desk.widget.findChildren(CodeBScreen)
        assert screens, name
        for screen in screens:
            screen.show()
            assert screen.camera_button.isVisibleTo(screen), name
    monkeypatch.setenv("KAZASU_CAMERA", "none")   # the camera gone: the pad says so and drops the button
    screens[0].open_camera()
    assert not screens[0].camera_button.isVisibleTo(screens[0])
    assert "カメラが見つかりません" in plain_text(screens[0].message)
