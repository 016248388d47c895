"""Printing through a real, private CUPS scheduler (tests/packaging/cupsd.py): the test page and a
counter PDF reach the queue's file device unchanged; the configured queue wins over CUPS' default; a
missing, stopped, refusing or unreachable printer is a typed bilingual error and the PDF stays."""

from __future__ import annotations

import json
import subprocess

import fitz  # PyMuPDF
import pytest

from kiosk.printing import (
    NoPrinterError,
    PrinterNotAcceptingError,
    PrinterNotFoundError,
    PrinterUnreachableError,
    print_pdf,
    print_submissions,
    queue_state,
)
from kiosk.testpage import render_test_page
from tests.packaging.cupsd import printed_pdf


def pdf_text(data: bytes) -> str:
    with fitz.open(stream=data, filetype="pdf") as doc:
        return "".join(page.get_text() for page in doc)


def test_print_test_page_to_the_default_printer(cups, kazasu, tmp_path):
    out = cups.queue("counter-a4", default=True)
    result = kazasu("print", "test", data_dir=tmp_path)
    assert result["queue"] == "counter-a4" and result["job_id"].startswith("counter-a4-")
    printed = printed_pdf(cups.wait_for_output(out))
    (tmp_path / "printed.pdf").write_bytes(printed)
    kept = tmp_path / "print" / "kazasu-test-page.pdf"
    assert kept.read_bytes()[:5] == b"%PDF-"  # the rendered page stays where it was made
    text = pdf_text(printed)  # what went through CUPS' filters still holds the Japanese text
    assert "テスト印刷" in text and "𠮷田" in text and "U+20BB7" in text
    assert pdf_text(kept.read_bytes()) == text


def test_configured_queue_wins_over_the_default(cups, kazasu, tmp_path):
    kazasu = kazasu.using(data_dir=tmp_path)
    default_out = cups.queue("front-desk", default=True)
    chosen_out = cups.queue("back-office")
    (tmp_path / "kiosk.json").write_text(json.dumps({"printer": "back-office"}), encoding="utf-8")
    result = kazasu("print", "test")
    assert result["queue"] == "back-office"
    assert pdf_text(printed_pdf(cups.wait_for_output(chosen_out))).count("kazasu") >= 1
    assert not default_out.exists()
    # --queue wins over kiosk.json
    result = kazasu("print", "test", "--queue", "front-desk")
    assert result["queue"] == "front-desk"
    cups.wait_for_output(default_out)


def test_no_printer_at_all_is_a_typed_error_and_the_pdf_stays(cups, kazasu, tmp_path):
    error = kazasu("print", "test", data_dir=tmp_path, ok=False).error
    assert error["code"] == "printer_not_configured"
    assert "プリンタが設定されていません" in error["message_ja"] and "No printer is configured" in error["message_en"]
    kept = tmp_path / "print" / "kazasu-test-page.pdf"
    assert error["pdf"] == str(kept) and kept.read_bytes()[:5] == b"%PDF-"
    assert str(kept) in error["message_ja"] and str(kept) in error["message_en"]


def test_missing_stopped_and_refusing_queues(cups, tmp_path):
    pdf = render_test_page(tmp_path / "page.pdf")
    with pytest.raises(PrinterNotFoundError) as missing:
        print_pdf(pdf, "no-such-queue")
    assert "lpstat -p" in missing.value.message_en and missing.value.pdf == str(pdf)

    out = cups.queue("jammed")
    assert cups.run("cupsdisable", "jammed").returncode == 0
    assert queue_state("jammed").enabled is False
    with pytest.raises(PrinterNotAcceptingError) as stopped:
        print_pdf(pdf, "jammed")
    assert "cupsenable jammed" in stopped.value.message_en and "停止" in stopped.value.message_ja

    assert cups.run("cupsenable", "jammed").returncode == 0
    assert cups.run("cupsreject", "jammed").returncode == 0
    with pytest.raises(PrinterNotAcceptingError) as refusing:
        print_pdf(pdf, "jammed")
    assert "not accepting" in refusing.value.message_en
    assert pdf.exists() and not out.exists()

    assert cups.run("cupsaccept", "jammed").returncode == 0
    assert queue_state("jammed").to_dict() == {"queue": "jammed", "exists": True, "enabled": True,
                                               "accepting": True, "is_default": False}
    job = print_pdf(pdf, "jammed", copies=2)
    assert job.copies == 2
    assert "kazasu" in pdf_text(printed_pdf(cups.wait_for_output(out)))


def test_unreachable_cups_is_a_typed_error(cups, monkeypatch, tmp_path, kazasu):
    pdf = render_test_page(tmp_path / "page.pdf")
    monkeypatch.setenv("CUPS_SERVER", str(tmp_path / "no-cupsd.sock"))
    with pytest.raises(PrinterUnreachableError) as info:
        print_pdf(pdf, "anything")
    assert "systemctl start cups" in info.value.message_en and "CUPS" in info.value.message_ja
    assert kazasu("print", "status", data_dir=tmp_path, ok=False).error["code"] == "printer_unreachable"
    monkeypatch.setenv("CUPS_SERVER", str(cups.socket))
    with pytest.raises(NoPrinterError):
        print_pdf(pdf)
    cups.queue("front", default=True)
    status = kazasu("print", "status", data_dir=tmp_path).json
    assert status == {"ok": True, "queue": "front", "exists": True, "enabled": True,
                                  "accepting": True, "is_default": True}


def test_a_visit_prints_every_pdf_or_reports_without_raising(cups, tmp_path):
    out = cups.queue("counter", default=True)
    pdfs = [render_test_page(tmp_path / f"{n}.pdf") for n in ("a", "b")]
    result = print_submissions(pdfs, data_dir=tmp_path)
    assert result["ok"] is True and [j["queue"] for j in result["jobs"]] == ["counter", "counter"]
    assert all(j["removed"] for j in result["jobs"]) and not any(p.exists() for p in pdfs)  # CUPS has them
    cups.wait_for_output(out)
    assert cups.run("cupsreject", "counter").returncode == 0
    pdfs = [render_test_page(tmp_path / f"{n}.pdf") for n in ("a", "b")]
    failed = print_submissions(pdfs, data_dir=tmp_path)
    assert failed["ok"] is False and failed["jobs"] == []
    assert failed["error"]["code"] == "printer_not_accepting" and failed["error"]["pdf"] == str(pdfs[0])
    assert all(p.exists() for p in pdfs)


def test_test_page_renders_to_a_png(tmp_path):
    """The page as staff will see it (docs/images/print-test-page.png is this rendering)."""
    pdf = render_test_page(tmp_path / "page.pdf")
    subprocess.run(["pdftoppm", "-r", "50", "-png", "-singlefile", str(pdf), str(tmp_path / "page")],
                   check=True)
    png = (tmp_path / "page.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    with fitz.open(pdf) as doc:
        assert doc.page_count == 1
        fonts = {f[3] for f in doc[0].get_fonts()}
    assert any("ipamj" in name.lower() or "IPAmj" in name for name in fonts) or len(fonts) >= 2
