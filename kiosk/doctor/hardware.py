"""Checks of the card side and of the fonts: pcscd, the readers, a PIN-free card check, fonts.

The PC/SC listing and the font folders are parameters, so a test (or a support engineer) can point a
check at a broken set-up without stopping the shared pcscd or removing installed fonts.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from types import SimpleNamespace
from typing import Callable, Iterable

from devices.errors import (
    CardError,
    CardRemovedError,
    NoCardError,
    NoReaderError,
    PcscUnavailableError,
    ReaderBusyError,
    UnknownCardError,
)
from forms.errors import FormError
from kiosk.cards.session import card_session
from kiosk.doctor.report import FAIL, WARN, Check

RARE_KANJI = "\U00020BB7"  # 𠮷 (つちよし): outside BIZ UD, drawn by the IPAmj Mincho fallback
DOCTOR_SERVICE = "doctor"  # the pseudonym service name; its key is random and thrown away


def _pcsc_listing() -> list:
    # lazy: the check imports what it checks, so a missing or broken library fails this check alone
    from devices.pcsc import list_readers

    return list_readers()


def check_pcsc(list_readers: Callable[[], list] | None = None) -> tuple[list[Check], list]:
    """pcscd reachable and readers listed. Returns the checks and the readers (empty when none)."""
    try:
        readers = list(list_readers() if list_readers is not None else _pcsc_listing())
    except PcscUnavailableError:
        return [Check.problem(
            "pcscd", FAIL,
            "pcscd（カードリーダーのサービス）に接続できません。`sudo systemctl start pcscd.socket` "
            "で起動してください（systemd がない場合は `pcscd --foreground &`）。",
            "pcscd is not running or not reachable: start it with `sudo systemctl start pcscd.socket` "
            "(without systemd: `pcscd --foreground &`).")], []
    except NoReaderError:
        readers = []
    except CardError as exc:
        return [Check.problem("pcscd", FAIL, exc.message_ja, exc.message_en)], []
    checks = [Check.ok("pcscd", "reachable")]
    if not readers:
        checks.append(Check.problem(
            "readers", FAIL,
            "カードリーダーが見つかりません。USB ケーブルを挿し直し、`pcsc_scan` で表示されるか確認して"
            "ください（RC-S380 は udev ルール 90-kazasu-rcs380.rules と pcscd 用ドライバが必要です）。",
            "No card reader is connected: re-plug the USB cable and check that `pcsc_scan` lists it "
            "(an RC-S380 needs the udev rule 90-kazasu-rcs380.rules and a pcscd driver).",
            readers=0))
        return checks, readers
    present = sum(1 for r in readers if r.card_present)
    checks.append(Check.ok("readers", f"{len(readers)} reader(s), {present} with a card",
                           readers=len(readers), cards_present=present))
    return checks, readers


def check_card(readers: list, open_transport: Callable[[str], object] | None = None) -> Check:
    """A PIN-free check of the first card on a reader: its application answers; only its kind is shown.

    The My Number card's pseudonym is computed with a random, discarded key and never reported."""
    # lazy: the check imports what it checks, so a missing or broken library fails this check alone
    from devices.card_id import identify_card

    reader = next((r.name for r in readers if r.card_present), None)
    if reader is None:
        return Check.ok("card", "no card on any reader: card check skipped", card_present=False)
    if open_transport is None:
        # lazy: the check imports what it checks, so a missing or broken library fails this check alone
        from devices.pcsc import PcscTransport

        open_transport = PcscTransport.open
    try:
        with card_session(SimpleNamespace(open=lambda: open_transport(reader))) as transport:
            card = identify_card(transport, DOCTOR_SERVICE, lambda: secrets.token_bytes(32))
    except ReaderBusyError:
        return Check.problem(
            "card", WARN, "カードは別のプログラム（動作中のキオスクなど）が使用中のため確認できません。",
            "The card is in use by another program (e.g. the running kiosk): card check skipped.",
            card_present=True)
    except (CardRemovedError, NoCardError, UnknownCardError) as exc:
        return Check.problem("card", WARN, exc.message_ja, exc.message_en, card_present=True,
                             error=exc.code)
    except CardError as exc:
        return Check.problem(
            "card", FAIL,
            f"カードを読めません: {exc.message_ja} 別のカードでも失敗する場合はリーダーを"
            "交換してください。",
            f"The card could not be read: {exc.message_en} "
            "If other cards fail too, replace the reader.", card_present=True,
            error=exc.code)
    return Check.ok("card", f"{card.kind} card answers (PIN-free check)", card_present=True,
                    card_kind=card.kind)


def check_fonts(dirs: Iterable[Path | str] | None = None, glyph: str = RARE_KANJI) -> list[Check]:
    """BIZ UD Gothic (and the other needed fonts) load, and some font of the chain draws `glyph`."""
    # lazy: the check imports what it checks, so a missing or broken library fails this check alone
    from forms.fonts import FontSet, load_fonts

    try:
        fonts = load_fonts() if dirs is None else FontSet([Path(d) for d in dirs])
    except FormError as exc:
        return [Check.problem(
            "fonts", FAIL, exc.message_ja,
            exc.message_en + " Then run `fc-cache -f` and `kazasu doctor` again.")]
    checks = [Check.ok("fonts", ", ".join(sorted({Path(f.face.filename).name for f in fonts.fonts.values()})))]
    if any(fonts.has_glyph(font, glyph) for font in fonts.chain("gothic")):
        checks.append(Check.ok("rare-kanji", f"U+{ord(glyph):04X} available via the fallback chain"))
    else:
        checks.append(Check.problem(
            "rare-kanji", FAIL,
            f"外字 {glyph}（U+{ord(glyph):04X}）を表示できるフォントがありません。fonts-ipamj-mincho を"
            "入れてください。",
            f"No font draws the rare kanji U+{ord(glyph):04X}: install fonts-ipamj-mincho "
            "(IPAmj Mincho) or point KAZASU_FONT_DIRS at it."))
    return checks
