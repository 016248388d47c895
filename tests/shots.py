"""Where tests put the pictures they take: an output folder, never the tracked docs/.

`path(name)` is where docs/screenshots/<name> is taken to, `path(name, "images")` docs/images/<name>:
both under $KAZASU_SHOTS_DIR, by default build/shots/ of the checkout (ignored by git). A test that
takes a picture carries `@pytest.mark.shots` (tests/conftest.py fails one that does not), so that
`make screenshots` (scripts/screenshots.sh) retakes every picture of the docs: it runs the tests
marked `shots` and copies the folder's screenshots/ and images/ onto docs/.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENV = "KAZASU_SHOTS_DIR"
KINDS = ("screenshots", "images")   # the folders of docs/ the pictures are for
taken: list[Path] = []              # the pictures this process took (tests/conftest.py checks the marker)


def folder() -> Path:
    """The output folder: $KAZASU_SHOTS_DIR, else build/shots/ of the checkout."""
    return Path(os.environ.get(ENV) or ROOT / "build" / "shots")


def path(name: str, kind: str = "screenshots") -> Path:
    """Where to save the picture `name` that docs/<kind>/ shows (the folder is made)."""
    if kind not in KINDS:
        raise ValueError(f"{kind!r}: pictures go to one of {KINDS}")
    target = folder() / kind / name
    target.parent.mkdir(parents=True, exist_ok=True)
    taken.append(target)
    return target
