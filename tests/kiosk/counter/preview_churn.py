"""Run as a child process by test_widget_lifetime.py: the preview's asked fields built again and
again from Qt's own event loop (as the language switch and 戻る do), so that Qt's deferred deletes
run between the rebuilds as they do in the kiosk. Before kiosk.ui.lifetime this ended with a
segmentation fault within a few dozen rebuilds; it prints "survived N" when it did not.

Usage: python -X faulthandler -m tests.kiosk.counter.preview_churn [N]
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "people.json"


def main(rounds: int) -> int:
    app = QApplication(["kazasu"])
    from forms.wareki import format_wareki
    from kiosk.counter import visit as workflow
    from kiosk.counter.ui.view import CounterDesk
    from kiosk.messages import text
    from kiosk.ui import i18n, theme

    theme.apply(app)
    holder = json.loads(FIXTURES.read_text(encoding="utf-8"))["people"][0]
    born = holder["birth_date"]
    person = {"name": holder["name"], "address": holder["address"],
              "birth_date": f"{born[:4]}-{born[4:6]}-{born[6:]}", "sex_code": str(holder["sex"])}
    desk = CounterDesk()
    desk.resize(1280, 760)
    desk.show()
    filled = workflow.preview(person, {}, workflow.DEFAULT_FORM)
    preview = desk.preview
    preview.show_person(person["name"], person["address"],
                        format_wareki(dt.date.fromisoformat(person["birth_date"])),
                        text(f"sex.{person['sex_code']}"))
    preview.build_fields(filled.asked_fields(), {}, filled.values)
    desk.show_page(preview, 3)
    chance = random.Random(17)
    done = [0]

    def churn() -> None:
        if chance.random() < 0.5:
            i18n.set_language(chance.choice(["en", "ja", "ja_easy"]))   # rebuilds in place
        else:
            preview.build_fields(filled.asked_fields(), preview.answers(), filled.values)   # 戻る
        done[0] += 1
        if done[0] >= rounds:
            preview.clear()   # 次の方へ
            app.quit()
            return
        QTimer.singleShot(0, churn)   # back to the event loop: the deferred deletes run

    QTimer.singleShot(0, churn)
    app.exec()
    print(f"survived {done[0]}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 120))
