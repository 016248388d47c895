"""The resident's page: one self-contained HTML file (its scripts inline) holding only the site's id,
name and PUBLIC key, plus the service worker that keeps it for use offline.

`build_page(site, public_key, desk="shelter")` → HTML text. The mesh serves it at `/prereg/{site}/`
(`/prereg/{site}/counter/` for the counter) and `kazasu prereg page --out FILE` writes it for a shelter
node to serve. The scripts are `static/*.js` (kazasu's own, QR encoder included); the counter's
procedures and the fields they ask come from the form definitions (`forms.registry`).
"""

from __future__ import annotations

import base64
import json
from functools import cache
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from sync.prereg.options import DESKS
from sync.prereg.record import NEED_CODES
from sync.prereg.text import MAX_PART_BYTES

STATIC = Path(__file__).resolve().parent / "static"
# the security headers the page is served with: its scripts are inline, it loads nothing, sends nothing
HEADERS = {"Content-Security-Policy": "default-src 'none'; script-src 'unsafe-inline' 'self'; style-src "
           "'unsafe-inline'; img-src data: blob:; connect-src 'self'; worker-src 'self'; manifest-src 'self'",
           "Referrer-Policy": "no-referrer", "X-Content-Type-Options": "nosniff", "Cache-Control": "no-cache"}


@cache
def _static(name: str) -> str:
    return (STATIC / name).read_text(encoding="utf-8")


def service_worker() -> str:
    return _static("sw.js")


def counter_forms() -> list[dict[str, Any]]:
    """Each form's id, title and the fields it asks that no card holds (not the kana: the person's)."""
    # the form definitions only for the counter's page
    from forms.registry import list_forms
    out = []
    for form in list_forms():
        fields = []
        for f in form.fields:
            if f.source != "asked" or f.input is None or f.input.kind == "kana" or getattr(f, "row_group", None):
                continue
            spec: dict[str, Any] = {"kind": f.input.kind}
            if f.input.options:
                spec["options"] = [{"value": o.value, "ja": o.ja, "en": o.en} for o in f.input.options]
            fields.append({"id": f.id, "label": {"ja": f.label_ja, "en": f.label_en}, "input": spec})
        out.append({"id": form.id, "title": {"ja": form.title_ja, "en": form.title_en}, "fields": fields})
    return out


def build_page(site: str, public_key: ec.EllipticCurvePublicKey, *, desk: str = "shelter",
               site_name: str = "") -> str:
    """The page for `desk` of `site`: everything inline, the public key as an uncompressed point."""
    if desk not in DESKS:
        raise ValueError(f"desk is one of {DESKS}")
    raw = public_key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    config: dict[str, Any] = {"site": site, "site_name": site_name or site, "desk": desk,
                              "public_key": base64.urlsafe_b64encode(raw).decode("ascii").rstrip("="),
                              "needs": list(NEED_CODES), "max_part": MAX_PART_BYTES}
    if desk == "counter":
        config["forms"] = counter_forms()
    # "</" never appears inside the inline JSON, so no text can close its script element
    data = json.dumps(config, ensure_ascii=False).replace("</", "<\\/")
    return (_static("page.html").replace("/*CONFIG*/", data).replace("/*QR*/", _static("qr.js"))
            .replace("/*SEAL*/", _static("seal.js")).replace("/*APP*/", _static("app.js")))
