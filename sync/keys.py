"""The terminal's at-rest encryption key: 32 random bytes in a 0600 file in the data folder.

Created on first use; a key file that group or others could read is refused (KeyFilePermissionError)
rather than silently used or repaired, because it may already have leaked. OS keyring storage comes later.
"""

from __future__ import annotations

import logging
import os
import secrets
import stat
from pathlib import Path

from sync.errors import KeyFileInvalidError, KeyFilePermissionError

logger = logging.getLogger(__name__)

KEY_FILE_NAME = "sync.key"
KEY_BYTES = 32


def key_path(data_dir: Path) -> Path:
    return Path(data_dir) / KEY_FILE_NAME


def load_or_create_key(data_dir: Path) -> bytes:
    """The key of this data folder, creating the file (mode 0600) if it does not exist yet."""
    path = key_path(data_dir)
    try:
        return read_key(path)
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_bytes(KEY_BYTES)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process created it first: use theirs
        return read_key(path)
    with os.fdopen(fd, "wb") as handle:
        handle.write(key)
        handle.flush()
        os.fsync(handle.fileno())
    logger.info("created a new encryption key file in the data folder")
    return key


def read_key(path: Path) -> bytes:
    """Read and check a key file; raises FileNotFoundError if it is absent."""
    with open(path, "rb") as handle:
        mode = stat.S_IMODE(os.fstat(handle.fileno()).st_mode)
        if mode & 0o077:
            raise KeyFilePermissionError(str(path), mode)
        key = handle.read(KEY_BYTES + 1)
    if len(key) != KEY_BYTES:
        raise KeyFileInvalidError(str(path))
    return key
