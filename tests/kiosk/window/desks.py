"""Each desk's main path through the real window, as the people at it go through it, written once for
the path tests (a screenshot at every screen) and the soak (language switches at random on every
screen): `at(screen)` is called on each screen once it shows.

Controls are found by the English half of their accessible name ("日本語 / English"): it stays the same
when the resident switches between 日本語 and やさしい日本語, and matches in the English order too.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from tests.kiosk.window.kiosk_window import TEXT_ROLES, KioskWindow

DEMO_STAFF = ("demo", "0000")      # kazasu demo's administrator (kiosk.cli.app_commands.DEMO_STAFF)
DEMO_PIN = "1234"                  # the demo card's PIN (kiosk/data/demo_person.json)
DEMO_NAME = "山田　太郎"             # the demo card's person (kiosk/data/demo_person.json)
CHECKOUT_MODE = "Now: checkout (press for check-in)"   # the library's mode button, in each mode
CHECKIN_MODE = "Now: check-in (press for checkout)"
LANGUAGES = ("English", "日本語", "やさしい にほんご")   # the chooser's buttons, each in its own words
LANGUAGE_BUTTON = re.compile(r"^ことば / Language")

At = Callable[[str], None]


def nothing(_screen: str) -> None:
    return None


def sign_in(k: KioskWindow, at: At = nothing) -> None:
    k.wait_for("Sign in")
    at("sign-in")
    k.type_into("Staff ID", DEMO_STAFF[0])
    k.type_into("PIN", DEMO_STAFF[1])
    k.press("Sign in")
    k.wait_for("Counter (certificates, filings)")
    at("start")


def switch_language(k: KioskWindow, language: str) -> None:
    """「ことば / Language」, then the language: the chooser closes and the switch names it."""
    k.press(LANGUAGE_BUTTON, "push button")
    k.wait_for(language, "check box")
    k.press(language, "check box")
    k.wait_until(lambda controls: any(c.role == "push button" and c.name.endswith(f": {language}")
                                      for c in controls)
                 and k.find("English", "check box", controls) is None, f"the desk in {language}")


def enter_pin(k: KioskWindow, pin: str) -> None:
    k.wait_for("5", "push button")
    for digit in pin:
        k.press(digit, "push button")
    k.press("OK", "push button")


def shown_anywhere(k: KioskWindow, words: str) -> bool:
    """`words` in any name or text a screen reader can reach in the window now."""
    return any(words in c.name or words in (c.text or "") for c in k.shown())


# -- the counter ------------------------------------------------------------------------------------
def counter_visit(k: KioskWindow, at: At = nothing, *, kana: str = "やまだ たろう") -> None:
    """Procedures → tap the demo card → PIN → preview (ふりがな, the kind of certificate, the
    purpose) → check → submit → done → 次の方へ, back at the procedures."""
    k.press("Counter (certificates, filings)")
    k.wait_for("Next (read the card)")
    at("procedures")
    k.press("Next (read the card)")
    k.wait_for("Tap the demo card")
    at("tap")
    k.press("Tap the demo card")
    k.wait_for("OK", "push button", enabled=False)
    at("pin")
    enter_pin(k, DEMO_PIN)
    k.wait_for("Go to check", enabled=False)
    at("preview")
    k.type_into("Name reading (kana)", kana)
    at("preview-kana")
    k.press("Copy of the residence record, whole household")
    k.press("Employment")
    k.wait_for("Go to check")
    at("preview-filled")
    k.press("Go to check")
    k.wait_for("Submit")
    at("confirm")
    k.press("Submit")
    k.wait_for("Next person")
    at("done")
    k.press("Next person")
    k.wait_for("Next (read the card)")
    at("next-person")


def counter_by_hand(k: KioskWindow, at: At = nothing, *, name: str, address: str, born: str,
                    kana: str) -> None:
    """No card: staff type the person from an identity document (和暦 birth date), say which document
    and that they saw it; 確認へ進む too early names what is missing; the check shows the document;
    done says nothing about a card."""
    k.press("Counter (certificates, filings)")
    k.wait_for("Next (read the card)")
    k.press("Next (read the card)")
    k.wait_for("No card (staff will type it in)")
    k.press("No card (staff will type it in)")
    k.wait_for("Date of birth", TEXT_ROLES)
    k.type_into("Name", name)
    k.type_into("Address", address)
    k.type_into("Date of birth", born)
    k.press("Female")
    k.press("Next", "push button")   # too early: the document is named, its buttons get the focus
    k.wait_until(lambda cs: any("Still to fill in: Identity document" in (c.name + (c.text or "")) for c in cs),
                 "the missing identity document named")
    at("manual-missing")
    k.press("Driver's licence")
    k.press("I have seen the document (staff)")
    at("manual")
    k.press("Next", "push button")
    k.wait_for("Go to check", enabled=False)
    at("preview-by-hand")
    k.press("Go to check")   # too early: the missing items named
    k.wait_until(lambda cs: any("Still to choose:" in (c.name + (c.text or "")) for c in cs),
                 "the missing items named")
    at("preview-missing")
    k.press("The person themselves")
    k.type_into("Name reading (kana)", kana)
    k.press("Copy of the residence record, whole household")
    k.press("Employment")
    k.press("Go to check")
    k.wait_for("Submit")
    at("confirm-by-hand")
    k.press("Submit")
    k.wait_for("Next person")
    at("done-by-hand")
    k.press("Next person")
    k.wait_for("Next (read the card)")


def leave_counter(k: KioskWindow) -> None:
    k.press("Start over")
    k.wait_for("Counter (certificates, filings)")


# -- the shelter ------------------------------------------------------------------------------------
def shelter_by_hand(k: KioskWindow, at: At = nothing, *, name: str, kana: str, born: str) -> None:
    """A check-in typed by the volunteer: the person is then in the list of who is here."""
    k.press("Shelter reception")
    k.wait_for("Check in", "push button")
    at("shelter")
    k.type_into("Name (required)", name)
    k.type_into("Kana", kana)
    k.type_into("Born or age", born)
    k.press("female")
    at("shelter-typed")
    k.press("Check in", "push button")
    find_in_list(k, name)
    at("shelter-checked-in")


def shelter_by_card(k: KioskWindow, at: At = nothing, *, name: str, pin: str) -> None:
    """The card on the reader (the test put it there), カードで受付, the PIN: checked in."""
    k.wait_until(lambda cs: any("card on the reader" in c.name for c in cs), "the card on the reader")
    k.press("Check in by card")
    k.wait_for("OK", "push button", enabled=False)
    at("shelter-card-pin")
    enter_pin(k, pin)
    find_in_list(k, name)
    at("shelter-card-checked-in")


def find_in_list(k: KioskWindow, name: str) -> None:
    """The volunteer looks the person up in 「いま避難所にいる人」 by name (the list shows only the
    people it has room for; the search narrows it)."""
    k.type_into("Search by name or kana", name)
    k.wait_until(lambda cs: any(c.role == "list item" and name in c.name for c in cs), f"{name} in the list")


def shelter_demo_card(k: KioskWindow, at: At = nothing, *, name: str = DEMO_NAME) -> None:
    """`kazasu demo`'s card at the shelter: 「デモカードで受付」, the PIN, checked in; pressed again with
    the card still on the reader, nothing is recorded: their page says they are here already, and a
    check-out from it asks first (here: 「やめる」)."""
    k.press("Demo card check-in")
    k.wait_for("OK", "push button", enabled=False)
    at("shelter-demo-pin")
    enter_pin(k, DEMO_PIN)
    find_in_list(k, name)
    at("shelter-demo-checked-in")
    k.press("Demo card check-in")
    k.wait_until(lambda cs: shown_in(cs, "Already checked in"), "already checked in")
    k.wait_for("Check out: home")
    at("shelter-demo-already-here")
    k.press("Check out: home")
    k.wait_for("Yes, check out")
    at("shelter-checkout-asks")
    k.press("Cancel (record nothing)")
    k.wait_gone("Yes, check out")


def shown_in(controls, words: str) -> bool:
    return any(words in c.name or words in (c.text or "") for c in controls)


def leave_shelter(k: KioskWindow) -> None:
    k.press("Back", "push button")
    k.wait_for("Shelter reception", "push button")


# -- the library ------------------------------------------------------------------------------------
def scan(k: KioskWindow, barcode: str) -> None:
    """A barcode scanner: a keyboard that types fast and ends with Enter."""
    k.x.type_text(barcode, delay_ms=5)
    k.key("Return")


def library_register(k: KioskWindow, at: At = nothing, *, name: str, pin: str) -> None:
    """利用登録 from the My Number card on the reader (the test put it there), with its PIN."""
    k.press("Library")
    k.wait_for("Tap card")
    at("library")
    k.press("Register")
    k.wait_for("Read with the PIN")
    at("library-register")
    k.wait_until(lambda cs: any("card on the reader" in c.name for c in cs), "the card on the reader")
    k.press("Read with the PIN")
    k.wait_for("OK", "push button", enabled=False)
    at("library-register-pin")
    enter_pin(k, pin)
    k.wait_for("Go to checkout")
    at("library-registered")
    k.press("Go to checkout")
    family = name.split("\u3000")[0]
    k.wait_until(lambda cs: any(c.role == "label" and family in c.name for c in cs), f"{family} at the desk")
    at("library-patron")


def library_loan_and_return(k: KioskWindow, at: At = nothing, *, barcode: str) -> None:
    """An item scanned out to the patron shown, then the mode button (「いまは貸出（押すと返却に）」)
    and the same item scanned back in."""
    scan(k, barcode)
    k.wait_until(lambda cs: any(c.role == "list item" and barcode in c.name for c in cs),
                 f"{barcode} on loan")
    at("library-loaned")
    k.press(CHECKOUT_MODE)
    k.wait_for(CHECKIN_MODE)
    scan(k, barcode)
    k.wait_until(lambda cs: any(f"Checked in: {barcode}" in c.name for c in cs), f"{barcode} returned")
    k.wait_until(lambda cs: not any(c.role == "list item" and barcode in c.name for c in cs),
                 f"{barcode} off the loans")
    at("library-returned")


def library_demo_card(k: KioskWindow, at: At = nothing) -> None:
    """`kazasu demo`'s card at the library: a tap of a card not yet registered says what to do
    (利用登録); 利用登録 with the PIN shows the patron's name, the card's preview and 印刷."""
    k.press("Library")
    k.wait_for("Tap card")
    at("library")
    k.press("Tap the demo card")
    k.wait_until(lambda cs: shown_in(cs, "Register it with Register"), "how to register the card")
    at("library-demo-not-registered")
    k.press("Register", "push button")
    k.press("Read with the PIN")
    k.wait_for("OK", "push button", enabled=False)
    enter_pin(k, DEMO_PIN)
    k.wait_for("Go to checkout")
    family = DEMO_NAME.split("\u3000")[0]
    k.wait_until(lambda cs: shown_in(cs, f"Name: {family}"), "the patron's name")
    k.wait_for("Preview of the library card")
    k.wait_for("Print the card")
    at("library-demo-registered")
    k.press("Go to checkout")
    k.wait_until(lambda cs: any(c.role == "label" and family in c.name for c in cs), f"{family} at the desk")


def library_by_hand(k: KioskWindow, at: At = nothing, *, item: str, mistyped: str = "2010000019") -> None:
    """A damaged label: 「番号を手で入力」, a mistyped library card number (its check digit refused,
    with what to do), then an item's digits; then the same kind of item typed slowly on the
    scanner's keyboard (every key kept)."""
    k.press("Type a number")
    k.type_into("The digits under the barcode (item or library card)", mistyped)
    k.key("Return")
    k.wait_until(lambda cs: shown_in(cs, "check digit"), "the check digit refused")
    at("library-manual-refused")
    k.press("Close")
    k.press("Type a number")
    k.type_into("The digits under the barcode (item or library card)", item)
    k.press("Use this number")
    k.wait_until(lambda cs: any(c.role == "list item" and item in c.name for c in cs), f"{item} on loan")
    at("library-manual-loaned")
    k.press("Close")


def slow_scan(k: KioskWindow, barcode: str, delay_ms: int = 400) -> None:
    """A person typing a label's digits on the scanner's keyboard: a key every `delay_ms`, then Enter."""
    k.x.type_text(barcode, delay_ms=delay_ms)
    k.key("Return")


def leave_library(k: KioskWindow) -> None:
    k.press("Next patron")
    k.press("Exit")
    k.wait_for("Library", "push button")
