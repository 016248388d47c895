"""sqlite-utils, imported without numpy: sqlite_utils.db imports numpy (when installed) only to map
numpy's number types to column types, and the store never writes numpy values (its rows come from
JSON). numpy would cost the kiosk about 0.1 s and 15 MB at start; a part that needs numpy (the camera's
照合番号B reader) imports it itself, and then it works as before.
"""

from __future__ import annotations

import sys


def _without_numpy():
    """Import sqlite_utils with numpy hidden, unless numpy is already loaded (then nothing is saved)."""
    if "numpy" in sys.modules or "sqlite_utils" in sys.modules:
        import sqlite_utils  # lazy: numpy is already here, a plain import

        return sqlite_utils
    sys.modules["numpy"] = None  # type: ignore[assignment]  # `import numpy` raises ImportError
    try:
        import sqlite_utils  # lazy: numpy hidden for this import only

        return sqlite_utils
    finally:
        if sys.modules.get("numpy", 0) is None:
            del sys.modules["numpy"]


_without_numpy()

from sqlite_utils import Database  # noqa: E402  (after the import without numpy above)
from sqlite_utils.migrations import Migrations  # noqa: E402

__all__ = ["Database", "Migrations"]
