"""Building the `kazasu` command line's parser loads no heavy library (issue 21): every subcommand
module is imported to register its commands, so each keeps only argparse, kiosk.cli.context and light
error and constant modules at module level and loads the rest in its handlers. A fresh interpreter
builds the parser the way `kazasu run` does (kiosk.cli.main → build_parser) and reports what it holds.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

# none of these (nor any of their submodules) may be loaded by building the parser
HEAVY = ("PySide6", "shiboken6", "httpx", "rich", "reportlab", "PIL", "cv2", "numpy", "smartcard", "nfc",
         "fastapi", "uvicorn", "psycopg", "cryptography", "sqlite_utils", "pydantic")
# the parser alone held 881 modules before issue 21, 199 after it (Python 3.11, this environment)
MODULE_BOUND = 300

CHILD = """
import json, sys
import kiosk.cli
parser = kiosk.cli.build_parser()
heavy = json.loads(sys.argv[1])
loaded = sorted(name for name in sys.modules if name.split(".")[0] in heavy)
commands = sorted(parser._subparsers._group_actions[0].choices)
print(json.dumps({"loaded": loaded, "modules": len(sys.modules), "commands": commands}))
"""


def build_parser_in_a_fresh_process() -> dict:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    done = subprocess.run([sys.executable, "-c", CHILD, json.dumps(HEAVY)], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_parser_is_built_without_the_heavy_libraries():
    report = build_parser_in_a_fresh_process()
    # every command group is still registered (the parser was really built)
    assert {"run", "demo", "counter", "card", "readers", "forms", "library", "shelter", "prereg", "queue", "sync",
            "terminal", "mesh", "node", "staff", "dev", "doctor", "print", "audit"} <= set(report["commands"])
    top = sorted({name.split(".")[0] for name in report["loaded"]})
    assert top == [], f"building the parser loaded {top}: {report['loaded'][:40]}"
    assert report["modules"] < MODULE_BOUND, f"{report['modules']} modules after build_parser()"
