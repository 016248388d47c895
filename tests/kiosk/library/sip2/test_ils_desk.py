"""The library desk in ILS mode against the test ILS (pysip2's server in its own process): tap → patron,
scan → out, scan → in, renew, a blocked patron, a block sent to the ILS, the ILS's words in the
patron's language; the ILS down then back — check-outs and check-ins go on under the ACS's off-line
rules, wait in the outbox and are replayed in order, refusals listed for staff, nothing of a
confirmed return kept; and nothing but barcodes ever leaves for the ILS."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.library import state as st
from kiosk.library.errors import LibraryError, UnknownCardError
from kiosk.library.ils import IlsNeedsConnection, IlsOfflineNotAllowed, IlsRefused


def test_tap_then_patron_in_the_patrons_language(make_ils_desk):
    desk = make_ils_desk()
    desk.link("2000001", "mynumber", "token-abc", "pseudonym")
    assert desk.identify("mynumber", "token-abc") == "2000001"
    with pytest.raises(UnknownCardError):
        desk.identify("mynumber", "someone-else")
    shown = desk.patron("2000001")
    assert shown["name"] == "図書 花子" and shown["may_borrow"] and shown["screen"] == ["ようこそ。"]
    desk.language = "en"
    assert desk.patron("2000001")["screen"] == ["Welcome."]
    linked = [e for e in desk.store.pending() if e.kind == st.LINKED]
    assert linked and linked[0].payload["patron_number"] == "2000001"


def test_an_unknown_barcode_is_not_linked(make_ils_desk):
    desk = make_ils_desk()
    with pytest.raises(LibraryError) as err:
        desk.link("2009999", "mynumber", "t", "pseudonym")
    assert err.value.code == "ils_unknown_patron"


def test_out_renew_in_and_a_refusal_with_the_ils_words(make_ils_desk, ils):
    desk = make_ils_desk()
    desk.patron("2000001")      # the patron shown first, in Japanese: the ILS answers in it from then on
    out = desk.checkout("2000001", "1000001")
    assert out["ok"] and not out["offline"] and out["title"] == "テスト資料 1 巻"
    assert dt.date.fromisoformat(out["due_date"]) == dt.date.today() + dt.timedelta(days=14)
    assert out["screen"][0].startswith("貸出しました")
    assert desk.patron("2000001")["loans"] == ["1000001"]
    renewed = desk.renew("2000001", "1000001")
    assert renewed["due_date"] > out["due_date"]
    back = desk.checkin("1000001")
    assert back["ok"] and back["screen"] == ["返却しました。"]
    assert desk.patron("2000001")["loans"] == []
    with pytest.raises(IlsRefused) as err:
        desk.checkout("2000001", "1000009")
    refusal = err.value
    assert refusal.details()["screen"] == ["この資料は他の方の予約があります。"]
    assert refusal.message_ja == "貸出できませんでした。" and "did not check" in refusal.message_en
    assert ils.recorded()["loans"] == {}


def test_a_blocked_patron_and_a_block(make_ils_desk, ils):
    desk = make_ils_desk()
    blocked = desk.patron("2000002")
    assert blocked["may_borrow"] is False and "charge privileges denied" in blocked["denied"]
    with pytest.raises(IlsRefused) as err:
        desk.checkout("2000002", "1000002")
    assert err.value.details()["screen"][0].startswith("貸出が停止")
    assert desk.patron("2000003")["may_borrow"]
    result = desk.block("2000003", "card retained at kazasu")
    assert "charge privileges denied" in result["denied"]
    assert desk.patron("2000003")["may_borrow"] is False
    assert ils.recorded()["log"][-1] == ["01", "2000003", "card retained at kazasu", "N"]


def test_the_ils_down_then_back_with_replay(make_ils_desk, ils):
    desk = make_ils_desk()
    desk.checkout("2000001", "1000006")                     # on loan before the ILS goes down
    ils.kill()
    today = dt.date.today()
    out = desk.checkout("2000001", "1000005")
    assert out["offline"] and out["queued"] and out["due_date"] == desk.config.due_date(today).isoformat()
    assert desk.checkin("1000006")["offline"]
    desk.checkout("2000001", "1000007")
    desk.checkin("1000007")
    desk.checkout("2000001", "1000009")                     # on hold: the ILS will refuse it
    assert desk.patron("2000001")["offline"] and desk.patron("2000001")["queued"] == ["1000005", "1000007", "1000009"]
    with pytest.raises(IlsNeedsConnection):
        desk.renew("2000001", "1000006")
    assert [p["kind"] for p in desk.pending()] == ["checkout", "checkin", "checkout", "checkin", "checkout"]
    assert desk.replay()["online"] is False

    ils.start()
    result = desk.replay()
    assert result == {"online": True, "sent": 5, "pending": 0, "refused": 1, "newly_refused": 1}
    held = ils.recorded()
    assert held["loans"] == {"1000005": {"patron": "2000001", "due": desk.config.due_date(today).isoformat()}}
    replayed = [entry for entry in held["log"] if entry[3] == "Y"]      # no-block: the replay
    assert [(c, item) for c, _, item, _ in replayed] == [("11", "1000005"), ("09", "1000006"), ("11", "1000007"),
                                                         ("09", "1000007"), ("11", "1000009")]
    refused = desk.refused()
    assert [(r["kind"], r["item"], r["patron"]) for r in refused] == [("checkout", "1000009", "2000001")]
    assert refused[0]["screen"] == ["This item is on hold for another patron."]
    # staff settle it; nothing of the confirmed transactions is left in the outbox
    desk.resolve(refused[0]["seq"])
    assert desk.refused() == [] and desk.pending() == []
    rows = desk.store.db.execute("SELECT COUNT(*) FROM library_ils_queue").fetchone()[0]
    assert rows == 0
    # the ILS mode writes no circulation events of its own: no reading record on the terminal
    assert {e.kind for e in desk.store.pending()} <= {st.LINKED}


def test_a_new_action_replays_the_outbox_first(make_ils_desk, ils):
    desk = make_ils_desk()
    desk.patron("2000001")
    ils.kill()
    desk.checkout("2000001", "1000010")
    ils.start()
    desk._down_since = None          # as after RETRY_SECONDS
    assert not desk.checkin("1000010")["offline"]
    log = [(c, item) for c, _, item, _ in ils.recorded()["log"]]
    assert log == [("11", "1000010"), ("09", "1000010")]


def test_no_offline_loans_without_the_acs_rules(make_ils_desk, ils):
    ils.kill()
    desk = make_ils_desk()
    with pytest.raises(IlsOfflineNotAllowed) as err:
        desk.checkout("2000001", "1000001")
    assert "オフライン" in err.value.message_ja and "off-line" in err.value.message_en
    assert desk.pending() == []


def test_bad_barcodes_are_clear_errors(make_ils_desk):
    desk = make_ils_desk()
    for bad in ("", "a|b", "x" * 65, "本"):
        with pytest.raises(LibraryError) as err:
            desk.checkout("2000001", bad)
        assert err.value.code == "invalid_barcode"


def test_only_barcodes_reach_the_ils(make_ils_desk, tmp_path):
    """The frames the desk sends carry the patron barcode and items, never a name."""
    desk = make_ils_desk()
    sent: list[bytes] = []
    real = desk.client._send
    desk.client._send = lambda frame: (sent.append(frame), real(frame))[1]
    desk.link("2000001", "mynumber", "tok", "pseudonym")
    desk.patron("2000001")
    desk.checkout("2000001", "1000002")
    desk.checkin("1000002")
    text = b"".join(sent).decode("utf-8")
    assert "図書" not in text and "花子" not in text and "tok" not in text


def test_the_ils_errors_have_keyed_words_equal_to_their_own():
    """The desk's keyed words for the ILS mode's errors say what the errors say (no drift); a refused
    login's keyed words leave out the staff's hint."""
    from kiosk.library import ils
    from kiosk.library.sip2 import errors
    from kiosk.library.texts import ILS_ERRORS, error_text
    from kiosk.messages import CATALOG

    classes = {cls.code: cls for module in (errors, ils) for cls in vars(module).values()
               if isinstance(cls, type) and issubclass(cls, LibraryError)}
    for code in ILS_ERRORS:
        if code in ("ils_login_refused", "invalid_barcode"):
            continue
        assert CATALOG[f"library.error.{code}"] == (classes[code].message_ja, classes[code].message_en)
        assert error_text(classes[code]()).key == f"library.error.{code}"
    with pytest.raises(LibraryError) as err:
        ils._barcode("", "item")
    assert CATALOG["library.error.invalid_barcode"] == (err.value.message_ja, err.value.message_en)
    refused = ils.IlsRefused(action="renew", screen=["x"])
    assert error_text(refused).key == "library.error.ils_refused_renew"
    assert CATALOG["library.error.ils_refused_renew"] == ils.OWN_WORDS["renew"]


def test_a_confirmed_return_leaves_nothing_in_the_files(make_ils_desk, ils):
    """An off-line return waits encrypted in the outbox; once the ILS confirmed it, its row's bytes are
    in neither the database file nor its WAL (secure_delete, the WAL emptied)."""
    desk = make_ils_desk()
    desk.patron("2000001")
    desk.checkout("2000001", "1000011")
    ils.kill()
    desk.checkin("1000011")
    (blob,) = desk.store.db.execute("SELECT blob FROM library_ils_queue").fetchone()
    assert len(blob) > 40
    ils.start()
    assert desk.replay()["sent"] == 1
    path = desk.store.path
    files = [path, path.with_name(path.name + "-wal")]
    held = b"".join(f.read_bytes() for f in files if f.exists())
    assert bytes(blob) not in held and bytes(blob)[-32:] not in held
    assert ils.recorded()["loans"] == {}


@pytest.mark.parametrize(("ils", "field"), [
    ({"host": "ils", "port": 70000}, "ils.port"),
    ({"port": 6001}, "ils.host"),
    ({"host": "ils", "timeout_seconds": 0}, "ils.timeout_seconds"),
    ({"host": "ils", "encoding": "ebcdic"}, "ils.encoding"),
    ({"host": "ils", "pasword": "typo"}, "ils.pasword"),
])
def test_a_wrong_ils_setting_is_named(ils, field):
    import json

    from kiosk.library.config import DEFAULT_PATH, LibraryConfig
    from kiosk.library.errors import ConfigError

    data = json.loads(DEFAULT_PATH.read_text(encoding="utf-8"))
    data["ils"] = ils
    with pytest.raises(ConfigError) as err:
        LibraryConfig(data, "library.json")
    assert err.value.details()["field"] == field
    assert "library.json" in err.value.message_ja and "library.json" in err.value.message_en
