"""Pre-registration codes (sync.prereg): the record, the seal to the site's key, the QR digits.

A family of five with rare kanji round-trips exactly; a tampered, truncated, foreign, too old or
incomplete code is a typed error with Japanese and English words (the desk then checks no one in:
tests/kiosk/shelter/test_prereg_checkin.py).
"""

from __future__ import annotations

import os
import time

import pytest

from sync.prereg import errors as e
from sync.prereg import record, seal, text
from sync.prereg.codes import SiteKeys, make_codes, read_codes
from tests.sync.prereg_data import COUNTER_VISIT, family

SITE = "site-k"


@pytest.fixture
def keys() -> SiteKeys:
    return SiteKeys.from_service_key(SITE, os.urandom(32))


def opened(texts, keys, **kw) -> dict:
    out = read_codes(texts, keys, **kw)
    assert out.pop("site") == SITE and abs(out.pop("created") - time.time()) < 60
    return out


def test_a_family_of_five_with_rare_kanji_round_trips_in_one_code(keys):
    texts = make_codes(family(), keys.public, SITE)
    assert len(texts) == 1 and texts[0].startswith("KZ") and texts[0][2:].isdigit()
    out = opened(texts, keys)
    assert out == family()
    names = [p["name"] for p in out["people"]]
    assert "\U00020BB7" in names[0] and "葛\U000E0100" in names[3] and "辻\U000E0100" in names[4]
    assert len(texts[0]) < 1000  # about 330 bytes sealed: a version-15 QR code at level M


def test_a_counter_visit_round_trips(keys):
    assert opened(make_codes(COUNTER_VISIT, keys.public, SITE), keys) == COUNTER_VISIT


def test_the_record_is_compact_and_exact():
    packed = record.pack(family())
    assert record.unpack(packed) == family()
    assert len(packed) < 400
    with pytest.raises(e.RecordInvalidError):
        record.unpack(packed + b"\x00")
    with pytest.raises(e.RecordInvalidError):
        record.unpack(packed[:-3])


def test_a_photo_of_the_code_reveals_nothing(keys):
    blob = seal.seal(family(), keys.public, SITE)
    for secret in ("𠮷田", "よしだ", "西新宿", "卵"):
        assert secret.encode() not in blob
    assert b"1950" not in blob
    assert b"site-k" in blob  # the site is in clear (it is not personal): a foreign code is named


def test_a_code_past_the_qr_limit_is_split_into_numbered_parts(keys):
    big = family()
    big["people"] = big["people"] * 6  # 30 people, and long texts that do not compress
    for i, person in enumerate(big["people"]):
        person["needs"] = {"other": os.urandom(60).hex()}
        person["name"] = f"{person['name']}{i}"
    texts = make_codes(big, keys.public, SITE)
    assert len(texts) > 1
    assert all(len(t) <= 2 + text.digit_count(text.MAX_PART_BYTES + text.FRAME_HEAD) for t in texts)
    assert opened(list(reversed(texts)), keys)["people"] == big["people"]  # any order
    with pytest.raises(e.IncompleteError) as missing:
        read_codes(texts[:-1], keys)
    assert missing.value.details()["missing"] == [len(texts)]
    assert "枚目" in missing.value.message_ja


def test_a_tampered_code_is_refused(keys):
    code = make_codes(family(), keys.public, SITE)[0]
    checked = 0
    for pos in range(40, len(code), 37):  # a changed digit anywhere past the frame header
        digit = str((int(code[pos]) + 1) % 10)
        with pytest.raises((e.TamperedError, e.TruncatedError)) as refused:
            read_codes([code[:pos] + digit + code[pos + 1:]], keys)
        checked += refused.type is e.TamperedError
    assert checked > 10
    blob = seal.seal(family(), keys.public, SITE)
    for pos in (2, 5, 7, len(blob) - 1, len(blob) // 2):  # created, key id, tag, ciphertext
        bad = bytearray(blob)
        bad[pos] ^= 0x01
        with pytest.raises((e.TamperedError, e.UnknownKeyError)):
            seal.open_sealed(bytes(bad), keys.private, SITE)
    with pytest.raises(e.TamperedError):
        read_codes([code[:-1] + "x"], keys)


def test_a_truncated_code_is_refused_as_truncated(keys):
    code = make_codes(family(), keys.public, SITE)[0]
    for cut in (3, 10, 19, 100, len(code) // 2, len(code) - 1):
        with pytest.raises(e.TruncatedError) as refused:
            read_codes([code[:cut]], keys)
        assert "一部" in refused.value.message_ja and "part" in refused.value.message_en


def test_a_code_of_another_site_or_key_is_refused(keys):
    other = SiteKeys.from_service_key("site-b", os.urandom(32))
    with pytest.raises(e.ForeignSiteError) as foreign:
        read_codes(make_codes(family(), other.public, "site-b"), keys)
    assert foreign.value.details() == {"site": "site-b"} and "site-b" in foreign.value.message_ja
    rotated = SiteKeys.from_service_key(SITE, os.urandom(32))
    with pytest.raises(e.UnknownKeyError):
        read_codes(make_codes(family(), rotated.public, SITE), keys)


def test_a_code_too_old_or_from_the_future_is_refused(keys):
    now = time.time()
    old = make_codes(family(), keys.public, SITE, created=int(now - 31 * 86400))
    with pytest.raises(e.TooOldError) as refused:
        read_codes(old, keys, now=now)
    assert refused.value.details() == {"age_days": 31, "max_days": 30}
    assert "31日前" in refused.value.message_ja and "31 days" in refused.value.message_en
    assert read_codes(old, keys, now=now, max_age_days=40)["people"] == family()["people"]
    with pytest.raises(e.FromFutureError):
        read_codes(make_codes(family(), keys.public, SITE, created=int(now + 3 * 86400)), keys, now=now)


def test_not_a_code(keys):
    for junk in ("", "1234567890", "ISBN9784000000000", "KZ", "KZ" + "9" * 17):
        with pytest.raises(e.PreregError) as refused:
            read_codes([junk], keys)
        assert refused.value.message_ja and refused.value.message_en


def test_every_error_has_japanese_and_english_words_and_names_no_one(keys):
    for error in (e.NotACodeError(), e.TruncatedError(), e.TamperedError(), e.ForeignSiteError("x"),
                  e.UnknownKeyError(), e.TooOldError(40, 30), e.FromFutureError(), e.IncompleteError([1], 2),
                  e.TooLargeError(), e.RecordInvalidError()):
        assert error.code.startswith("qr_") and error.message_ja and error.message_en
        assert "𠮷" not in error.message_ja


def test_the_site_key_is_the_same_from_the_same_service_key():
    raw = os.urandom(32)
    assert SiteKeys.from_service_key(SITE, raw).public == SiteKeys.from_service_key(SITE, raw).public
    assert len(SiteKeys.from_service_key(SITE, raw).public) == 33
