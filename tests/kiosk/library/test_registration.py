"""Registration from a card read, the registration event, the printed CR80 card and the CLI contract."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from kiosk.library import state as st
from kiosk.library.card import CARD_H, CARD_W, render_card
from kiosk.library.errors import AlreadyRegisteredError, NotEligibleError
from tests.kiosk.library.conftest import as_read


def test_register_writes_the_event_and_numbers_in_sequence(desk, people):
    first = desk.register(as_read(people[0]))
    second = desk.register(dict(as_read(people[1]), address="東京都渋谷区道玄坂一丁目"))
    assert (first, second) == ("2010000012", "2010000020")
    event = desk.store.pending()[0]
    assert event.kind == st.REGISTERED
    assert event.payload == {"patron_number": first, "name": "山田　太郎",
                             "address": "東京都新宿区西新宿二丁目８番１号", "birth_date": "1980-04-02",
                             "basis": "resident", "municipality_code": "131041", "card_type": "adult",
                             "source": "card"}
    assert desk.state().patrons[second]["basis"] == "neighbour"
    with pytest.raises(AlreadyRegisteredError):
        desk.register(as_read(people[0]))


def test_ineligible_person_is_refused_and_nothing_written(desk, people):
    with pytest.raises(NotEligibleError):
        desk.register(dict(as_read(people[1])))   # 大阪市
    assert desk.store.status()["total"] == 0


def test_guardian_is_recorded_for_a_child(desk, people):
    number = desk.register(as_read(people[4]), declaration="study", guardian="𠮷田　花")
    patron = desk.state().patrons[number]
    assert (patron["card_type"], patron["guardian"], patron["basis"]) == ("child", "𠮷田　花", "study")


def _render_png(pdf: Path, tmp_path: Path) -> Path:
    subprocess.run(["pdftoppm", "-r", "300", "-png", "-singlefile", str(pdf), str(tmp_path / "card")],
                   check=True, timeout=60)
    return tmp_path / "card.png"


def test_card_pdf_is_cr80_with_name_number_and_a_decodable_barcode(tmp_path):
    pdf = render_card("2010000012", "𠮷田　修", tmp_path / "card.pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    size = next(line for line in info.splitlines() if line.startswith("Page size:")).split()
    width_mm, height_mm = float(size[2]) / 72 * 25.4, float(size[4]) / 72 * 25.4
    assert (round(width_mm, 1), round(height_mm, 1)) == (85.6, 54.0)
    assert "Pages:           1" in info and "修" not in info   # no personal data in the metadata
    assert (CARD_W, CARD_H) == pytest.approx((85.6 / 25.4 * 72, 54 / 25.4 * 72))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "𠮷" in text and "修" in text and "2010 0000 12" in text
    png = _render_png(pdf, tmp_path)
    assert shutil.which("zbarimg"), "zbar-tools (scripts/setup.sh) decodes the printed barcode"
    decoded = subprocess.run(["zbarimg", "--raw", "-q", str(png)], capture_output=True, text=True,
                             timeout=60).stdout.split()
    assert decoded == ["A2010000012A"]   # NW-7 start/stop A around the number


def test_cli_register_and_card(tmp_path, people, kazasu):
    person = tmp_path / "person.json"
    person.write_text(json.dumps(as_read(people[0]), ensure_ascii=False), encoding="utf-8")
    registered = kazasu.process("library", "register", "--person", str(person))
    assert registered.json == {"patron_number": "2010000012"}
    out = kazasu.process("library", "card", "--patron", "2010000012", "--out", str(tmp_path / "c.pdf")).json
    assert Path(out["out"]).exists()
    far = tmp_path / "far.json"
    far.write_text(json.dumps(as_read(people[1]), ensure_ascii=False), encoding="utf-8")
    refused = kazasu.process("library", "register", "--person", str(far), ok=False).error
    assert refused["code"] == "not_eligible" and refused["rule"] == "residence"
    assert "佐藤" not in json.dumps(refused, ensure_ascii=False)
    assert kazasu.process("library", "register", "--person", str(far), "--declaration", "work").json == \
        {"patron_number": "2010000020"}
