"""Counter PDFs (`print/<event-id>.pdf`: name, kana and address as text) are never readable by other
users and do not outlive their record (issue 16). Defect: they were kept mode 0644 for ever; neither
the purge nor a close (a redaction) removed them. Removal once printed: tests/packaging."""

from __future__ import annotations

import json
import stat

from kiosk.cli import main
from kiosk.counter import visit as workflow

PERSON = {"name": "見本　花子", "address": "見本県架空市一丁目1番地", "birth_date": "1980-04-02",
          "sex_code": "2"}
ANSWERS = {"visitor": "self", "requester_kana": "みほん はなこ", "certificate_kind": "all", "copies": 1,
           "purpose": "employment"}


def _visit(store, data_dir):
    return workflow.submit_visit(store, person=PERSON, answers=ANSWERS, form_ids=["juminhyo_request"],
                                 data_dir=data_dir, site="site-c", terminal="term-c")[0]


def test_pdfs_are_private_and_go_with_their_record(tmp_path, capsys):
    (tmp_path / "print").mkdir(mode=0o755)  # a folder left open by an older kazasu
    (tmp_path / "print" / "kazasu-test-page.pdf").write_bytes(b"%PDF-1.4 test page")
    store = workflow.open_store(tmp_path)
    try:
        purged, redacted, kept = (_visit(store, tmp_path) for _ in range(3))
        for submission in (purged, redacted, kept):
            assert stat.S_IMODE(submission.pdf.stat().st_mode) == 0o600
        assert stat.S_IMODE((tmp_path / "print").stat().st_mode) == 0o700
        store.mark_acknowledged([purged.event_id])
        store.redact(event_ids=[redacted.event_id], reason="本人の申出", staff="s", site="site-c",
                     terminal="term-c")
        assert not redacted.pdf.exists() and purged.pdf.exists() and kept.pdf.exists()
    finally:
        store.close()
    # the purge after acknowledgement and retention (0 days here), as staff run it
    assert main(["--json", "--data-dir", str(tmp_path), "queue", "purge", "--retention-days", "0"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["purged"] == 1 and result["purged_files"] == 1
    assert not purged.pdf.exists()
    assert kept.pdf.exists()  # not acknowledged yet: its record is still pending, so is its PDF
    assert (tmp_path / "print" / "kazasu-test-page.pdf").exists()  # not an event's file
