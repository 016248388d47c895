"""Every error a person can meet has a code and words, and reaches them one way.

The walk imports every module of devices, forms, sync and kiosk and finds every exception class they
define. Each one that carries words (a `code`, a `message_ja`) is one of the typed bases
(kiosk.errors.SHOWN); each of those, made with sample arguments, has a snake_case code, Japanese and
English words that `kiosk.messages.for_error` gives back (never the "unexpected" fallback), and
details as a dict; a code has one wording whatever class carries it. An error of any other kind gets
the "unexpected" words, even if it looks like a typed one."""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import pytest

from kiosk.errors import SHOWN, KioskError, is_shown
from kiosk.messages import Bilingual, for_error, text

PACKAGES = ("devices", "forms", "sync", "kiosk")
CODE = re.compile(r"[a-z][a-z0-9_]*[a-z0-9]")
INTERNAL = {
    "devices.tlv.TlvError": "turned into CardProtocolError by the card code",
    "sync.mesh.app.ApiError": "the mesh's HTTP answer; the sync client turns it into MeshResponseError",
}
SAMPLES = {   # sample arguments by parameter name, for the errors' own constructors
    "tries_left": 2, "reason": "sample reason", "sw": 0x6F00, "migration": "0002_sample",
    "cause": ValueError("sample"), "path": Path("/tmp/sample.json"), "mode": 0o644, "code": "sample_code",
    "message_ja": "見本の説明です。", "message_en": "A sample explanation.", "fields": ["visitor"],
    "text": "yesterday", "what": "person", "file": "sample.json", "problem": "sample problem",
    "field": "visitor", "form_id": "juminhyo_request", "queue": "sample-queue", "status": 503,
    "url": "http://127.0.0.1:9", "detail": "sample", "char": "𠮷", "font": "BIZUDGothic-Regular.ttf",
    "date": dt.date(1860, 1, 1), "have": [1], "count": 2,
}


def _modules():
    for package in PACKAGES:
        root = importlib.import_module(package)
        yield root
        for info in pkgutil.walk_packages(root.__path__, f"{package}."):
            if info.name.endswith("__main__"):
                continue
            try:
                yield importlib.import_module(info.name)
            except ImportError as missing:   # an optional driver (nfcpy) not installed here
                if "nfc" not in str(missing):
                    raise


def _error_classes() -> list[type[BaseException]]:
    found = {}
    for module in _modules():
        for _, value in vars(module).items():
            if (inspect.isclass(value) and issubclass(value, BaseException)
                    and value.__module__.split(".")[0] in PACKAGES):
                found[f"{value.__module__}.{value.__qualname__}"] = value
    return [found[name] for name in sorted(found)]


ERRORS = _error_classes()


def _sample(cls: type[BaseException]) -> BaseException:
    from devices.errors import NoCardError
    from kiosk.counter.flow import State

    extra = {"error": NoCardError(), "current": State.IDLE, "target": State.DONE}
    args = {}
    for name, parameter in inspect.signature(cls.__init__).parameters.items():
        if name == "self" or parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
            continue
        if parameter.default is parameter.empty:
            if name in extra:
                args[name] = extra[name]
            else:
                args[name] = SAMPLES.get(name, "sample")
    return cls(**args)


def test_the_walk_finds_the_errors_of_every_package():
    names = {f"{cls.__module__}.{cls.__name__}" for cls in ERRORS}
    for expected in ("devices.errors.WrongCodeBError", "forms.errors.FormError", "sync.errors.SyncError",
                     "kiosk.shelter.model.ShelterError", "kiosk.library.errors.LibraryError",
                     "kiosk.shell.staff.StaffError", "kiosk.printing.PrintError",
                     "kiosk.counter.visit.MissingAnswersError"):
        assert expected in names


@pytest.mark.parametrize("cls", ERRORS, ids=lambda cls: f"{cls.__module__}.{cls.__name__}")
def test_every_error_with_words_is_typed_and_has_a_code_and_words(cls):
    name = f"{cls.__module__}.{cls.__qualname__}"
    if name in INTERNAL:
        return
    if not issubclass(cls, SHOWN):
        assert not hasattr(cls, "code") and not hasattr(cls, "message_ja"), \
            f"{name} carries words but is not one of the typed bases (kiosk.errors.SHOWN)"
        return
    assert CODE.fullmatch(cls.code), name
    error = _sample(cls)
    assert is_shown(error) and CODE.fullmatch(error.code), name
    assert error.message_ja.strip() and error.message_en.strip(), name
    assert isinstance(error.details(), dict), name
    words = for_error(error)
    assert words.ja.strip() and words.en.strip(), name
    assert words != text("error.unexpected"), name


def test_a_code_has_one_wording_whatever_class_carries_it():
    wordings: dict[str, set[tuple[str, str]]] = {}
    for cls in ERRORS:
        if issubclass(cls, SHOWN) and "code" in vars(cls) and "__init__" not in vars(cls):
            error = _sample(cls)
            words = for_error(error)
            wordings.setdefault(error.code, set()).add((words.ja, words.en))
    assert wordings and {code: w for code, w in wordings.items() if len(w) > 1} == {}


def test_the_card_errors_read_the_same_on_every_desk():
    """The desks' card words come from the keyed entries, by code (one wording, translated)."""
    from devices import errors as e

    assert for_error(e.WrongCodeBError(4)) == text("codeb.wrong", n=4)
    assert for_error(e.CodeBFormatError()) == text("codeb.invalid")
    assert for_error(e.CodeBBlockedError()) == text("codeb.blocked")
    assert for_error(e.WrongPinError(2)) == text("pin.wrong", n=2)
    assert for_error(e.PinBlockedError()) == text("error.pin_blocked")
    assert for_error(e.NoCardError()) == text("no_card")
    assert for_error(e.CardRemovedError()) == text("card_removed")


def test_an_error_of_another_kind_gets_the_unexpected_words_even_if_it_looks_typed():
    class LooksTyped(Exception):
        code = "no_card"
        message_ja = "にせものです。"
        message_en = "A fake."

    for error in (LooksTyped(), RuntimeError("boom"), KeyError("name")):
        assert for_error(error) == text("error.unexpected")
    assert not is_shown(LooksTyped())


def test_a_desk_cannot_give_a_code_a_second_wording():
    from kiosk.messages import register_error_words

    with pytest.raises(ValueError):
        register_error_words("wrong_code_b", lambda exc: Bilingual("別の言い方", "Other words"))


def test_the_kiosk_base_error_carries_its_words_and_details():
    error = KioskError("見本です。", "A sample.", code="sample_error", queue="q")
    assert (error.code, error.message_ja, error.message_en, error.details()) == \
        ("sample_error", "見本です。", "A sample.", {"queue": "q"})
    assert str(error) == "A sample."
