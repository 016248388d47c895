"""照合番号B from the card face: parsing each part, the reader on a handful of synthetic card photos, the
frame interface, and `kazasu card face` (its JSON, its errors, nothing kept, and no network needed).
The ≥ 500-image accuracy and speed figures are benchmarks/bench_card_face.py's job."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest

from kiosk.cards.face import CardFaceReader, CardFrame
from kiosk.cards.face.engines import TesseractLines
from kiosk.cards.face.errors import FacePhotoError
from kiosk.cards.face.fields import cross_check, parse_birth, parse_expiry, parse_security_code
from kiosk.cards.face.frame import locate_card
from kiosk.cards.face.reader import CONFIDENT
from kiosk.cards.face.synthetic import flat_frame, synthetic_frames

KAZASU = Path(sys.executable).parent / "kazasu"
SEED = 2  # five cards of this seed cover 昭和, 平成 and 令和 births and a Gregorian one (checked below)


@pytest.fixture(scope="module")
def reader():
    return CardFaceReader()


@pytest.fixture(scope="module")
def cards():
    return list(synthetic_frames(5, seed=SEED))


@pytest.mark.parametrize("text, value, era", [
    ("昭和55年 2月17日生", "550217", "昭和"),
    ("平成元年 1月 8日生", "010108", "平成"),
    ("昭和64年1月7日生", "640107", "昭和"),
    ("令和元年5月1日生", "010501", "令和"),
    ("合和2年11月27日生", "021127", "令和"),      # the recogniser's 合 for 令
    ("昭和５５年　２月１７日生", "550217", "昭和"),  # full-width digits and spaces
    ("昭和5S年 2月l7日生", "550217", "昭和"),      # letters read in place of digits
])
def test_birth_as_printed(text, value, era):
    reading = parse_birth(text, 0.99)
    assert (reading.value, reading.extra["era"]) == (value, era) and reading.confidence == 0.99


def test_birth_mended_gregorian_and_refused():
    mended = parse_birth("昭禾64年1月7日生", 0.99)  # only 昭和 has a 64th year
    assert mended.value == "640107" and mended.confidence < CONFIDENT
    foreign = parse_birth("1985年 3月 4日生", 0.95)
    assert foreign.value == "850304" and foreign.extra == {"era": None, "date": "1985-03-04",
                                                           "calendar": "gregorian"}
    for text in ("平成32年1月1日生",   # 平成 ended in its 31st year
                 "令和5年13月1日生",    # no 13th month
                 "和2年1月1日生",       # 昭和2 and 令和2 both real: cannot tell
                 "", "性別 男"):
        assert parse_birth(text, 0.99).value is None and parse_birth(text, 0.99).confidence == 0


def test_expiry_and_security_code():
    assert parse_expiry("2035年 2月17日まで有効", 0.98).value == "2035"
    assert parse_expiry("2035年 2月17日末飞有", 0.9).confidence == 0.9  # まで misread: the year is enough
    assert parse_expiry("2035年", 0.98).confidence < CONFIDENT        # no month and day to confirm it
    assert parse_expiry("1999年 2月17日まで有効", 0.98).value is None
    assert parse_security_code("6919", 0.97).value == "6919"
    assert parse_security_code("６９１９", 0.97).value == "6919"
    assert parse_security_code("691", 0.97).value is None
    noisy = parse_security_code("0898 6919", 0.97)  # a piece of the serial above came along
    assert noisy.value == "6919" and noisy.confidence < CONFIDENT
    birth, expiry = parse_birth("昭和55年2月17日生", 0.99), parse_expiry("2035年2月18日まで有効", 0.99)
    cross_check(birth, expiry)  # a card expires on a birthday: one of the two dates is misread
    assert birth.confidence < CONFIDENT and expiry.confidence < CONFIDENT


def test_reader_reads_synthetic_photos_exactly(reader, cards):
    eras = set()
    for card in cards:
        for frame in (card.frame, flat_frame(card.front)):
            reading = reader.read(frame)
            got = {name: part.value for name, part in reading.parts().items()}
            assert got == card.truth()
            assert reading.code_b() == card.person.code_b() and reading.needs_confirmation == []
        eras.add(reading.birth_date.extra["era"])
    assert {"昭和", "平成", "令和", None} <= eras  # None: a foreign resident's Gregorian birth date


def test_frame_interface_corners_and_guide_frame(reader, cards):
    card = cards[0]
    found = locate_card(card.frame.image)
    assert found is not None and found.shape == (4, 2)
    by_corners = reader.read(CardFrame(card.frame.image, corners=found))
    assert by_corners.code_b() == card.person.code_b()
    # a camera that crops to its guide frame hands over the card edge to edge
    x0, y0 = found.min(axis=0).astype(int)
    x1, y1 = found.max(axis=0).astype(int)
    guide = CardFrame(cv2.resize(flat_frame(card.front).image, (x1 - x0, y1 - y0)), rectified=True)
    assert reader.read(guide).code_b() == card.person.code_b()


def test_a_picture_without_a_card_reads_nothing_sure(reader):
    noise = np.random.default_rng(1).integers(0, 255, (480, 640, 3), dtype=np.uint8)
    reading = reader.read(CardFrame(noise))
    assert reading.code_b() is None or reading.needs_confirmation
    with pytest.raises(FacePhotoError):
        CardFrame.from_bytes(b"not a picture")


def test_tesseract_reads_a_flat_card(cards):
    assert shutil.which("tesseract"), "tesseract-ocr and tesseract-ocr-jpn come with scripts/setup.sh"
    card = cards[1]
    reading = CardFaceReader(TesseractLines()).read(flat_frame(card.front))
    assert reading.security_code.value == card.person.security_code
    assert reading.expiry_year.value == card.person.expiry_year


def write_photo(card, folder: Path) -> Path:
    path = folder / "front.jpg"
    path.write_bytes(cv2.imencode(".jpg", card.frame.image)[1].tobytes())
    return path


def tree(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def private_dirs(cwd: Path) -> dict[str, str]:
    """HOME, the data folder, the caches and TMPDIR of a run, all inside `cwd` (made here)."""
    env = {"HOME": str(cwd / "home"), "KAZASU_DATA_DIR": str(cwd / "data"),
           "XDG_CACHE_HOME": str(cwd / "cache"), "TMPDIR": str(cwd / "tmp")}
    for folder in env.values():
        Path(folder).mkdir(exist_ok=True)
    return env


def run_face(args: list[str], cwd: Path, prefix: list[str] | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, **private_dirs(cwd)}
    return subprocess.run([*(prefix or []), str(KAZASU), "card", "face", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def test_cli_prints_the_three_parts_and_keeps_nothing(cards, tmp_path):
    card = next(c for c in cards if not c.person.gregorian_birth)
    photo = write_photo(card, tmp_path)
    private_dirs(tmp_path)
    before = tree(tmp_path)
    done = run_face([str(photo), "--json", "-v"], tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    out = json.loads(done.stdout)
    assert {k: out[k]["value"] for k in ("birth_date", "expiry_year", "security_code")} == card.truth()
    assert all(0 <= out[k]["confidence"] <= 1 for k in ("birth_date", "expiry_year", "security_code"))
    assert out["birth_date"]["era"] and out["birth_date"]["date"] == card.person.birth.isoformat()
    log = tmp_path / "data" / "logs" / "kazasu.log"  # the command line's usual log, and nothing else:
    assert tree(tmp_path) - before == {"data/logs", "data/logs/kazasu.log"}  # no copy of the photo, no cache
    for text in (done.stderr, log.read_text(encoding="utf-8")):  # how the read went, never what it read
        assert "card face read" in text
        for secret in card.truth().values():
            assert secret not in text


def test_cli_errors_are_json(tmp_path):
    missing = run_face([str(tmp_path / "none.jpg"), "--json"], tmp_path)
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(b"\xff\xd8 not really a jpeg")
    broken = run_face([str(bad), "--json"], tmp_path)
    for done in (missing, broken):
        assert done.returncode == 1 and "Traceback" not in done.stderr
        error = json.loads(done.stdout)["error"]
        assert error["code"] == "photo_unreadable" and error["message_ja"] and error["message_en"]


def test_cli_reads_in_a_network_namespace_with_no_network(cards, tmp_path):
    """`unshare --net`: only a loopback that is down. Any download of a model would fail here."""
    if subprocess.run(["unshare", "--net", "true"], capture_output=True).returncode != 0:
        if os.environ.get("KAZASU_ALLOW_NO_NETNS") == "1":
            pytest.skip("unshare --net is not permitted here")
        pytest.fail("unshare --net is not permitted (the tests run as root in CI and under nsrun); "
                    "set KAZASU_ALLOW_NO_NETNS=1 to skip instead")
    probe = subprocess.run(["unshare", "--net", sys.executable, "-c",
                            "import socket, json, pathlib;"
                            "routes = pathlib.Path('/proc/self/net/route').read_text().splitlines()[1:];"
                            "print(json.dumps([[n for _, n in socket.if_nameindex()], routes]))"],
                           capture_output=True, text=True, timeout=30)
    interfaces, routes = json.loads(probe.stdout)
    assert interfaces == ["lo"] and routes == []  # no interface but loopback, no route out
    card = cards[3]
    done = run_face([str(write_photo(card, tmp_path)), "--json"], tmp_path, prefix=["unshare", "--net"])
    assert done.returncode == 0, done.stdout + done.stderr
    out = json.loads(done.stdout)
    assert {k: out[k]["value"] for k in ("birth_date", "expiry_year", "security_code")} == card.truth()


def test_the_models_ship_inside_the_package():
    import rapidocr_onnxruntime
    models = Path(rapidocr_onnxruntime.__file__).parent / "models"
    names = {p.name for p in models.glob("*.onnx")}
    assert any("rec" in n for n in names), names
