"""The start loads only what the staff sign-in needs (issue 21): a fresh process builds the window
the way `kazasu run` does, paints the sign-in, and reports which heavy modules it holds; the desks,
the node page, the HTTP client, x509, the camera and sound, PDF and numpy all come later, and so do
the settings wizard, the queue view, printing, the staff card's read and sqlite-utils (only a schema
upgrade loads it)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from sync.store import EventStore

ROOT = Path(__file__).resolve().parents[2]

# loaded on first use, never for the sign-in screen
LATER = ("httpx", "rich", "cryptography.x509", "numpy", "cv2", "reportlab", "PySide6.QtMultimedia",
         "sync.transport", "sync.client", "kiosk.shell.node_page", "kiosk.counter.ui",
         "kiosk.shelter.ui", "kiosk.library", "kiosk.speech",
         "sqlite_utils", "click", "dateutil", "kiosk.shell.wizard", "kiosk.shell.queue_view",
         "kiosk.printing", "devices.card_id")

CHILD = """
import json, sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from kiosk import startup
from kiosk.app import MainWindow
from kiosk.cards.source import PcscCardSource
from kiosk.cli.app_commands import _shell
from kiosk.counter import visit as workflow
from kiosk.services import KioskServices
from kiosk.shell.settings import KioskSettings
from kiosk.shell.staff import StaffDirectory
from sync.terminal import TerminalConfig

data = Path(sys.argv[1])
KioskSettings(setup_done=True, site="test").save(data)
StaffDirectory(data).add("test", "staff", "482193")
app = startup.make_application(["kazasu"])
settings = KioskSettings.load(data)
config = TerminalConfig.load(data)
services = KioskServices(
    card_source=PcscCardSource(settings.reader), store=workflow.open_store(data), data_dir=data,
    terminal_id=config.terminal_id, site=config.site or "test", note=None, **_shell(data))
window = MainWindow(services)
window.show()
QApplication.processEvents()
window.repaint()
shown = window.stack.currentWidget() is window.signin
later = [name for name in json.loads(sys.argv[2]) if name in sys.modules]
window.shutdown()
print(json.dumps({"signin": shown, "loaded": later}))
"""


def test_signin_is_painted_without_the_heavy_modules(tmp_path):
    # a terminal that has started before: its database exists (the very first start creates the
    # schema, and that loads sqlite-utils, sync.schema)
    EventStore(tmp_path / "kazasu.db").close()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    done = subprocess.run([sys.executable, "-c", CHILD, str(tmp_path), json.dumps(LATER)],
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["signin"] is True
    assert report["loaded"] == []


def test_kazasu_run_and_demo_import_their_qt_free_modules_before_qt():
    """PySide6's import hook reads the source of every module imported after PySide6 (to see whether
    it names PySide6) and keeps it: `kazasu run` and `kazasu demo` import their Qt-free modules
    (pydantic's settings, the store, the card source) first, and kiosk.startup (PySide6) last. Each
    command's leading imports run in a fresh process: all but the last load no Qt, the last does."""
    import ast

    source = (ROOT / "kiosk" / "cli" / "app_commands.py").read_text(encoding="utf-8")
    functions = {node.name: node for node in ast.parse(source).body if isinstance(node, ast.FunctionDef)}
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    for name in ("cmd_run", "cmd_demo"):
        imports = []
        for statement in functions[name].body:
            if not isinstance(statement, (ast.Import, ast.ImportFrom)):
                break
            imports.append(ast.unparse(statement))
        assert imports[-1] == "from kiosk import startup", (name, imports)
        child = "\n".join(["import sys", *imports[:-1], "before = 'PySide6' in sys.modules", imports[-1],
                           "print(before, 'PySide6' in sys.modules)"])
        done = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, cwd=ROOT,
                              env=env, timeout=120)
        assert done.returncode == 0, done.stderr[-2000:]
        assert done.stdout.split() == ["False", "True"], (name, done.stdout)
