"""Every third-party package the code imports is declared in pyproject.toml, and nothing declared is unused.

The top-level imports of devices/, forms/, sync/ and kiosk/ (imports inside functions included) must
each map to a runtime dependency; those of tests/ and benchmarks/ to a runtime dependency or the `test`
extra. A module whose distribution has another name is in MODULE_DISTRIBUTION (checked against what
the installed distributions say they provide). The other way round, every declared distribution is
imported somewhere, or is a tool the tests run (USED_WITHOUT_IMPORT).
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OWN = {"devices", "forms", "sync", "kiosk", "tests", "benchmarks"}
CORE = ("devices", "forms", "sync", "kiosk")

# import name → distribution name, where they differ (after PEP 503 normalisation)
MODULE_DISTRIBUTION = {
    "PySide6": "pyside6-essentials",
    "smartcard": "pyscard",
    "nfc": "nfcpy",
    "fitz": "pymupdf",
    "keyrings": "keyrings-alt",
    "cv2": "opencv-python",
    "PIL": "pillow",
}

# declared, never imported: what the tests and the build run instead
USED_WITHOUT_IMPORT = {
    "pytest-qt": "a pytest plugin: its qtbot fixture",
    "import-linter": "tests/test_architecture.py runs lint-imports",
    "ruff": "tests/test_lint.py runs ruff check",
    "pyinstaller": "packaging/build-bundle.sh builds the bundle with it",
    "pyside6-addons": "PySide6.QtMultimedia (kiosk.ui.camera) is in the PySide6 package, seen as PySide6-Essentials",
    "rl-accel": "reportlab imports its C module _rl_accel itself (reportlab.lib.rl_accel): the roster PDF",
}

# imported only by files Debian's own python3 runs, from an apt package (never in the virtual environment)
SYSTEM_PYTHON_ONLY = {
    "pyatspi": "tests/kiosk/window/atspi_agent.py, under /usr/bin/python3 (python3-pyatspi, scripts/setup.sh)",
}


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared() -> dict[str, set[str]]:
    """{"runtime": …, "test": …, "bundle": …}: the normalised distribution names of pyproject.toml."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]

    def names(requirements: list[str]) -> set[str]:
        return {normalise(re.match(r"[A-Za-z0-9._-]+", req).group(0)) for req in requirements}

    extras = project["optional-dependencies"]
    return {"runtime": names(project["dependencies"]), "test": names(extras["test"]),
            "bundle": names(extras["bundle"])}


def third_party_imports(*folders: str) -> dict[str, set[str]]:
    """Top-level module → the files that import it, for every import that is not stdlib nor ours."""
    found: dict[str, set[str]] = {}
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
                if isinstance(node, ast.Import):
                    modules = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    modules = [node.module]
                else:
                    continue
                for module in modules:
                    top = module.split(".")[0]
                    if top not in sys.stdlib_module_names and top not in OWN and top not in SYSTEM_PYTHON_ONLY:
                        found.setdefault(top, set()).add(str(path.relative_to(ROOT)))
    return found


def distribution(module: str) -> str:
    return MODULE_DISTRIBUTION.get(module, normalise(module))


def test_every_import_of_the_code_is_a_runtime_dependency():
    runtime = declared()["runtime"]
    imports = third_party_imports(*CORE)
    missing = {module: sorted(files)[:3] for module, files in imports.items() if distribution(module) not in runtime}
    assert not missing, f"imported but not in [project] dependencies: {missing}"
    assert {"pydantic", "starlette", "shiboken6", "typing_extensions"} <= set(imports)  # what was missing


def test_every_import_of_the_tests_and_benchmarks_is_declared():
    names = declared()
    allowed = names["runtime"] | names["test"]
    imports = third_party_imports("tests", "benchmarks")
    missing = {module: sorted(files)[:3] for module, files in imports.items() if distribution(module) not in allowed}
    assert not missing, f"imported by tests or benchmarks but not declared (dependencies or the test extra): {missing}"


def test_nothing_declared_is_left_unused():
    names = declared()
    imported = {distribution(module) for module in third_party_imports(*CORE, "tests", "benchmarks")}
    unused = (names["runtime"] | names["test"] | names["bundle"]) - imported - set(USED_WITHOUT_IMPORT)
    assert not unused, f"declared but never imported (or add it to USED_WITHOUT_IMPORT with the reason): {unused}"


def test_the_module_table_matches_the_installed_distributions():
    provided = packages_distributions()  # top-level module → the installed distributions that provide it
    for module, dist in MODULE_DISTRIBUTION.items():
        assert dist in {normalise(name) for name in provided.get(module, [])}, (module, provided.get(module))
    for module in third_party_imports(*CORE, "tests", "benchmarks"):
        if module not in MODULE_DISTRIBUTION:  # the plain rule holds for every other import
            assert distribution(module) in {normalise(name) for name in provided.get(module, [])}, \
                (module, provided.get(module))
