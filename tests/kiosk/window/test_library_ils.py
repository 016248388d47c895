"""The library desk in ILS mode through the real window (Xvfb at 1366×768, `kazasu demo` with a
library.json whose `ils` part names the test ILS — pysip2's server in its own process — and the
emulated My Number card through the real pcscd + vpcd), driven by keys and clicks at the controls a
screen reader finds: a scanned library card shows the patron from the ILS, the card is linked, a tap
finds the patron, an item out, renewed, in; the ILS down → a checkout taken off-line with the banner
saying so; the ILS back → 今すぐ送信 replays it. A screenshot at every screen in
build/screenshots/window/<test>/; the patron's name never in the kiosk's log nor sent to the ILS."""

from __future__ import annotations

import json

from tests.kiosk.library.sip2.conftest import ils_config
from tests.kiosk.library.sip2.server import IlsServer
from tests.kiosk.window import desks
from tests.kiosk.window.conftest import SIZES

PATRON, NAME = "2000001", "図書 花子"


def label_with(k, words: str, what: str) -> None:
    k.wait_until(lambda cs: any(words in c.name for c in cs), what)


def test_ils_mode_in_the_real_window(x_server, kiosk_window, pcsc_card, people, tmp_path):
    ils_folder = tmp_path / "ils"
    ils_folder.mkdir()
    ils = IlsServer(ils_folder)
    try:
        data = tmp_path / "data"
        (data / "demo").mkdir(parents=True)                # `kazasu demo` keeps its data in <data-dir>/demo
        (data / "demo" / "library.json").write_text(json.dumps(ils_config(ils).data, ensure_ascii=False),
                                           encoding="utf-8")
        x = x_server(*SIZES["1366x768"])
        k = kiosk_window(x, ["demo", "--data-dir", str(data)])

        def at(screen: str) -> None:
            k.shot(screen)
            assert k.geometry() == x.screen, f"on {screen} the window is {k.geometry()} on {x.screen}"

        desks.sign_in(k, at)
        k.press("Library")
        k.wait_for("Tap card")
        label_with(k, "Library checkout (library system)", "the ILS mode's desk")
        at("ils-desk")
        desks.scan(k, PATRON)                              # the library card's barcode
        label_with(k, NAME, "the patron from the ILS")
        label_with(k, "ようこそ。", "the ILS's own words")
        pcsc_card(people[0], slot=0)                       # the My Number card on the demo's reader
        k.press("Link card")
        label_with(k, "a tap is enough", "the card linked")
        at("ils-linked")
        k.press("Next patron")
        k.wait_until(lambda cs: not any(NAME in c.name for c in cs), "the patron forgotten")
        k.press("Tap card")
        label_with(k, NAME, "the patron found by a tap")
        desks.scan(k, "1000001")
        k.wait_until(lambda cs: any(c.role == "list item" and c.name == "1000001" for c in cs), "1000001 on loan")
        label_with(k, "図書館システムより： 貸出しました", "the ILS's words beside the desk's")
        at("ils-loaned")
        k.press("1000001", "list item")
        k.press("Renew")
        label_with(k, "Renewed: 1000001", "renewed")
        k.press(desks.CHECKOUT_MODE)
        k.wait_for(desks.CHECKIN_MODE)
        desks.scan(k, "1000001")
        label_with(k, "Checked in: 1000001", "returned")
        k.wait_until(lambda cs: not any(c.role == "list item" and c.name == "1000001" for c in cs),
                     "1000001 off the loans")
        at("ils-returned")

        ils.kill()                                         # the ILS goes down
        k.press(desks.CHECKIN_MODE)
        k.wait_for(desks.CHECKOUT_MODE)
        desks.scan(k, "1000002")
        label_with(k, "Checkout taken off-line: 1000002", "the off-line checkout")
        label_with(k, "does not answer", "the off-line banner")
        at("ils-offline")
        ils.start()                                        # and comes back
        k.press("Outbox")
        k.wait_for("Send now")
        k.wait_until(lambda cs: any(c.role == "list item" and "1000002" in c.name for c in cs), "the outbox")
        at("ils-outbox")
        k.press("Send now")
        label_with(k, "Sent: 1", "the outbox replayed")
        k.wait_until(lambda cs: not any(c.role == "list item" and "1000002" in c.name for c in cs),
                     "the outbox empty")
        k.press("Back")
        k.press("Next patron")
        k.press("Exit")
        k.wait_for("Library", "push button")
        held = ils.recorded()
        assert held["loans"] == {"1000002": held["loans"]["1000002"]} and held["loans"]["1000002"]["patron"] == PATRON
        assert [entry[:3] for entry in held["log"]][-1] == ["11", PATRON, "1000002"]
        assert NAME not in k.log() and "花子" not in k.log()
    finally:
        ils.kill()
