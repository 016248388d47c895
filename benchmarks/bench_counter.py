"""The counter desk per form: typed items, and the time from the tap to the pre-filled form.

For every installed form (forms.registry.list_forms()) with the emulated card of a fictitious
person, in process AND through pcscd + vpcd (slot 0, `Virtual PCD 00 00`; run it through
`bash scripts/with-pcscd.sh .venv/bin/python benchmarks/bench_counter.py`, never while the tests use
slot 0), each beside a baseline measured in the same run (the raw `read_basic_four`):
  * read: the card session the desk runs (open, PIN, the four facts, plus the My Number only when the
    form's legal basis allows it, close),
  * read + fill: the same plus filling the form (values for every field, what is still asked),
  * read + fill + screen: the same plus the preview filled and laid out (offscreen Qt), i.e. from
    the card read to the filled form on screen (goal: at most 50 ms p99). The preview builds a form's
    widgets once and fills them per visit; the first visit of a form, which builds them, is printed
    apart ("first").
Typed items: the required asked fields the desk cannot pre-fill (no card value, no default, not a
stepper at its start, not the card holder's 本人): what the resident still has to enter (goal for
住民票の写し等交付請求書: at most 3), beside the Digital Agency's analysis (15 to 23 items per form).
Usage: .venv/bin/python benchmarks/bench_counter.py [--iterations N] [--max-seconds S] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from devices.emulator import CardHolder, MyNumberCard, VpcdLink  # noqa: E402
from devices.emulator.vpcd import PCSCD_POLL_SETTLE_S  # noqa: E402
from devices.inprocess import InProcessTransport  # noqa: E402
from devices.pcsc import PcscTransport, wait_for_presence  # noqa: E402
from devices.reading import read_basic_four, read_card  # noqa: E402
from kiosk.counter import visit as workflow  # noqa: E402

READER = "Virtual PCD 00 00"
PORT = 35963
ANALYSIS = "15–23"
GOAL_TYPED, GOAL_MS = 3, 50.0


def measure(fn, iterations: int, max_seconds: float, setup=None, first: list | None = None) -> list[float]:
    """ms per call of fn; `setup` (untimed) runs before each call; the untimed warm-up call's ms goes
    to `first` when given."""
    if setup is not None:
        setup()
    start = time.perf_counter()
    fn()  # warm-up
    if first is not None:
        first.append((time.perf_counter() - start) * 1e3)
    samples, deadline = [], time.monotonic() + max_seconds
    for _ in range(iterations):
        if setup is not None:
            setup()
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1e3)
        if time.monotonic() > deadline:
            break
    return samples


def med_p99(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]


def typed_items(form, person: dict) -> tuple[int, int, int]:
    """(must be entered, asked in all, pre-filled) for one form and a person read from the card."""
    visit = workflow.Visit([form.id])
    preset = workflow.desk_defaults(visit, person)
    filled = visit.fill(person, preset)[0]
    must = 0
    for f in form.asked_fields():
        spec = f.input
        stepper = spec is not None and spec.kind == "number"
        if f.required and not filled.values.get(f.id) and not stepper:
            must += 1
    prefilled = sum(1 for f in form.fields if filled.values.get(f.id)) + sum(
        1 for f in form.asked_fields() if f.input and f.input.kind == "number"
        and not filled.values.get(f.id))
    return must, len(form.asked_fields()), prefilled


class Screen:
    """The preview screen, offscreen, filled the way the controller fills it."""

    def __init__(self) -> None:
        from PySide6.QtWidgets import QApplication

        from kiosk.counter.ui.view import CounterDesk
        from kiosk.ui import theme

        self.app = QApplication.instance() or QApplication(["bench"])
        theme.apply(self.app)
        self.desk = CounterDesk()
        self.desk.resize(1280, 760)
        self.desk.show()

    def show(self, visit, person: dict) -> None:
        import datetime as dt

        from forms.wareki import format_wareki
        from kiosk.messages import Bilingual, text

        answers = workflow.desk_defaults(visit, person)
        filled = visit.fill(person, answers)
        preview = self.desk.preview
        preview.show_person(person["name"], person["address"],
                            format_wareki(dt.date.fromisoformat(person["birth_date"])),
                            text(f"sex.{person['sex_code']}"))
        defaults = {k: v for f in reversed(filled) for k, v in f.values.items()}
        sections = [(Bilingual(form.title_ja, form.title_en), fields) for form, fields in visit.sections()]
        preview.build_fields([], answers, defaults, sections=sections)
        self.desk.show_page(preview, 3)
        self.app.processEvents()  # laid out and painted (offscreen)

    def clear(self) -> None:
        """The previous person's widgets go away (not timed: it happens when the person leaves)."""
        self.desk.preview.clear()
        self.app.processEvents()


