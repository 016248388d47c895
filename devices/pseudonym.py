"""Per-service pseudonyms for a My Number card read without a PIN, and the service keys behind them.

`service_pseudonym(cert, service_key, service)` = HMAC-SHA256 keyed with the service's own 32-byte key
over a domain tag, the service name, the certificate issuer (DER) and its serial number; hex. The raw
serial is used only inside this function: it is never stored, logged or printed. Different services
get unlinkable pseudonyms for the same card; a renewed certificate (new serial) gives a new one.
`load_service_key(data_dir, service)` keeps one key per service in `<data-dir>/service-keys/
<service>.key` (32 random bytes, mode 0600, created on first use). Terminals of one site must share a
service's key, or the same card gets a different pseudonym at each terminal: at enrolment the mesh
hands the site's keys out and `install_service_key` puts them in place. A pseudonym proves no PIN holder
and no genuine card (docs/devices.md, mynumber-card.md §4.2).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from pathlib import Path
from typing import TYPE_CHECKING

from devices.errors import ServiceKeyError, ServiceNameError

if TYPE_CHECKING:   # the certificate is parsed by devices.jpki (cryptography.x509 loads there, when used)
    from cryptography import x509

KEY_SIZE = 32
DOMAIN = b"kazasu/jpki-auth-cert-pseudonym/v1"
SERVICE_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")


def check_service_name(service: object) -> str:
    if not isinstance(service, str) or not SERVICE_NAME.fullmatch(service):
        raise ServiceNameError()
    return service


def _field(data: bytes) -> bytes:
    return len(data).to_bytes(4, "big") + data


def service_pseudonym(cert: x509.Certificate, service_key: bytes, service: str) -> str:
    """Hex HMAC-SHA256 of (domain, service, issuer DER, serial) under the service's key."""
    check_service_name(service)
    if not isinstance(service_key, bytes) or len(service_key) != KEY_SIZE:
        raise ServiceKeyError()
    serial = cert.serial_number
    serial_bytes = serial.to_bytes(max(1, (serial.bit_length() + 8) // 8), "big", signed=False)
    message = b"".join(_field(part) for part in (DOMAIN, service.encode("ascii"),
                                                  cert.issuer.public_bytes(), serial_bytes))
    return hmac.new(service_key, message, hashlib.sha256).hexdigest()


def service_key_path(data_dir: Path, service: str) -> Path:
    return Path(data_dir) / "service-keys" / f"{check_service_name(service)}.key"


def load_service_key(data_dir: Path, service: str) -> bytes:
    """The service's key, created (32 random bytes, 0600, folder 0700) on first use."""
    path = service_key_path(data_dir, service)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not path.exists():
        # write a complete private file first, then link it into place: a concurrent first use
        # never sees a half-written key, and the first link wins
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, secrets.token_bytes(KEY_SIZE))
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    try:
        key = path.read_bytes()
    except OSError:
        raise ServiceKeyError() from None
    if len(key) != KEY_SIZE:
        raise ServiceKeyError()
    return key


def install_service_key(data_dir: Path, service: str, key: bytes) -> str:
    """Put a key given by the site (at enrolment) in place of the service's key file.

    Returns "installed" (no key before), "unchanged" (the same key was there) or "replaced" (a
    different local key was there: it is kept beside as `<service>.key.replaced-<n>`, since cards
    linked under it no longer match and staff must link them again)."""
    if not isinstance(key, bytes) or len(key) != KEY_SIZE:
        raise ServiceKeyError()
    path = service_key_path(data_dir, service)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    outcome = "installed"
    if path.exists():
        try:
            if path.read_bytes() == key:
                return "unchanged"
        except OSError:
            raise ServiceKeyError() from None
        n = 1
        while path.with_name(f"{path.name}.replaced-{n}").exists():
            n += 1
        os.replace(path, path.with_name(f"{path.name}.replaced-{n}"))
        outcome = "replaced"
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, key)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    return outcome
