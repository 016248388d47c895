"""A whole visit at the counter desk with the real widgets, the real pcscd and the emulated card:
several procedures from one read (one PIN, shared fields asked once, one event and one PDF per
form); the no-PIN path with 照合番号B typed from the card face (a face-authentication card goes there
straight away; a wrong code first); the forgotten-PIN path; the staff's metrics table; the screen
wiped afterwards. Screenshots: counter-0-procedures.png, counter-code-b.png, counter-metrics.png."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from kiosk.ui.a11y import plain_text  # a label's words without markup or word joiners
from kiosk.ui.labels import ValueLabel
from tests.kiosk.conftest import shoot
from tests.kiosk.counter.test_flow import (
    WAIT_MS,
    all_texts,
    click,
    commit_text,
    go_to,
    state,
    tap_card,
    type_pin,
)

pytestmark = pytest.mark.pcscd
MAIN = "juminhyo_request"
SECOND = "inkan_certificate_test"


def second_form(folder: Path) -> None:
    """A second procedure for the test, made from the shipped form: the same card fields, the shared
    asked fields (visitor, kana, phone, copies) and one of its own (the seal registration card)."""
    base = json.loads((Path(__file__).resolve().parents[3] / "forms" / "definitions" /
                       f"{MAIN}.json").read_text(encoding="utf-8"))
    form = copy.deepcopy(base)
    form["id"] = SECOND
    form["title"] = {"ja": "印鑑登録証明書交付申請書（試験）", "en": "Seal certificate request (test)"}
    keep = {"visitor", "requester_kana", "requester_phone", "copies"}
    fields = [f for f in base["fields"] if f["source"] != "asked" or f["id"] in keep]
    own = copy.deepcopy(next(f for f in base["fields"] if f["id"] == "submit_to"))
    own.update(id="seal_card_number", required=True,
               label={"ja": "印鑑登録証の番号", "en": "Seal registration card number"})
    own["input"] = {"kind": "short_text", "max_length": 10}
    form["fields"] = fields + [own]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{SECOND}.json").write_text(json.dumps(form, ensure_ascii=False), encoding="utf-8")


@pytest.fixture
def two_forms(tmp_path, monkeypatch):
    """Two procedures: the shipped 住民票 request plus another installed form, or one made in tmp."""
    from forms.registry import list_forms

    others = [f.id for f in list_forms() if f.id != MAIN]
    if others:  # one of the installed forms (the seal certificate first: it reads no My Number)
        return [MAIN, "inkan_certificate_request" if "inkan_certificate_request" in others
                else others[0]]
    second_form(tmp_path / "forms")
    monkeypatch.setenv("KAZASU_FORM_DIRS", str(tmp_path / "forms"))
    return [MAIN, SECOND]


def answer_everything(qtbot, window) -> None:
    """Answer every asked field still open, the way a resident would: taps, one IME commit."""
    controller = window.desk("counter").controller
    preview = window.desk("counter").widget.preview
    kinds = {f.id: f.input.kind for form in controller.visit.forms for f in form.asked_fields()}
    done: set[str] = set()
    for _ in range(3):  # an answer can make another field required (forms' required_if): go again
        for fid in list(dict.fromkeys(m for f in controller.filled_all for m in f.missing if m not in done)):
            done.add(fid)
            widget = preview.asked[fid]
            if hasattr(widget, "buttons"):
                click(qtbot, next(iter(widget.buttons.values())))
            elif hasattr(widget, "plus"):
                click(qtbot, widget.plus)
            else:
                click(qtbot, widget.edit)
                typed = {"kana": "やまだ たろう", "date": "2020-04-01"}.get(kinds[fid], "12345678")
                commit_text(widget.edit, typed)


@pytest.mark.shots
def test_several_procedures_from_one_read(qtbot, make_window, slot1_card, people, two_forms, terminal):
    yamada = people[0]
    card, demo, source = slot1_card(yamada)
    window = make_window(source, demo)
    click(qtbot, window.start.buttons["counter"])
    go_to(qtbot, window, "procedures")
    procedures = window.desk("counter").widget.procedures
    assert procedures.selected() == [MAIN]  # the default procedure is pre-chosen
    click(qtbot, procedures.buttons[two_forms[1]])
    assert procedures.selected() == sorted(two_forms) or set(procedures.selected()) == set(two_forms)
    assert procedures.buttons[two_forms[1]].text().startswith("✓\u00a0")
    assert all(b.height() >= 72 for b in procedures.buttons.values())
    shoot(window, "counter-0-procedures.png")
    click(qtbot, procedures.next_button)
    go_to(qtbot, window, "waiting_card")
    click(qtbot, window.desk("counter").widget.tap.demo_button)
    go_to(qtbot, window, "pin")
    type_pin(qtbot, window, yamada["pin"])
    go_to(qtbot, window, "preview")
    assert card.verify_data_count == 1  # one PIN for every form of the visit
    assert "my_number" not in window.desk("counter").controller.person  # no chosen form may read it
    preview = window.desk("counter").widget.preview
    forms = window.desk("counter").controller.visit.forms
    asked = [f.id for form in forms for f in form.asked_fields()]
    assert sorted(preview.asked) == sorted(set(asked))  # shared fields (kana, visitor…) asked once
    assert len(asked) > len(preview.asked)
    headings = [w for w in preview.findChildren(type(window.desk("counter").widget.procedures.message))
                if w.objectName() == "preview_section" and w.isVisible()]
    assert len(headings) == 2
    answer_everything(qtbot, window)
    assert preview.next_button.isEnabled(), preview.message.text()
    click(qtbot, preview.next_button)
    go_to(qtbot, window, "confirm")
    titles = [plain_text(w) for w in window.desk("counter").widget.confirm.findChildren(type(headings[0]))
              if w.objectName() == "confirm_form"]
    assert len(titles) == 2 and any(forms[1].title_ja in t for t in titles)
    assert "やまだ たろう" in [w.value() for w in window.desk("counter").widget.confirm.findChildren(ValueLabel)]
    click(qtbot, window.desk("counter").widget.confirm.submit_button)
    go_to(qtbot, window, "done")
    submissions = window.desk("counter").controller.last_submissions
    assert [s.form_id for s in submissions] == [f.id for f in forms]
    assert window.services.store.status()["pending"] == 2  # one event per application
    assert all(s.pdf.exists() and s.pdf.read_bytes().startswith(b"%PDF") for s in submissions)
    assert len({s.event_id for s in submissions}) == 2
    from kiosk.counter import metrics

    rows = {r["form"]: r for r in metrics.summary(terminal.data_dir)}
    assert set(rows) == set(two_forms) and all(r["count"] == 1 for r in rows.values())
    assert rows[MAIN]["card_ms_median"] > 0 and rows[MAIN]["typed_median"] >= 1
    # the kana typed once counts as typed for the first form only
    assert rows[two_forms[1]]["typed_median"] < rows[MAIN]["typed_median"] + 2
    click(qtbot, window.desk("counter").widget.done.next_button)
    go_to(qtbot, window, "procedures")
    assert not [t for t in all_texts(window) if "山田" in t or "やまだ" in t or "西新宿" in t]
    assert window.desk("counter").controller.visit is None and window.desk("counter").controller.filled_all == []

    # the staff's table, behind the staff button of the procedures step
    click(qtbot, window.desk("counter").widget.procedures.staff_button)
    go_to(qtbot, window, "metrics")
    table = window.desk("counter").widget.metrics
    assert table.row_count() == 2
    names = {table.cell(r, 0) for r in range(2)}
    assert forms[1].title_ja in names and all(table.cell(r, 1) == "1" for r in range(2))
    shoot(window, "counter-metrics.png")
    click(qtbot, table.close_button)
    go_to(qtbot, window, "procedures")


def type_code_b(qtbot, window, birth: str, expiry: str, security: str) -> None:
    screen = window.desk("counter").widget.code_b
    for digits in (birth, expiry, security):
        for d in digits:
            click(qtbot, screen.keys[d])
    click(qtbot, screen.ok_button)


@pytest.mark.shots
def test_face_authentication_card_goes_to_code_b(qtbot, make_window, slot1_card, people):
    ito = next(p for p in people if p["pin"] is None)
    card, demo, source = slot1_card(ito)
    window = make_window(source, demo)
    tap_card(qtbot, window)
    go_to(qtbot, window, "code_b")  # no PIN pad: the card has no PIN
    screen = window.desk("counter").widget.code_b
    assert screen.note.isVisible() and "顔認証" in plain_text(screen.note)
    qtbot.waitUntil(lambda: "残り 10 回" in plain_text(screen.tries_label), timeout=WAIT_MS)
    assert card.verify_data_count == 0
    printed = "27" + ito["birth_date"][4:]  # 平成27年3月3日 as printed on the card face
    for d in printed + ito["expiry_year"]:
        click(qtbot, screen.keys[d])
    assert screen.fields["birth"].text() == printed and screen.fields["security"].hasFocus()
    shoot(window, "counter-code-b.png")
    for d in "0000":
        click(qtbot, screen.keys[d])
    click(qtbot, screen.ok_button)  # a wrong security code first
    qtbot.waitUntil(lambda: screen.message.isVisible(), timeout=WAIT_MS)
    assert state(window) == "code_b" and "残り 9 回" in plain_text(screen.message)
    assert all(f.text() == "" for f in screen.fields.values())
    type_code_b(qtbot, window, printed, ito["expiry_year"], ito["security_code"])
    go_to(qtbot, window, "preview")
    assert window.desk("counter").widget.preview.values["name"].value() == ito["name"]
    assert window.desk("counter").widget.preview.values["birth"].value() == "平成27年3月3日"
    assert window.desk("counter").controller.flow.code_b and card.verify_data_count == 2
    click(qtbot, window.desk("counter").widget.nav.restart_button)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.start, timeout=WAIT_MS)
    assert not [t for t in all_texts(window) if "伊藤" in t or "ゆい" in t or printed in t
                or ito["security_code"] in t]


def test_forgotten_pin_reads_with_code_b_then_submits(qtbot, make_window, slot1_card, people, terminal):
    yamada = people[0]
    card, demo, source = slot1_card(yamada)
    window = make_window(source, demo)
    tap_card(qtbot, window)
    go_to(qtbot, window, "pin")
    click(qtbot, window.desk("counter").widget.pin.forgot_button)
    go_to(qtbot, window, "code_b")
    screen = window.desk("counter").widget.code_b
    assert not screen.note.isVisible()
    qtbot.waitUntil(lambda: "残り" in plain_text(screen.tries_label), timeout=WAIT_MS)
    type_code_b(qtbot, window, "550402", yamada["expiry_year"], yamada["security_code"])  # 昭和55年4月2日
    go_to(qtbot, window, "preview")
    assert card.verify_data_count == 1 and card.pin_tries_left == 3  # no PIN try spent
    answer_everything(qtbot, window)
    click(qtbot, window.desk("counter").widget.preview.next_button)
    go_to(qtbot, window, "confirm")
    click(qtbot, window.desk("counter").widget.confirm.submit_button)
    go_to(qtbot, window, "done")
    import sqlite3

    from kiosk.counter import metrics
    with sqlite3.connect(metrics.metrics_path(terminal.data_dir)) as db:
        assert db.execute("SELECT path FROM counter_metrics").fetchall() == [("code_b",)]
    click(qtbot, window.desk("counter").widget.done.next_button)
    go_to(qtbot, window, "procedures")
    assert not [t for t in all_texts(window) if "山田" in t or "やまだ" in t or "550402" in t]


def test_my_number_only_for_a_form_with_a_legal_basis_and_never_in_full(qtbot, make_window,
                                                                         slot1_card, people):
    from forms.registry import list_forms
    from kiosk.counter import visit as workflow

    readers = [f.id for f in list_forms() if workflow.reads_my_number(f)]
    if not readers:
        pytest.skip("no installed form may read the My Number yet")
    yamada = people[0]
    number = yamada["my_number"]
    card, demo, source = slot1_card(yamada)
    window = make_window(source, demo)
    tap_card(qtbot, window, [MAIN, readers[0]])
    assert "個人番号も読み取ります" in window.desk("counter").widget.procedures.buttons[readers[0]].text()
    assert "個人番号" not in window.desk("counter").widget.procedures.buttons[MAIN].text()
    go_to(qtbot, window, "pin")
    type_pin(qtbot, window, yamada["pin"])
    go_to(qtbot, window, "preview")
    assert card.verify_data_count == 1
    assert window.desk("counter").controller.person["my_number"] == number  # read, for the form that may use it
    by_form = {f.form.id: f for f in window.desk("counter").controller.filled_all}
    assert number not in by_form[MAIN].values.values()  # the 住民票 request never sees it
    answer_everything(qtbot, window)
    click(qtbot, window.desk("counter").widget.preview.next_button)
    go_to(qtbot, window, "confirm")
    texts = all_texts(window)
    assert not [t for t in texts if number in t]  # never shown in full
    assert [t for t in texts if "＊" * 8 + number[-4:] in t]
    click(qtbot, window.desk("counter").widget.nav.restart_button)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.start, timeout=WAIT_MS)
    assert not [t for t in all_texts(window) if number[-4:] in t or "山田" in t]
