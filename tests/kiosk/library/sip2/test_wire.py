"""Every message the desk sends, field by field against SIP2 2.00: the command id, each fixed-length
field at its place and width (flags Y/N, 18-character dates YYYYMMDDZZZZHHMMSS, the language, the
protocol version), the variable fields with their ids and `|`, AY (one digit) then AZ (four upper-case
hex digits, the two's complement of the byte sum) and the CR. Each frame is also read by an
independent decoder (pysip2's, strict field types) and the answers the desk parses are made by
pysip2's encoder."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from pysip2 import (
    ACSStatusResponse,
    CheckinResponse,
    CheckoutResponse,
    LoginResponse,
    PatronInformationResponse,
    PatronStatusResponse,
    RenewResponse,
    decode_message,
    encode_message,
)

from kiosk.library.sip2 import messages as m
from kiosk.library.sip2.wire import checksum, decode, encode, parse_date, sip_date

WHEN = dt.datetime(2026, 12, 6, 9, 5, 7)
DUE = dt.datetime(2026, 12, 20, 23, 59, 59)
DATE = r"\d{8}[ A-Z0-9]{4}\d{6}"
INST = "KAZASU"

# (request, the spec's fixed part as a regular expression, the variable field ids in order)
CASES = {
    "93 login": (m.login("kazasu", "secret", "KZ1"), r"93(?P<uid>[0-9])(?P<pwd>[0-9])", ["CN", "CO", "CP"]),
    "99 SC status": (m.sc_status(), r"99(?P<status>[012])(?P<width>\d{3})(?P<version>\d\.\d\d)", []),
    "23 patron status": (m.patron_status(INST, "2000001", WHEN, language="014"),
                         rf"23(?P<language>\d{{3}})(?P<date>{DATE})", ["AO", "AA", "AC", "AD"]),
    "63 patron information": (m.patron_information(INST, "2000001", WHEN, language="001"),
                              rf"63(?P<language>\d{{3}})(?P<date>{DATE})(?P<summary>[ Y]{{10}})",
                              ["AO", "AA", "AC", "BP", "BQ"]),
    "11 checkout": (m.checkout(INST, "2000001", "1000001", WHEN),
                    rf"11(?P<renewal>[YN])(?P<no_block>[YN])(?P<date>{DATE})(?P<nb_due>{DATE})",
                    ["AO", "AA", "AB", "AC"]),
    "11 checkout, off-line": (m.checkout(INST, "2000001", "1000001", WHEN, no_block=True, due=DUE),
                              rf"11(?P<renewal>[YN])(?P<no_block>Y)(?P<date>{DATE})(?P<nb_due>{DATE})",
                              ["AO", "AA", "AB", "AC"]),
    "09 checkin": (m.checkin(INST, "1000001", WHEN, location="KZ1"),
                   rf"09(?P<no_block>[YN])(?P<date>{DATE})(?P<returned>{DATE})", ["AP", "AO", "AB", "AC"]),
    "29 renew": (m.renew(INST, "2000001", "1000001", WHEN),
                 rf"29(?P<third_party>[YN])(?P<no_block>[YN])(?P<date>{DATE})(?P<nb_due>{DATE})",
                 ["AO", "AA", "AB", "AC"]),
    "01 block patron": (m.block_patron(INST, "2000001", "lost", WHEN),
                        rf"01(?P<retained>[YN])(?P<date>{DATE})", ["AO", "AL", "AA", "AC"]),
    "35 end session": (m.end_session(INST, "2000001", WHEN), rf"35(?P<date>{DATE})", ["AO", "AA", "AC"]),
}


def frame_of(request: m.Request, sequence: int = 3) -> bytes:
    return encode(request.command, request.fixed, request.fields, sequence)


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_request_field_by_field(name):
    request, fixed, ids = CASES[name]
    raw = frame_of(request)
    assert raw.endswith(b"\r") and raw.count(b"\r") == 1
    text = raw[:-1].decode("ascii")
    # the trailer: AY one digit, AZ four upper-case hex digits that make the byte sum 0
    trailer = re.search(r"AY(\d)AZ([0-9A-F]{4})$", text)
    assert trailer and trailer.group(1) == "3"
    assert (sum(raw[:-5]) + int(trailer.group(2), 16)) & 0xFFFF == 0
    body = text[:trailer.start()]
    head = re.match(fixed, body)
    assert head, f"{name}: the fixed part {body[:60]!r} does not fit SIP2 2.00"
    for group in ("date", "nb_due", "returned"):
        if group in head.groupdict():
            assert parse_date(head.group(group)) in (WHEN, DUE)
            assert head.group(group)[8:12] == "    "    # local time
    if "no_block" in head.groupdict() and "off-line" in name:
        assert head.group("nb_due") == "20261220    235959"
    # the variable fields: two-letter id, value, '|', in the spec's order, nothing else
    rest = body[head.end():]
    found = re.findall(r"([A-Z]{2})([^|]*)\|", rest)
    assert "".join(f"{fid}{value}|" for fid, value in found) == rest
    assert [fid for fid, _ in found] == ids
    # an independent reading (pysip2's strict decoder) agrees
    decoded = decode_message(raw, encoding="utf-8")
    assert decoded.sequence_number == 3 and decoded.checksum == trailer.group(2)


def test_the_patron_values_are_what_the_desk_sent_and_nothing_else():
    request = m.checkout(INST, "2000001", "1000001", WHEN)
    msg = decode_message(frame_of(request), encoding="utf-8").message
    assert (msg.institution_id, msg.patron_identifier, msg.item_identifier) == (INST, "2000001", "1000001")
    assert msg.transaction_date == "20261206    090507"
    patron = decode_message(frame_of(m.patron_status(INST, "2000001", WHEN, language="014")),
                            encoding="utf-8").message
    assert patron.language == "014" and patron.patron_password == "" and patron.terminal_password == ""


def test_checksum_arithmetic():
    # the worked example of the spec's appendix style: the sum's two's complement, 4 hex digits
    data = b"09N20260101    12000020260101    120000APKZ1|AOKAZASU|AB1000001|AC|AY1AZ"
    value = checksum(data)
    assert re.fullmatch(r"[0-9A-F]{4}", value)
    assert (sum(data) + int(value, 16)) & 0xFFFF == 0
    assert checksum(b"") == "0000"


def test_dates():
    assert sip_date(WHEN) == "20261206    090507" and len(sip_date(WHEN)) == 18
    assert parse_date("20261206   Z090507") == WHEN
    aware = dt.datetime(2026, 12, 6, 0, 5, 7, tzinfo=dt.timezone.utc)
    assert sip_date(aware) == sip_date(aware.astimezone().replace(tzinfo=None))


def test_field_values_never_break_the_frame():
    raw = frame_of(m.block_patron(INST, "2000001", "lost|card\r\nnow" + "x" * 400, WHEN))
    assert raw.count(b"\r") == 1
    msg = decode_message(raw, encoding="utf-8").message
    assert msg.blocked_card_message.startswith("lost card  now") and len(msg.blocked_card_message) == 255


def _pysip2(response, sequence: int = 5) -> bytes:
    return encode_message(response, sequence_number=sequence, checksum=True, encoding="utf-8")


def test_answers_made_by_an_independent_encoder():
    now18 = "20261206    090507"
    ok = m.parse(decode(_pysip2(LoginResponse(ok="1"))))
    assert isinstance(ok, m.LoginAnswer) and ok.ok
    status = m.parse(decode(_pysip2(ACSStatusResponse(
        online_status="Y", checkin_ok="Y", checkout_ok="N", acs_renewal_policy="Y", status_update_ok="N",
        offline_ok="Y", timeout_period="030", retries_allowed="003", date_time_sync=now18,
        protocol_version="2.00", institution_id=INST, supported_messages="YYYYYYYYYYYYYYYY",
        screen_message=("保守中",)))))
    assert status.online and not status.checkout_ok and status.offline_ok and status.timeout_tenths == 30
    assert status.retries == 3 and status.sync == WHEN and status.screen == ("保守中",)
    patron = m.parse(decode(_pysip2(PatronStatusResponse(
        patron_status="Y   Y         ", language="014", transaction_date=now18, institution_id=INST,
        patron_identifier="2000001", personal_name="図書 花子", valid_patron="Y", screen_message=("a", "b"),
        print_line=("p",)))))
    assert patron.denied == ["charge privileges denied", "card reported lost"] and not patron.may_borrow
    assert patron.screen == ("a", "b") and patron.print_lines == ("p",) and patron.when == WHEN
    info = m.parse(decode(_pysip2(PatronInformationResponse(
        patron_status=" " * 14, language="001", transaction_date=now18, hold_items_count="0000",
        overdue_items_count="0001", charged_items_count="0002", fine_items_count="0000",
        recall_items_count="0000", unavailable_holds_count="0000", institution_id=INST,
        patron_identifier="2000001", personal_name="x", charged_items=("1000001", "1000002"),
        overdue_items=("1000002",)))))
    assert info.counts["charged"] == 2 and info.items("AU") == ("1000001", "1000002")
    assert info.items("AT") == ("1000002",)
    out = m.parse(decode(_pysip2(CheckoutResponse(
        ok="1", renewal_ok="N", magnetic_media="U", desensitize="Y", transaction_date=now18,
        institution_id=INST, patron_identifier="2000001", item_identifier="1000001", title_identifier="本",
        due_date="20261220    235959"))))
    assert out.ok and out.item == "1000001" and out.title == "本" and out.due == "20261220    235959"
    renewed = m.parse(decode(_pysip2(RenewResponse(
        ok="0", renewal_ok="N", magnetic_media="N", desensitize="N", transaction_date=now18,
        institution_id=INST, patron_identifier="2000001", item_identifier="1000001", title_identifier="",
        due_date=""))))
    assert renewed.command == "30" and not renewed.ok
    back = m.parse(decode(_pysip2(CheckinResponse(
        ok="1", resensitize="Y", magnetic_media="N", alert="Y", transaction_date=now18, institution_id=INST,
        item_identifier="1000001", permanent_location="KZ1", sort_bin="A"))))
    assert back.ok and back.alert and back.one("CL") == "A"