def session(open_transport, pin: str, purpose: str | None):
    transport = open_transport()
    try:
        return read_card(transport, pin=pin, with_number=bool(purpose), purpose=purpose).to_dict()
    finally:
        transport.close()


def run_path(label, open_transport, holder, forms, screen, n, cap) -> dict:
    pin = holder["pin"]

    def raw() -> None:
        t = open_transport()
        try:
            read_basic_four(t, pin)
        finally:
            t.close()
    out = {"baseline": med_p99(measure(raw, n, cap)), "forms": {}}
    for form in forms:
        visit = workflow.Visit([form.id])
        purpose = visit.my_number_purpose

        def read_fill() -> None:
            person = session(open_transport, pin, purpose)
            visit.fill(person, workflow.desk_defaults(visit, person))

        def read_fill_screen() -> None:
            screen.show(visit, session(open_transport, pin, purpose))
        first: list[float] = []
        out["forms"][form.id] = {
            "read": med_p99(measure(lambda: session(open_transport, pin, purpose), n, cap)),
            "read_fill": med_p99(measure(read_fill, n, cap)),
            "read_fill_screen": med_p99(measure(read_fill_screen, max(5, n // 5), cap, screen.clear, first)),
        }
        out["forms"][form.id]["first"] = first[0]
    return out


def wait_presence(present: bool, timeout: float = 3.0) -> None:
    if not wait_for_presence(READER, present, timeout):
        raise SystemExit(f"pcscd did not report the card {'present' if present else 'absent'} on {READER}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=100)
    parser.add_argument("--max-seconds", type=float, default=5.0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    n, cap = max(5, args.iterations), args.max_seconds
    from forms.registry import list_forms

    holder = json.loads((ROOT / "tests/fixtures/people.json").read_text(encoding="utf-8"))["people"][0]
    card = MyNumberCard(CardHolder.from_dict(holder))
    forms = list_forms()
    person = session(lambda: InProcessTransport(card), holder["pin"], None)
    items = {f.id: typed_items(f, person) for f in forms}
    screen = Screen()
    paths = {"in process": run_path("in process", lambda: InProcessTransport(card), holder, forms,
                                    screen, n, cap)}
    link = VpcdLink(card, port=PORT).start()
    try:
        wait_presence(True)
        paths["through pcscd"] = run_path("through pcscd", lambda: PcscTransport.open(READER), holder,
                                          forms, screen, n, cap)
    finally:
        link.stop()
        wait_presence(False)
        time.sleep(PCSCD_POLL_SETTLE_S)

    print(f"kazasu counter benchmark: {len(forms)} forms, up to {n} iterations, ms (median / p99)")
    print(f"typed items per form (the analysis: {ANALYSIS} items per form; goal for juminhyo_request "
          f"≤ {GOAL_TYPED})")
    print(f"{'form':28} {'typed':>5} {'asked':>5} {'pre-filled':>10}  My Number")
    for form in forms:
        must, asked, pre = items[form.id]
        print(f"{form.id:28} {must:5d} {asked:5d} {pre:10d}  "
              f"{'read (legal basis)' if workflow.reads_my_number(form) else 'not read'}")
    for label, path in paths.items():
        b = path["baseline"]
        print(f"\n{label}: baseline raw read_basic_four session {b[0]:.3f} / {b[1]:.3f}")
        print(f"{'form':28} {'read':>15} {'read+fill':>15} {'read+fill+screen':>18}  vs baseline  goal (p99)"
              f"  first")
        for fid, f in path["forms"].items():
            r, rf, rfs = f["read"], f["read_fill"], f["read_fill_screen"]
            ok = "ok" if rfs[1] <= GOAL_MS else "MISSED"
            print(f"{fid:28} {r[0]:7.3f}/{r[1]:7.3f} {rf[0]:7.3f}/{rf[1]:7.3f} {rfs[0]:8.3f}/{rfs[1]:8.3f}"
                  f"   ×{rfs[0] / b[0]:8.1f}  {ok} (≤ {GOAL_MS:.0f})  {f['first']:7.1f}")
    if args.json:
        print(json.dumps({"items": {k: dict(zip(("typed", "asked", "prefilled"), v))
                                    for k, v in items.items()}, "paths": paths}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
