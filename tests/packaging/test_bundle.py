"""The PyInstaller bundle: built by packaging/build-bundle.sh (about a minute here), then run from an
environment with no project virtual environment (env -i: PATH=/usr/bin:/bin, a throw-away HOME).

The bundle's own `kazasu card emulate` plugs a fictitious card into the real pcscd through vpcd and
the bundle's `kazasu card read --pin-stdin --json` reads it (pyscard's native module); the person it
read is rendered to a PDF (reportlab, the form definitions, the system fonts); the mesh serves its
health (uvicorn, FastAPI); the test page prints through a private cupsd; the demo kiosk and the bundle's
`kazasu-kiosk` (= `kazasu run`) open and quit offscreen (PySide6 and its platform plugins).
"""

from __future__ import annotations

import json
import os
import selectors
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from devices.emulator.vpcd import PCSCD_POLL_SETTLE_S
from devices.pcsc import wait_for_presence
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
def clean_env(tmp_path) -> dict[str, str]:
    """What `env -i PATH=/usr/bin:/bin HOME=...` gives: no venv, no PYTHONPATH, no VIRTUAL_ENV."""
    home = tmp_path / "home"
    home.mkdir()
    return {"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8"}


def run(bundle: Path, env: dict, *argv: str, stdin: str | None = None, timeout: float = 60):
    return subprocess.run(["/usr/bin/env", "-i", *(f"{k}={v}" for k, v in env.items()), str(bundle), *argv],
                          input=stdin, capture_output=True, text=True, timeout=timeout)


def read_line(proc: subprocess.Popen, timeout: float) -> str:
    selector = selectors.DefaultSelector()
    selector.register(proc.stdout, selectors.EVENT_READ)
    try:
        assert selector.select(timeout), f"no line from {proc.args[-6:]} within {timeout} s"
        return proc.stdout.readline()
    finally:
        selector.close()


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


def test_version_from_a_clean_environment(bundle, clean_env):
    result = run(bundle, clean_env, "--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "kazasu 0.1.0"


def test_bundle_reads_the_emulated_card_through_pcscd_and_renders_its_form(bundle, clean_env, pcscd,
                                                                          people, tmp_path):
    person = next(p for p in people if p["name"] == "𠮷田　修")
    person_file = tmp_path / "card-person.json"
    person_file.write_text(json.dumps(person, ensure_ascii=False), encoding="utf-8")
    argv = ["/usr/bin/env", "-i", *(f"{k}={v}" for k, v in clean_env.items()), str(bundle),
            "card", "emulate", "--person", str(person_file), "--slot", str(SLOT), "--json"]
    emulator = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = read_line(emulator, 30)
        assert json.loads(line)["reader"] == READER, line
        read = run(bundle, clean_env, "card", "read", "--reader", READER, "--pin-stdin", "--json",
                   stdin=person["pin"] + "\n")
    finally:
        stop(emulator)
        wait_for_presence(READER, False, 3.0)
        time.sleep(PCSCD_POLL_SETTLE_S)
    assert read.returncode == 0, read.stdout + read.stderr
    four = json.loads(read.stdout)
    birth = person["birth_date"]
    assert four == {"name": person["name"], "address": person["address"],
                    "birth_date": f"{birth[:4]}-{birth[4:6]}-{birth[6:]}", "sex_code": person["sex"]}
    assert person["pin"] not in read.stderr

    read_file = tmp_path / "read.json"
    read_file.write_text(read.stdout, encoding="utf-8")
    pdf = tmp_path / "juminhyo.pdf"
    render = run(bundle, clean_env, "forms", "render", "juminhyo_request", "--person", str(read_file),
                 "--out", str(pdf), "--draft", "--json")
    assert render.returncode == 0, render.stdout + render.stderr
    assert pdf.read_bytes()[:5] == b"%PDF-"
    import fitz  # PyMuPDF (test extra): the rendered name, rare kanji included, is in the PDF's text

    with fitz.open(pdf) as doc:
        text = "".join(page.get_text() for page in doc).replace(" ", "").replace("　", "")
    assert person["name"].replace("　", "") in text


def test_bundle_serves_the_mesh(bundle, clean_env, tmp_path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    argv = ["/usr/bin/env", "-i", *(f"{k}={v}" for k, v in clean_env.items()), str(bundle), "mesh", "serve",
            "--db", f"sqlite:///{tmp_path / 'mesh.db'}", "--port", str(port), "--require-signed"]
    server = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert str(port) in read_line(server, 30)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/health", timeout=10) as response:
            assert json.loads(response.read()) == {"status": "ok", "storage": "ok",
                                                   "allow_unsigned_demo": False}
    finally:
        stop(server)
    assert server.returncode == 0 or server.returncode == -signal.SIGTERM


def test_bundle_prints_the_test_page_and_shows_the_audit(bundle, clean_env, cups, tmp_path):
    out = cups.queue("bundle-printer")
    env = {**clean_env, "CUPS_SERVER": str(cups.socket)}
    result = run(bundle, env, "print", "test", "--queue", "bundle-printer", "--data-dir", str(tmp_path), "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout)["queue"] == "bundle-printer"
    import fitz

    with fitz.open(stream=printed_pdf(cups.wait_for_output(out)), filetype="pdf") as doc:
        assert "𠮷田" in doc[0].get_text()  # the bundled test page, the system's IPAmj Mincho
    audit = run(bundle, env, "audit", "--data-dir", str(tmp_path), "--json")
    assert audit.returncode == 0 and json.loads(audit.stdout)["events"] == []


def test_bundle_starts_the_kiosk_window(bundle, clean_env, pcscd, tmp_path):
    env = {**clean_env, "QT_QPA_PLATFORM": "offscreen"}
    result = run(bundle, env, "demo", "--no-pcscd", "--quit-after", "1.5", "--data-dir", str(tmp_path / "d"),
                 "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout)["ok"] is True
    assert "Could not load the Qt platform plugin" not in result.stderr

    # kazasu-kiosk is `kazasu run` (its own program: no console window on Windows)
    data = tmp_path / "kiosk"
    data.mkdir()
    (data / "kiosk.json").write_text('{"setup_done": true}', encoding="utf-8")
    kiosk = bundle.with_name("kazasu-kiosk")
    result = subprocess.run(["/usr/bin/env", "-i", *(f"{k}={v}" for k, v in env.items()), str(kiosk),
                             "--windowed", "--quit-after", "1.5", "--data-dir", str(data), "--json"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout)["ok"] is True and json.loads(result.stdout)["data_dir"] == str(data)
