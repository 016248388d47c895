"""ruff, configured in pyproject.toml ([tool.ruff]), finds nothing in the repository.

The second test proves the configuration bites: a file with one finding of each selected family
(pyflakes, pycodestyle, isort, bugbear, pyupgrade) is checked with the same configuration.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PLANTED = '''\
import sys
import os
from typing import List


def f(items: List[int] = []) -> int:
    return len(items) + len(os.sep) + {width}


message = "{long}"
'''


def ruff(*args: str) -> subprocess.CompletedProcess[str]:
    """`ruff check` with the repository's configuration; --no-cache: nothing is written into the tree."""
    return subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "concise",
                           "--config", str(ROOT / "pyproject.toml"), *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_ruff_finds_nothing_in_the_repository():
    result = ruff(".")
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr


def test_the_configuration_bites(tmp_path):
    planted = tmp_path / "planted.py"
    planted.write_text(PLANTED.format(width=1, long="x" * 130) + "y = 1 \n", encoding="utf-8")
    result = ruff(str(planted))
    assert result.returncode == 1, result.stdout + result.stderr
    found = {line.split(" ")[1] for line in result.stdout.splitlines() if line.startswith(str(planted))}
    # unused import, unsorted imports, long line, trailing space, mutable default, typing.List
    assert {"F401", "I001", "E501", "W291", "B006", "UP006"} <= found, result.stdout
