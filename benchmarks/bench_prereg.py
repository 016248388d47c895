"""Pre-registration codes at the shelter desk: what staff do and how long the desk takes, beside the
by-hand path measured the same way in the same run; and how big a family of five's code is.

In the real Qt shelter desk (offscreen) on a temporary data folder, for a fictitious family of five
with rare kanji (tests/sync/prereg_data.py):
  * the code path: コードで受付 (a tap), the scan as fast key events of a keyboard-wedge reader into the
    widget (`KZ`, digits, Enter), the household shown, the confirmation (a tap), five people checked
    in, the list redrawn — taps, typed items, and the desk's time from the first key of the scan to
    checked in (goal: 1 scan, 1 confirmation, 0 typed, ≤ 1 s);
  * the by-hand path for the same five: every field typed (one input-method commit each), every
    toggle tapped, 登録して入所 per person — counted and timed the same way (the desk's time only:
    a person's typing is not in it, so the by-hand figure is far below what staff spend).
  * the code's size: the record, compressed, sealed, as QR digits, and the QR version at level M;
    baseline: the same household as UTF-8 JSON (what a plain, unencrypted code would carry).
Usage: .venv/bin/python benchmarks/bench_prereg.py [--runs N] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from kiosk.ui import theme  # noqa: E402
from sync.prereg import record, seal  # noqa: E402
from sync.prereg.codes import SiteKeys, make_codes  # noqa: E402
from sync.store import EventStore  # noqa: E402
from tests.sync.prereg_data import family  # noqa: E402

SITE = "bench-site"
# QR model 2 at level M: error-correction codewords per block and blocks, versions 1-40 (ISO/IEC 18004)
ECC_M = [0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28, 28, 28,
         28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28]
BLOCKS_M = [0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25, 26,
            28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49]


def qr_version(text: str) -> int:
    """The smallest QR version at level M holding `KZ` (alphanumeric) + the digits (numeric)."""
    digits = len(text) - 2
    for ver in range(1, 41):
        cls = 0 if ver <= 9 else 1 if ver <= 26 else 2
        bits = 4 + (9, 11, 13)[cls] + 11 + 4 + (10, 12, 14)[cls] + 10 * (digits // 3) + (0, 4, 7)[digits % 3]
        raw = (16 * ver + 128) * ver + 64
        if ver >= 2:
            n = ver // 7 + 2
            raw -= (25 * n - 10) * n - 55 + (36 if ver >= 7 else 0)
        if bits <= (raw // 8 - ECC_M[ver] * BLOCKS_M[ver]) * 8:
            return ver
    raise ValueError("too long for one QR code")


class Counter:
    def __init__(self) -> None:
        self.taps = self.typed = self.scans = 0


def tap(count: Counter, widget) -> None:
    count.taps += 1
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)


def type_in(count: Counter, field, text: str) -> None:
    count.typed += 1
    field.insert(text)  # an input method's commit: Japanese is not typed key by key


def by_hand(screen, household: dict, count: Counter) -> None:
    label = f"世帯-{time.perf_counter_ns() % 10**6}"
    for person in household["people"]:
        f = screen.form
        type_in(count, f.name, person["name"])
        type_in(count, f.kana, person["kana"])
        type_in(count, f.birth, person["birth_date"])
        type_in(count, f.address, household["address"])
        type_in(count, f.household, label)
        tap(count, f.sex_buttons[person["sex_code"]])
        for code, detail in person["needs"].items():
            if code == "other":
                continue  # the desk's form has no toggle for words of its own
            tap(count, f.need_buttons[code])
            if detail:
                type_in(count, f.details[code], detail)
        if person["do_not_disclose"]:
            tap(count, f.protect)
        tap(count, screen.checkin_button)


def scan_path(screen, text: str, count: Counter) -> float:
    tap(count, screen.qr_button)
    start = time.perf_counter()
    count.scans += 1
    target = QApplication.focusWidget() or screen.window()
    QTest.keyClicks(target, text)
    QTest.keyClick(target, Qt.Key.Key_Return)
    assert screen.page() == "household", screen.message.text()
    tap(count, screen.household_page.confirm_button)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    theme.apply(app)
    from kiosk.shelter.ui.desk import ShelterDesk

    out: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        store = EventStore(Path(tmp) / "kazasu.db")
        screen = ShelterDesk(store, SITE, "bench-term")
        screen.resize(1280, 760)
        screen.show()
        screen.desk.setup(name="架空市立第一小学校", municipality_code="999999", capacity=10_000)
        keys = SiteKeys.load(tmp, SITE)
        code_times, hand_times = [], []
        code_count, hand_count = Counter(), Counter()
        for run in range(args.runs):
            household = family()
            for p in household["people"]:
                p["name"] += str(run)  # a new family each run
            text = make_codes(household, keys.public, SITE)[0]
            before = screen.roster.status()["present"]
            code_times.append(scan_path(screen, text, code_count))
            assert screen.roster.status()["present"] == before + 5
            start = time.perf_counter()
            by_hand(screen, household, hand_count)
            hand_times.append(time.perf_counter() - start)
            assert screen.roster.status()["present"] == before + 10
        runs = args.runs
        out["code_path"] = {"scans": code_count.scans / runs, "taps": code_count.taps / runs,
                            "typed": code_count.typed / runs, "median_s": statistics.median(code_times),
                            "max_s": max(code_times)}
        out["by_hand"] = {"taps": hand_count.taps / runs, "typed": hand_count.typed / runs,
                          "median_s": statistics.median(hand_times), "max_s": max(hand_times)}
        screen.close()
        store.close()
        raw = record.pack(family())
        packer = zlib.compressobj(9, zlib.DEFLATED, -15)
        deflated = packer.compress(raw) + packer.flush()
        blob = seal.seal(family(), keys.public, SITE)
        text = make_codes(family(), keys.public, SITE)[0]
        plain_json = json.dumps(family(), ensure_ascii=False, separators=(",", ":")).encode()
        out["size"] = {"record": len(raw), "deflated": len(deflated), "sealed": len(blob),
                       "qr_characters": len(text), "qr_version_m": qr_version(text),
                       "baseline_json": len(plain_json), "baseline_json_deflated": len(zlib.compress(plain_json, 9))}
    if args.json:
        print(json.dumps(out, ensure_ascii=False))
        return
    c, h, s = out["code_path"], out["by_hand"], out["size"]
    print(f"family of five at the shelter desk ({runs} runs, Qt offscreen)")
    print(f"  code:    {c['scans']:.0f} scan, {c['taps']:.0f} taps, {c['typed']:.0f} typed;"
          f" scan → checked in median {c['median_s'] * 1e3:.0f} ms, max {c['max_s'] * 1e3:.0f} ms (goal ≤ 1 s)")
    print(f"  by hand: {h['taps']:.0f} taps, {h['typed']:.0f} typed;"
          f" the desk's own time median {h['median_s'] * 1e3:.0f} ms, max {h['max_s'] * 1e3:.0f} ms"
          " (+ the staff's typing)")
    print(f"code size: record {s['record']} B, deflated {s['deflated']} B, sealed {s['sealed']} B,"
          f" {s['qr_characters']} QR characters = version {s['qr_version_m']} at level M")
    print(f"  baseline: the same household as JSON {s['baseline_json']} B"
          f" (deflated {s['baseline_json_deflated']} B, unencrypted)")


if __name__ == "__main__":
    main()
