"""The PyInstaller bundle: built by packaging/build-bundle.sh (about a minute here), then run from an
environment with no project virtual environment (only PATH=/usr/bin:/bin, a throw-away HOME and LANG),
run by tests/cli_runner.py like the installed `kazasu`.

The bundle's own `kazasu card emulate` plugs a fictitious card into the real pcscd through vpcd and
the bundle's `kazasu card read --pin-stdin --json` reads it (pyscard's native module); the person it
read is rendered to a PDF (reportlab, the form definitions, the system fonts); the mesh serves its
health (uvicorn, FastAPI); the test page prints through a private cupsd; the demo kiosk and the bundle's
`kazasu-kiosk` (= `kazasu run`) open and quit offscreen (PySide6 and its platform plugins).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from devices.emulator.vpcd import PCSCD_POLL_SETTLE_S
from devices.pcsc import wait_for_presence
from tests.cli_runner import Kazasu, read_line, stop
from tests.packaging.cupsd import printed_pdf

pytestmark = pytest.mark.pcscd

ROOT = Path(__file__).resolve().parents[2]
SLOT = 0
READER = "Virtual PCD 00 00"


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bundle")
    env = {**os.environ, "KAZASU_BUNDLE_WORK": str(out / "work")}
    build = subprocess.run(["bash", str(ROOT / "packaging" / "build-bundle.sh"), str(out / "dist")],
                           cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    exe = out / "dist" / "kazasu" / "kazasu"
    assert exe.read_bytes()[:4] == b"\x7fELF"  # a native program, not a Python script
    return exe


@pytest.fixture
def frozen(bundle, tmp_path) -> Kazasu:
    """The bundle's `kazasu` in a clean environment (what `env -i PATH=/usr/bin:/bin HOME=...` gives:
    no venv, no PYTHONPATH, no VIRTUAL_ENV)."""
    home = tmp_path / "home"
    home.mkdir()
    return Kazasu(program=bundle, inherit_env=False,
                  env={"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8"})


def test_version_from_a_clean_environment(frozen):
    result = frozen.process("--version", json=False, timeout=60)
    assert result.out.strip() == "kazasu 0.1.0"


def test_bundle_reads_the_emulated_card_through_pcscd_and_renders_its_form(frozen, pcscd, people, tmp_path):
    person = next(p for p in people if p["name"] == "𠮷田　修")
    person_file = tmp_path / "card-person.json"
    person_file.write_text(json.dumps(person, ensure_ascii=False), encoding="utf-8")
    emulator = frozen.start("card", "emulate", "--person", str(person_file), "--slot", str(SLOT))
    try:
        line = read_line(emulator, 30)
        assert json.loads(line)["reader"] == READER, line
        read = frozen.process("card", "read", "--reader", READER, "--pin-stdin", stdin=person["pin"] + "\n",
                              timeout=60, ok=None)
    finally:
        stop(emulator)
        wait_for_presence(READER, False, 3.0)
        time.sleep(PCSCD_POLL_SETTLE_S)  # let pcscd's poller see the empty reader before the next test
    assert read.code == 0, read
    four = read.json
    birth = person["birth_date"]
    assert four == {"name": person["name"], "address": person["address"],
                    "birth_date": f"{birth[:4]}-{birth[4:6]}-{birth[6:]}", "sex_code": person["sex"]}
    assert person["pin"] not in read.err

    read_file = tmp_path / "read.json"
    read_file.write_text(read.out, encoding="utf-8")
    pdf = tmp_path / "juminhyo.pdf"
    frozen.process("forms", "render", "juminhyo_request", "--person", str(read_file), "--out", str(pdf),
                   "--draft", timeout=60)
    assert pdf.read_bytes()[:5] == b"%PDF-"
    import fitz  # PyMuPDF (test extra): the rendered name, rare kanji included, is in the PDF's text

    with fitz.open(pdf) as doc:
        text = "".join(page.get_text() for page in doc).replace(" ", "").replace("　", "")
    assert person["name"].replace("　", "") in text


def test_bundle_serves_the_mesh(frozen, tmp_path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = frozen.start("mesh", "serve", "--db", f"sqlite:///{tmp_path / 'mesh.db'}", "--port", str(port),
                          "--require-signed", json=False)
    try:
        assert str(port) in read_line(server, 30)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/health", timeout=10) as response:
            assert json.loads(response.read()) == {"status": "ok", "storage": "ok",
                                                   "allow_unsigned_demo": False, "protocol": 2}
    finally:
        stop(server)
    assert server.returncode == 0 or server.returncode == -signal.SIGTERM


def test_bundle_prints_the_test_page_and_shows_the_audit(frozen, cups, tmp_path):
    out = cups.queue("bundle-printer")
    frozen = frozen.using(data_dir=tmp_path, env={**frozen.env, "CUPS_SERVER": str(cups.socket)})
    result = frozen.process("print", "test", "--queue", "bundle-printer", timeout=60)
    assert result["queue"] == "bundle-printer"
    import fitz

    with fitz.open(stream=printed_pdf(cups.wait_for_output(out)), filetype="pdf") as doc:
        assert "𠮷田" in doc[0].get_text()  # the bundled test page, the system's IPAmj Mincho
    assert frozen.process("audit", timeout=60)["events"] == []


def test_bundle_starts_the_kiosk_window(frozen, pcscd, tmp_path):
    frozen = frozen.using(env={**frozen.env, "QT_QPA_PLATFORM": "offscreen"})
    result = frozen.process("demo", "--no-pcscd", "--quit-after", "1.5", data_dir=tmp_path / "d", timeout=60)
    assert result["ok"] is True
    assert "Could not load the Qt platform plugin" not in result.err

    # kazasu-kiosk is `kazasu run` (its own program: no console window on Windows)
    data = tmp_path / "kiosk"
    data.mkdir()
    (data / "kiosk.json").write_text('{"setup_done": true}', encoding="utf-8")
    kiosk = frozen.using(program=frozen.program.with_name("kazasu-kiosk"))
    result = kiosk.process("--windowed", "--quit-after", "1.5", data_dir=data, timeout=60)
    assert result["ok"] is True and result["data_dir"] == str(data)
