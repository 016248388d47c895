"""A pre-registration code read by the camera in the real window (Xvfb at 1366×768 and 1024×768,
`kazasu demo` in kiosk mode). The code is a real one: the demo site's resident page (`kazasu prereg
page`) filled in by a family of five in headless Chromium and its code's picture taken from the page;
the kiosk's camera (named before the picture is there: it is opened at 「カメラで読む」) is the synthetic
phone showing that picture (`KAZASU_CAMERA=qr:FILE`: scaled, turned, noisy, JPEG every frame), read on
the `kazasu-qr` thread. Shelter reception → 「コードで受付」
→ 「カメラで読む」 → the live view with its guide square → the household to confirm → 「この内容で5人を
受付」 → the five in the list. On each screen a screenshot, and the controls a volunteer needs inside
the screen; the log names no one."""

from __future__ import annotations

import pytest

from tests.browser import Chromium
from tests.kiosk.window import desks
from tests.kiosk.window.conftest import PATH_SIZES, SIZES
from tests.kiosk.window.kiosk_window import visible_part
from tests.sync.prereg_data import family
from tests.sync.processes import run_json
from tests.sync.test_prereg_page import fill_family, zbar

SITE = "demo-site"   # `kazasu demo`'s site
READ_S = 60


def page_code(tmp_path, data) -> str:
    """The code a resident's phone shows: the demo site's page, filled in in Chromium; its picture."""
    html = tmp_path / "prereg.html"
    run_json("prereg", "page", "--site", SITE, "--out", str(html), data_dir=data)
    with Chromium(tmp_path / "profile") as page:
        page.open(html.as_uri())
        page.click("lang-ja")
        fill_family(page, family())
        page.click("make")
        assert page.wait("document.body.dataset.codes") == "1"
        text = page.eval("document.getElementById('qr-1').dataset.text")
        shot = page.screenshot(tmp_path / "code.png", "qr-1")
    assert zbar(shot) == [text]   # the picture holds the code (an independent decoder)
    return str(shot)


@pytest.mark.parametrize("size", PATH_SIZES)
def test_a_code_read_by_the_camera_checks_the_household_in(x_server, kiosk_window, tmp_path, size):
    data = tmp_path / "data"
    picture = tmp_path / "code.png"   # taken once the demo has its site's key (its enrolment)
    x = x_server(*SIZES[size])
    k = kiosk_window(x, ["demo", "--data-dir", str(data)], env={"KAZASU_CAMERA": f"qr:{picture}"})

    def inside(*names: str) -> None:
        """Each control wholly in sight: inside the screen, cut by no scroll area (no scrolling needed)."""
        assert k.geometry() == x.screen
        for name in names:
            def whole(controls, name=name):
                control = k.find(name, None, controls)
                return control is not None and visible_part(control, controls, x.screen)[0] == control.rect

            k.wait_until(whole, f"{name} wholly in sight on {x.screen}", timeout=10)

    desks.sign_in(k)
    assert page_code(tmp_path, data / "demo") == str(picture)   # `kazasu demo` keeps its terminal there
    k.press("Shelter reception")
    k.press("Check in with a code")
    k.wait_for("Read with the camera")
    inside("Read with the camera", "Cancel")
    k.shot("qr-page")
    k.press("Read with the camera")
    k.wait_for("Stop the camera")
    inside("Stop the camera", "Camera view", "Cancel")
    k.shot("qr-camera")
    k.wait_for("Check these 5 in", timeout=READ_S)
    inside("Check these 5 in")
    people = family()["people"]
    assert all(desks.shown_anywhere(k, p["name"]) for p in people)
    k.shot("qr-household")
    k.press("Check these 5 in")
    k.wait_until(lambda cs: desks.shown_in(cs, "5 people checked in"), "5 people checked in")
    k.shot("qr-checked-in")
    desks.find_in_list(k, people[1]["name"])
    log = k.log(tail=100000)
    assert not any(p["name"] in log or p["kana"] in log for p in people)   # no name in the log
