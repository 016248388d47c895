"""Counter forms: items pre-filled vs asked per form, and fill/render time, each beside a baseline.

For every shipped form, with the sample answers of tests/forms/samples.py for one fixture person:
  * pre-filled items: printed fields whose value comes from the card or is computed from it;
  * asked items, split by how they are answered: *typed* (needs the keyboard: short_text, kana,
    number) and *tapped* (choice, date picker), both for the sample visit (the fields it answers) and
    at most (every asked field, every row);
  * the time from a BasicFour person record (a dict, as `kazasu card read --json` prints) to a filled
    form (`fill_form`) beside `json.loads` of that record, and to a rendered PDF (`render_pdf`) beside a
    reportlab PDF holding one line of text, all measured in this run (median and p90).
The Digital Agency's analysis (2023) counted 15–23 typed items per paper form; it is printed beside.
Nothing personal is printed. Usage: .venv/bin/python benchmarks/bench_forms.py [--runs N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reportlab.pdfgen.canvas import Canvas  # noqa: E402

from forms.fill import fill_form  # noqa: E402
from forms.pdf import render_pdf  # noqa: E402
from forms.registry import list_forms  # noqa: E402
from tests.forms.samples import record_with_my_number, sample_answers  # noqa: E402

TYPED = ("short_text", "kana", "number")
ANALYSIS = "15–23"
TODAY = dt.date(2025, 11, 23)


def timed(function, runs: int) -> tuple[float, float]:
    """(median, p90) in milliseconds."""
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(len(samples) * 0.9))]


def items(form, answers: dict) -> dict[str, int]:
    printed = [f for f in form.fields if f.box is not None]
    asked = form.asked_fields()
    answered = [f for f in asked if f.id in answers]
    kind = lambda f: f.input.kind  # noqa: E731
    return {
        "prefilled": sum(not f.asked for f in printed),
        "typed": sum(kind(f) in TYPED for f in answered),
        "tapped": sum(kind(f) not in TYPED for f in answered),
        "typed_max": sum(kind(f) in TYPED for f in asked),
        "tapped_max": sum(kind(f) not in TYPED for f in asked),
    }


def one_line_pdf(path: Path) -> None:
    canvas = Canvas(str(path))
    canvas.drawString(72, 720, "kazasu baseline")
    canvas.showPage()
    canvas.save()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="runs per timing (default 30)")
    parser.add_argument("--person", type=int, default=5, help="fixture person index (default 5)")
    args = parser.parse_args()
    record = record_with_my_number(args.person)
    raw = json.dumps(record, ensure_ascii=False)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        base_fill = timed(lambda: json.loads(raw), args.runs * 10)
        base_pdf = timed(lambda: one_line_pdf(out / "baseline.pdf"), args.runs)
        header = (f"{'form':28} {'pre-filled':>10} {'typed':>6} {'tapped':>6} {'typed max':>9} "
                  f"{'tapped max':>10} {'analysis':>8} {'fill ms':>14} {'render ms':>14}")
        print(header)
        print("-" * len(header))
        for form in list_forms():
            answers = sample_answers(form.id, record)
            counts = items(form, answers)
            render_pdf(fill_form(form, record, answers, today=TODAY), out / "warm.pdf")
            fill = timed(lambda: fill_form(form, record, answers, today=TODAY), args.runs)
            render = timed(lambda: render_pdf(fill_form(form, record, answers, today=TODAY),
                                              out / f"{form.id}.pdf"), args.runs)
            print(f"{form.id:28} {counts['prefilled']:>10} {counts['typed']:>6} {counts['tapped']:>6} "
                  f"{counts['typed_max']:>9} {counts['tapped_max']:>10} {ANALYSIS:>8} "
                  f"{fill[0]:>6.2f} (p90 {fill[1]:.2f}) {render[0]:>6.1f} (p90 {render[1]:.1f})")
    print(f"\nbaselines (same run): json.loads of the person record {base_fill[0]:.4f} ms "
          f"(p90 {base_fill[1]:.4f}); reportlab PDF with one line {base_pdf[0]:.2f} ms "
          f"(p90 {base_pdf[1]:.2f})")
    print("typed = short_text/kana/number answered in the sample visit; tapped = choices and dates "
          "(picker); *max = every asked field incl. every repeated row; analysis = typed items per "
          "paper form in the Digital Agency's 2023 study.")


if __name__ == "__main__":
    main()
