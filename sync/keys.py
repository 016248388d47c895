"""The terminal's at-rest encryption key: in the OS keyring when one is usable, else a 0600 key file.

Where the key lives is chosen by `KAZASU_KEY_STORE`:
- `auto` (default): the OS keyring (`keyring` package) when its backend is a real one (Secret Service,
  KWallet, macOS/Windows stores), else `<data-dir>/sync.key` (headless kiosks). The plaintext and
  null/fail backends, and those of `keyrings.alt`, do not count as usable in `auto`.
- `keyring`: the keyring backend `keyring` selects, whatever it is (KeyringUnavailableError if none).
- `file`: the key file only.
One keyring entry per data folder: service `kazasu`, user name `sync-key:<absolute data folder>`, the
value base64. In `auto` an existing key file is used at once, without asking any keyring (a terminal
that started with a file keeps it, and a headless kiosk does not pay the keyring's backend discovery,
~0.3 s, at every start); otherwise the keyring's key is used, then a key file. A key that is in neither while the
database already holds encrypted
data is KeyMissingError: a new key would make the stored records unreadable, so none is made.
A key file that group or others could read is refused (KeyFilePermissionError) rather than silently
used or repaired, because it may already have leaked.
"""

from __future__ import annotations

import base64
import binascii
import logging
import os
import secrets
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sync.errors import KeyFileInvalidError, KeyFilePermissionError, KeyMissingError, KeyringUnavailableError

logger = logging.getLogger(__name__)

KEY_FILE_NAME = "sync.key"
KEY_BYTES = 32
KEYRING_SERVICE = "kazasu"
ENV = "KAZASU_KEY_STORE"
MODES = ("auto", "keyring", "file")


@dataclass(frozen=True)
class LoadedKey:
    key: bytes = field(repr=False)  # never in a repr, a log or a traceback
    store: str  # "keyring" or "file"
    backend: str | None = None  # the keyring backend's class, for status and doctor

    def describe(self) -> dict[str, Any]:
        return {"key_store": self.store, "key_backend": self.backend}


def key_path(data_dir: Path) -> Path:
    return Path(data_dir) / KEY_FILE_NAME


def keyring_user(data_dir: Path) -> str:
    return f"sync-key:{Path(data_dir).resolve()}"


def load_key(data_dir: Path | str, *, has_data: bool, mode: str | None = None) -> LoadedKey:
    """The key of this data folder (see the module docstring for where it is looked up and made)."""
    data_dir = Path(data_dir)
    mode = (mode or os.environ.get(ENV) or "auto").strip().lower()
    if mode not in MODES:
        raise KeyringUnavailableError(f"{ENV} must be one of {', '.join(MODES)}")
    if mode == "auto":
        try:
            return LoadedKey(read_key(key_path(data_dir)), "file")
        except FileNotFoundError:
            pass
    backend = None if mode == "file" else usable_keyring(strict=mode == "auto")
    if mode == "keyring" and backend is None:
        raise KeyringUnavailableError("no keyring backend is available")
    name = _backend_name(backend) if backend is not None else None
    if backend is not None:
        stored = _keyring_get(backend, data_dir)
        if stored is not None:
            return LoadedKey(stored, "keyring", name)
    try:
        return LoadedKey(read_key(key_path(data_dir)), "file")
    except FileNotFoundError:
        pass
    if has_data:
        raise KeyMissingError(str(data_dir), name)
    if backend is not None:
        key = secrets.token_bytes(KEY_BYTES)
        backend.set_password(KEYRING_SERVICE, keyring_user(data_dir), base64.b64encode(key).decode())
        if _keyring_get(backend, data_dir) != key:  # a keyring that does not keep what it is given
            raise KeyringUnavailableError("the keyring did not keep the new key")
        logger.info("created a new encryption key in the OS keyring (%s)", name)
        return LoadedKey(key, "keyring", name)
    return LoadedKey(load_or_create_key(data_dir), "file")


def usable_keyring(*, strict: bool) -> Any | None:
    """The keyring backend to use, or None. `strict`: only real OS stores (not plaintext/alt/null)."""
    try:
        # lazy: keyring (about 0.4 s) loads only when the key file is missing or the keyring is asked for
        import keyring
        from keyring.backends import fail
        backend = keyring.get_keyring()
    except Exception:  # noqa: BLE001 - a broken keyring set-up means "not usable", never a crash
        logger.info("no usable keyring backend")
        return None
    if isinstance(backend, fail.Keyring) or type(backend).__module__.startswith("keyring.backends.null"):
        return None
    if strict:
        module = type(backend).__module__
        if module.startswith("keyrings.alt") or getattr(backend, "priority", 0) < 1:
            return None
        if module.startswith("keyring.backends.chainer") and not getattr(backend, "backends", None):
            return None
    return backend


def _backend_name(backend: Any) -> str:
    return f"{type(backend).__module__}.{type(backend).__name__}"


def _keyring_get(backend: Any, data_dir: Path) -> bytes | None:
    try:
        value = backend.get_password(KEYRING_SERVICE, keyring_user(data_dir))
    except Exception as exc:  # noqa: BLE001 - a locked or broken keyring
        raise KeyringUnavailableError(type(exc).__name__) from None
    if value is None:
        return None
    try:
        key = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        key = b""
    if len(key) != KEY_BYTES:
        raise KeyFileInvalidError(f"keyring:{KEYRING_SERVICE}/{keyring_user(data_dir)}")
    return key


def load_or_create_key(data_dir: Path) -> bytes:
    """The key file of this data folder, creating it (mode 0600) if it does not exist yet."""
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
