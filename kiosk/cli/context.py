"""Options every `kazasu` command shares (--json, --data-dir, --mesh, --site) and their defaults.

The data folder defaults to the platform's user data folder and honours KAZASU_DATA_DIR; the mesh URL
honours KAZASU_MESH_URL; the site honours KAZASU_SITE.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import platformdirs

from kiosk import logs


def common_options() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                        help="print one JSON object")
    common.add_argument("--data-dir", default=argparse.SUPPRESS,
                        help="data folder (default: $KAZASU_DATA_DIR or the user data folder)")
    common.add_argument("--mesh", default=argparse.SUPPRESS,
                        help="mesh URL (default: $KAZASU_MESH_URL or the terminal's configuration)")
    common.add_argument("--site", default=argparse.SUPPRESS,
                        help="site id (default: $KAZASU_SITE or the terminal's configuration)")
    common.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS)
    return common


def data_dir(args: argparse.Namespace) -> Path:
    value = getattr(args, "data_dir", None) or os.environ.get("KAZASU_DATA_DIR")
    path = Path(value) if value else Path(platformdirs.user_data_dir("kazasu", appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def mesh_url(args: argparse.Namespace) -> str | None:
    return getattr(args, "mesh", None) or os.environ.get("KAZASU_MESH_URL") or None


def site(args: argparse.Namespace) -> str | None:
    return getattr(args, "site", None) or os.environ.get("KAZASU_SITE") or None


def configure_logging(args: argparse.Namespace) -> None:
    """Log to stderr at WARNING (INFO with -v) and as JSON lines to <data>/logs/kazasu.log (rotated;
    see kiosk.logs). A filter refuses any record that carries a PIN, a My Number or a name."""
    for name in ("json", "verbose", "data_dir", "mesh", "site"):
        if not hasattr(args, name):
            setattr(args, name, False if name in ("json", "verbose") else None)
    folder = args.data_dir or os.environ.get("KAZASU_DATA_DIR") or platformdirs.user_data_dir(
        "kazasu", appauthor=False)
    logs.configure(folder, verbose=args.verbose)
