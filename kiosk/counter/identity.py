"""The identity document seen on the by-hand path (no card read), without Qt.

When staff type the four facts, they type them from a document the resident shows; which document,
and that the staff member saw it, go into the visit's events (`record`, in the encrypted payload of
every `counter.application_submitted` event of the visit), show on the confirm screen (`rows`),
and are printed nowhere: the forms render only their own fields. Only the kind is kept (and, for
「その他」, the few words staff typed for it), never the document's number.
"""

from __future__ import annotations

from kiosk.errors import KioskError
from kiosk.messages import Bilingual, text

KINDS = ("drivers_license", "passport", "residence_card", "health_insurance", "other")
OTHER_MAX = 30   # characters of 「その他」's own words


class IdentityDocumentError(KioskError):
    """The by-hand path without a document chosen and seen."""

    code = "identity_document_missing"


def record(kind: str | None, seen: bool, other: str = "") -> dict:
    """What the events keep: {"kind", "seen_by_staff": True[, "other"]}; refused with words that say
    what is missing."""
    other = " ".join(str(other or "").split())[:OTHER_MAX]
    if kind not in KINDS:
        raise IdentityDocumentError("本人確認書類の種類を選んでください。", "Choose the kind of identity document.",
                                    field="identity_document")
    if kind == "other" and not other:
        raise IdentityDocumentError("「その他」の書類の名前を入力してください。",
                                    "Type the name of the other document.", field="identity_document_other")
    if not seen:
        raise IdentityDocumentError("書類を確認したら「書類を確認しました」を押してください。",
                                    "Press \"I have seen the document\" once you have checked it.",
                                    field="identity_document_seen")
    out = {"kind": kind, "seen_by_staff": True}
    if kind == "other":
        out["other"] = other
    return out


def rows(document: dict) -> list[tuple[Bilingual, Bilingual]]:
    """The document as the confirm screen shows it, (label, value) rows in catalog words (so they
    follow the resident's language): 本人確認書類 運転免許証 / 確認 係員が確認."""
    kind = text(f"identity.{document['kind']}")
    if document["kind"] == "other" and document.get("other"):
        kind = Bilingual(f"{kind.ja}：{document['other']}", f"{kind.en}: {document['other']}")
    return [(text("manual.document"), kind), (text("identity.checked"), text("identity.seen_note"))]
