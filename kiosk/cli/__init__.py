"""The `kazasu` command line: one entry point, subcommands registered by the modules of this package.

Every subcommand module (`kiosk/cli/*_commands.py`, found by name) has `register(subparsers, common)`; its handlers take
the parsed arguments and
return a dict (printed as one JSON object with --json, as `key: value` lines without) or None.
A failure a person can meet is an error of one of the typed bases (`kiosk.errors.SHOWN`: card, forms,
sync and the kiosk's own errors), with `code`, `message_ja`, `message_en` and `details()`: it is
printed as `{"error": {...}}` and the command exits 1. Anything else is reported as an internal error
without a traceback on the terminal (tracebacks go to the log, which never holds personal data
because exception messages in kazasu never include it).
Every subcommand module is imported to build the parser (every `kazasu run` does it): at module level
each keeps only what `register()` needs, and its handlers import the heavy libraries
(tests/kiosk/cli/test_parser_imports.py).
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import pkgutil
import sys
from typing import Any, Callable

from kiosk import __version__
from kiosk.cli import context
from kiosk.errors import is_shown
from sync.errors import storage_error


def subcommand_modules() -> list[str]:
    """Every `kiosk/cli/*_commands.py` module, in name order: adding a command group is adding a file."""
    names = {info.name for info in pkgutil.iter_modules(__path__)}  # also inside a PyInstaller bundle
    return [f"kiosk.cli.{name}" for name in sorted(names) if name.endswith("_commands")]

logger = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    common = context.common_options()
    parser = argparse.ArgumentParser(
        prog="kazasu",
        description="kazasu — My Number card kiosk for counters, shelters and libraries",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"kazasu {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in subcommand_modules():
        importlib.import_module(name).register(subparsers, common)
    return parser


def error_object(exc: BaseException) -> dict[str, Any]:
    """The stable JSON error shape: a typed error's own code, words and details; for anything else,
    an internal error."""
    if not is_shown(exc):
        return {"error": {"code": "internal_error",
                          "message_ja": "内部エラーが発生しました。係員にお知らせください。",
                          "message_en": "An internal error occurred. Please tell the staff."}}
    return {"error": {"code": exc.code, "message_ja": exc.message_ja, "message_en": exc.message_en,
                      **exc.details()}}


def is_user_facing(exc: BaseException) -> bool:
    return is_shown(exc)


def emit(result: Any, as_json: bool) -> None:
    if result is None:
        return
    if as_json:
        print(json.dumps(result, ensure_ascii=False, sort_keys=False))
        return
    if isinstance(result, dict):
        for key, value in result.items():
            if isinstance(value, (dict, list)):
                value = json.dumps(value, ensure_ascii=False)
            print(f"{key}: {value}")
    else:
        print(result)


def _storage_words(exc: Exception, args: argparse.Namespace) -> Exception:
    """A full disk or a damaged database met anywhere says so (`disk_full`, `database_corrupt`)."""
    if is_user_facing(exc):
        return exc
    typed = storage_error(exc, str(getattr(args, "data_dir", None) or "the data folder"))
    if typed is None:
        return exc
    logger.error("%s in %s (%s)", typed.code, args.command, type(exc).__name__)
    return typed


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    context.configure_logging(args)
    handler: Callable[[argparse.Namespace], Any] | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    try:
        result = handler(args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # every failure becomes the JSON error shape, never a traceback
        exc = _storage_words(exc, args)
        if not is_user_facing(exc):
            logger.exception("internal error in %s", args.command)
        payload = error_object(exc)
        if args.json:
            print(json.dumps(payload, ensure_ascii=False))
        else:
            err = payload["error"]
            print(f"エラー: {err['message_ja']}\nError: {err['message_en']}", file=sys.stderr)
        return 1
    emit(result, args.json)
    if isinstance(result, dict) and result.get("ok") is False:
        return 1
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
