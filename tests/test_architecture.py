"""The layout rule of the brief: `devices`, `forms` and `sync` never import Qt or `kiosk`.

import-linter checks it (contract in pyproject.toml); the second test proves the contract bites by
running it on a copy of the tree with one forbidden import added.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def run_lint(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(root / "pyproject.toml"), "--no-cache"],
        cwd=root, capture_output=True, text=True, timeout=120,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
    )


def test_core_packages_do_not_import_qt_or_kiosk():
    result = run_lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 1 kept, 0 broken" in result.stdout


def test_contract_fails_on_a_forbidden_import(tmp_path):
    for name in ("kiosk", "devices", "forms", "sync"):
        shutil.copytree(ROOT / name, tmp_path / name,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pdf", "*.png"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "forms" / "leaky.py").write_text("from PySide6 import QtCore\n", encoding="utf-8")
    result = run_lint(tmp_path)
    assert result.returncode != 0
    assert "forms.leaky -> PySide6" in result.stdout
