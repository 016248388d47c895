"""The layout rules of the brief, checked on the tree (docs/architecture.md explains them):

- import-linter's contracts in pyproject.toml: `devices`, `forms` and `sync` never import Qt or
  `kiosk`; the kiosk in layers (the app above the shell and the desks, they above kiosk.ui, it above
  the Qt-free shared pieces; every module of kiosk placed in a layer); the three desks and the shell
  never import each other; a desk's rules never import Qt or kiosk.ui; the shared pieces never import Qt;
- no import cycle anywhere, imports inside functions included (scripts/import_cycles.py on grimp's
  graph, the one import-linter uses);
- an import inside a function is lazy loading, and says why in a comment.

Each rule is shown to bite: one offending import planted in a copy of the tree, the check run there,
and it fails, naming that import (and the untouched copy passes).
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("kiosk", "devices", "forms", "sync")
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
CYCLES = ROOT / "scripts" / "import_cycles.py"
CONTRACTS = {
    "core": "Core packages never import Qt or the kiosk",
    "layers": "The kiosk in layers: the app above the shell and the desks, they above kiosk.ui, it above "
              "the shared pieces",
    "desks": "The three desks and the shell never import each other",
    "rules": "A desk's rules (outside its ui/) never import Qt or kiosk.ui",
    "qt-free": "The shared pieces below kiosk.ui, the services and the shell's files and accounts never "
               "import Qt",
}


def run(argv: list[str], root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, cwd=root, capture_output=True, text=True, timeout=180,
                          env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"})


def run_lint(root: Path) -> subprocess.CompletedProcess[str]:
    return run([str(LINT_IMPORTS), "--config", str(root / "pyproject.toml"), "--no-cache"], root)


def run_cycles(root: Path) -> subprocess.CompletedProcess[str]:
    return run([sys.executable, str(CYCLES)], root)


def copy_tree(dest: Path) -> Path:
    for name in PACKAGES:
        shutil.copytree(ROOT / name, dest / name,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pdf", "*.png", "*.qm", "*.ts"))
    shutil.copy(ROOT / "pyproject.toml", dest / "pyproject.toml")
    return dest


def plant(root: Path, module: str, code: str) -> None:
    """Write `code` as module `module` (a new file) of the copied tree."""
    path = root.joinpath(*module.split(".")).with_suffix(".py")
    path.write_text(code, encoding="utf-8")


def broken(output: str) -> set[str]:
    """The ids of the contracts lint-imports reports broken (by their names)."""
    unwrapped = re.sub(r"\s*\n\s*", " ", output)   # long names are wrapped over lines
    return {key for key, name in CONTRACTS.items() if f"{name} BROKEN" in unwrapped}


def test_the_tree_keeps_every_contract():
    result = run_lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Contracts: {len(CONTRACTS)} kept, 0 broken" in result.stdout
    assert broken(result.stdout) == set()


# one offending import per contract; each breaks that contract alone
BREACHES = [
    ("core", "forms.leaky", "from PySide6 import QtCore\n", "forms.leaky -> PySide6"),
    ("layers", "kiosk.ui.leaky", "from kiosk.shell import texts\n", "kiosk.ui.leaky -> kiosk.shell.texts"),
    ("layers", "kiosk.cards.leaky", "def later():\n    from kiosk.shell import staff\n",
     "kiosk.cards.leaky -> kiosk.shell.staff"),   # an import inside a function counts too
    ("layers", "kiosk.unplaced", '"""A module of kiosk in no layer."""\n', "kiosk.unplaced"),
    ("desks", "kiosk.shelter.leaky", "from kiosk.library import checkdigit\n",
     "kiosk.shelter.leaky -> kiosk.library.checkdigit"),
    ("desks", "kiosk.shell.leaky", "from kiosk.counter import flow\n", "kiosk.shell.leaky -> kiosk.counter.flow"),
    ("rules", "kiosk.library.leaky", "from kiosk.ui import theme\n", "kiosk.library.leaky -> kiosk.ui.theme"),
    ("rules", "kiosk.counter.leaky", "from PySide6.QtCore import QObject\n", "kiosk.counter.leaky -> PySide6"),
    ("qt-free", "kiosk.cards.leaky", "from PySide6.QtCore import QObject\n", "kiosk.cards.leaky -> PySide6"),
]


@pytest.mark.parametrize(("contract", "module", "code", "reported"), BREACHES,
                         ids=[f"{c}:{m}" for c, m, _, _ in BREACHES])
def test_each_contract_fails_on_a_planted_breach(tmp_path, contract, module, code, reported):
    root = copy_tree(tmp_path)
    plant(root, module, code)
    result = run_lint(root)
    assert result.returncode != 0, result.stdout + result.stderr
    assert broken(result.stdout) == {contract}, result.stdout
    assert f"Contracts: {len(CONTRACTS) - 1} kept, 1 broken" in result.stdout
    assert reported in result.stdout, result.stdout


def test_there_is_no_import_cycle():
    result = run_cycles(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 import cycle(s)" in result.stdout


def test_the_cycle_check_finds_a_planted_cycle_through_a_function(tmp_path):
    root = copy_tree(tmp_path)
    assert run_cycles(root).returncode == 0                 # the copy as it is: none
    plant(root, "sync.cycle_a", "from sync import cycle_b\n")
    plant(root, "sync.cycle_b", "def later():\n    from sync import cycle_a\n")
    result = run_cycles(root)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "import cycle: sync.cycle_a <-> sync.cycle_b" in result.stdout
    assert "sync.cycle_b -> sync.cycle_a (line 2: from sync import cycle_a)" in result.stdout


def unexplained_lazy_imports(path: Path) -> list[str]:
    """The imports inside functions of `path` with no comment saying why: none on the import's own
    lines, none on the line above it (or above the run of imports it belongs to, blank lines between
    them included)."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    imports = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for inner in ast.walk(node):
                if isinstance(inner, (ast.Import, ast.ImportFrom)):
                    imports[inner.lineno] = inner
    covered = {n for node in imports.values() for n in range(node.lineno, node.end_lineno + 1)}
    problems = []
    for lineno, node in sorted(imports.items()):
        if any("#" in lines[n - 1] for n in range(node.lineno, node.end_lineno + 1)):
            continue
        above = lineno - 1
        while above in covered or (above >= 1 and not lines[above - 1].strip()):
            above -= 1                    # the run of imports this one belongs to (isort's blank lines too)
        if above >= 1 and lines[above - 1].strip().startswith("#"):
            continue
        problems.append(f"{path}:{lineno}: {lines[lineno - 1].strip()}")
    return problems


def test_every_import_inside_a_function_says_why():
    problems = [p for name in PACKAGES for path in sorted((ROOT / name).rglob("*.py"))
                for p in unexplained_lazy_imports(path)]
    assert problems == []


def test_the_lazy_import_check_sees_an_unexplained_one(tmp_path):
    path = tmp_path / "sample.py"
    path.write_text("def explained():\n"
                    "    # lazy: reportlab only when a PDF is made\n"
                    "    from reportlab import pdfgen\n"
                    "    import json\n"
                    "\n"
                    "def trailing():\n"
                    "    import csv  # lazy: only the export needs it\n"
                    "\n"
                    "def silent():\n"
                    "    x = 1\n"
                    "    from pathlib import Path\n", encoding="utf-8")
    assert unexplained_lazy_imports(path) == [f"{path}:11: from pathlib import Path"]
