"""`kazasu doctor`: health checks of a kiosk installation, without Qt.

Each check returns a `Check` (name, status ok/warn/fail, and for a problem what is wrong and what to
do, in Japanese and English). `run_doctor(DoctorOptions(...))` runs them all and returns the report
`{"ok": bool, "checks": [...]}`; `ok` is False when any check failed. No check ever reports personal
data: the card check names the kind of card only, never its holder, number or pseudonym.
"""

from kiosk.doctor.report import FAIL, OK, WARN, Check
from kiosk.doctor.runner import DoctorOptions, run_doctor

__all__ = ["Check", "DoctorOptions", "FAIL", "OK", "WARN", "run_doctor"]
