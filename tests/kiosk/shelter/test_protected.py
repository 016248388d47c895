"""A protected person (do_not_disclose, e.g. DV support) never appears in find or an outsider export."""

from __future__ import annotations

import pymupdf

PROTECTED = "守田　秘子"
PROTECTED_KANA = "もりた ひめこ"


def test_protected_people_never_leak(tmp_path, cli):
    run = cli.using(data_dir=tmp_path / "d", site="s")
    run("shelter", "setup", "--name", "架空体育館", "--municipality-code", "999999",
        "--capacity", "30")
    run("shelter", "checkin", "--by-hand", "--name", "守田　太一", "--kana", "もりた たいち")
    hidden = run("shelter", "checkin", "--by-hand", "--name", PROTECTED,
                 "--kana", PROTECTED_KANA, "--do-not-disclose", "--needs", "infant")
    # later marked protected through a needs update, on another record
    late = run("shelter", "checkin", "--by-hand", "--name", "守田　後子")
    from kiosk.shelter.desk import ShelterDesk, open_store
    desk = ShelterDesk(open_store(tmp_path / "d"), site="s", terminal="t")
    desk.update_needs(late["person_id"], "", do_not_disclose=True)

    for query in ("守田", "もりた", "秘子", "ひめこ", "モリタ", "守田秘子", "後子"):
        found = run("shelter", "find", query)
        names = [m["name"] for m in found["matches"]]
        assert PROTECTED not in names and "守田　後子" not in names
    assert [m["name"] for m in run("shelter", "find", "もりた")["matches"]] == ["守田　太一"]

    for fmt in ("csv", "pdf"):
        out = tmp_path / f"outsiders.{fmt}"
        result = run("shelter", "export", "--format", fmt, "--out", str(out),
                     "--for-outsiders")
        assert "people" not in result  # no count that could reveal someone left out
        text = (out.read_text(encoding="utf-8-sig") if fmt == "csv"
                else "".join(p.get_text() for p in pymupdf.open(out)))
        assert "守田　太一" in text
        for secret in ("秘子", "ひめこ", "後子", hidden["person_id"], "非開示"):
            assert secret not in text
    # staff see everyone, flagged; counts for staff include protected people silently
    staff = tmp_path / "staff.csv"
    run("shelter", "export", "--format", "csv", "--out", str(staff))
    assert PROTECTED in staff.read_text(encoding="utf-8-sig")
    assert run("shelter", "status")["present"] == 3
