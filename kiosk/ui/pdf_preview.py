"""A PDF's first page as a picture on screen: `first_page(path, width)` gives a QPixmap `width` px
wide, or None when it cannot be drawn (no poppler-utils, an unreadable file). Poppler's `pdftoppm`
(Debian's poppler-utils, which scripts/setup.sh installs) draws the page and hands the PNG back on its
output, so no picture of the page (it holds a name) is written anywhere; Qt's own PDF module would
need PySide6's add-ons, which the kiosk does not ship. Used for the library card's preview after a
registration."""

from __future__ import annotations

import logging
import shutil
import subprocess
from pathlib import Path

from PySide6.QtGui import QPixmap

logger = logging.getLogger(__name__)

RENDER_TIMEOUT_S = 10.0


def first_page(path: Path, width: int) -> QPixmap | None:
    tool = shutil.which("pdftoppm")
    if tool is None:
        logger.warning("pdftoppm (poppler-utils) is not installed: no PDF preview")
        return None
    try:
        done = subprocess.run([tool, "-png", "-singlefile", "-f", "1", "-l", "1", "-scale-to-x", str(width),
                               "-scale-to-y", "-1", "--", str(path)],
                              capture_output=True, timeout=RENDER_TIMEOUT_S, check=False)
    except (OSError, subprocess.TimeoutExpired):
        logger.warning("pdftoppm could not draw %s", Path(path).name, exc_info=True)
        return None
    pixmap = QPixmap()
    if done.returncode != 0 or not pixmap.loadFromData(done.stdout, "PNG"):
        logger.warning("pdftoppm could not draw %s (exit %s)", Path(path).name, done.returncode)
        return None
    return pixmap
