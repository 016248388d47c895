"""The one call each way: a record to QR texts (`make_codes`), QR texts to a record (`read_codes`).

`SiteKeys.load(data_dir, site)` is what a terminal holds: its site and the site's `prereg` key
(`<data-dir>/service-keys/prereg.key`, the site's since enrolment; an unenrolled terminal makes its own,
so only its own page's codes open there), and the keys a rotation retired that are still accepted
(`older`, sync.prereg.keyring): new codes are sealed to the current key, codes of either open.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ec

from sync.prereg import seal as s
from sync.prereg.text import Parts, split


@dataclass(frozen=True)
class SiteKeys:
    site: str
    private: ec.EllipticCurvePrivateKey
    older: tuple[ec.EllipticCurvePrivateKey, ...] = ()   # retired by a rotation, still accepted

    @classmethod
    def load(cls, data_dir: Path | str, site: str) -> "SiteKeys":
        # lazy: the keyring only where a terminal's keys are loaded
        from sync.prereg.keyring import Keyring

        ring = Keyring.load(Path(data_dir))
        current, *older = ring.accepted()
        return cls(site, s.site_private_key(current), tuple(s.site_private_key(k) for k in older))

    @classmethod
    def from_service_key(cls, site: str, service_key: bytes) -> "SiteKeys":
        return cls(site, s.site_private_key(service_key))

    @property
    def public(self) -> bytes:
        return s.public_bytes(self.private.public_key())


def make_codes(record: dict[str, Any], site_public: bytes, site: str, *, created: int | None = None,
               max_part: int | None = None) -> list[str]:
    """The texts of the QR codes for `record` sealed to the site (as the resident's page makes them)."""
    blob = s.seal(record, site_public, site, created=created)
    return split(blob) if max_part is None else split(blob, max_part)


def read_codes(texts: list[str], keys: SiteKeys, *, now: float | None = None,
               max_age_days: int = s.DEFAULT_MAX_AGE_DAYS) -> dict[str, Any]:
    """The record of one message's codes (every part), or a typed `PreregError`."""
    parts = Parts()
    blob = None
    for text in texts:
        blob = parts.add(text)
    if blob is None or parts.missing():
        raise parts.incomplete()
    return s.open_sealed(blob, [keys.private, *keys.older], keys.site, now=now, max_age_days=max_age_days)
