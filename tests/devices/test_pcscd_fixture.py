"""The pcsc_card fixture's guard: without pcscd it fails loudly, skipping only when asked to."""

import importlib.util
from pathlib import Path

import pytest


def load_conftest():
    path = Path(__file__).resolve().parents[1] / "conftest.py"
    spec = importlib.util.spec_from_file_location("kazasu_tests_conftest_copy", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_missing_pcscd_fails_unless_allowed(monkeypatch):
    conftest = load_conftest()
    monkeypatch.setattr(conftest, "PCSCD_SOCKET", Path("/nonexistent/pcscd.comm"))
    monkeypatch.delenv("KAZASU_ALLOW_NO_PCSCD", raising=False)
    with pytest.raises(pytest.fail.Exception, match="pcscd is not running"):
        conftest.require_pcscd()
    monkeypatch.setenv("KAZASU_ALLOW_NO_PCSCD", "1")
    with pytest.raises(pytest.skip.Exception):
        conftest.require_pcscd()
