"""The terminal's copy of what the municipality published (sync.publications), in `<data-dir>/published/`.

Each kept publication is its signed document, verbatim, in
`published/<kind>/<name>/<version, 19 digits>-<id>.json`; `cursor.json` holds the publications feed
position and the mesh it is a position of (a terminal that moves between its shelter node and the
municipal mesh reads the new one's publications from the start; ids already kept are skipped).

Nothing is trusted because it is on disk: every reader (`newest`, `notices`, `versions`) verifies each
document again with the key pinned in terminal.json at enrolment, and a caller that checks more (the
forms check a definition) passes `accept`: the newest document that verifies AND is accepted wins, so a
bad one never replaces a good one.

`pull(client, published, site)` is what the sync pass runs (sync.client.SyncClient.pull_publications).
"""

from __future__ import annotations

import json
import logging
import os
import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterator

from sync.errors import MeshResponseError
from sync.events import canonical_json
from sync.publications import KINDS, check, for_site

logger = logging.getLogger(__name__)

FOLDER = "published"
PATH = "/v1/publications"
PAGE = 200
MAX_PAGES = 1000
_SAFE = re.compile(r"[^A-Za-z0-9._-]")


class PublishedStore:
    def __init__(self, data_dir: Path | str) -> None:
        self.data_dir = Path(data_dir)
        self.root = self.data_dir / FOLDER

    # -- the pinned key and the cursor -----------------------------------------------------------
    def pinned_key(self) -> str | None:
        try:
            data = json.loads((self.data_dir / "terminal.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        key = data.get("publisher_key") if isinstance(data, dict) else None
        return key if isinstance(key, str) and key else None

    def cursor(self, source: str) -> int:
        try:
            data = json.loads((self.root / "cursor.json").read_text(encoding="utf-8"))
            return int(data["cursor"]) if data.get("source") == source else 0
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return 0

    def set_cursor(self, source: str, cursor: int) -> None:
        _write(self.root / "cursor.json", json.dumps({"source": source, "cursor": cursor}).encode())

    # -- documents -------------------------------------------------------------------------------
    def _folder(self, kind: str, name: str) -> Path:
        return self.root / kind / _SAFE.sub("_", name)

    def keep(self, doc: dict[str, Any]) -> bool:
        """Write a verified document; False when it is already kept."""
        path = self._folder(doc["kind"], doc["name"]) / f"{int(doc['version']):019d}-{doc['id']}.json"
        if path.exists():
            return False
        _write(path, canonical_json(doc))
        return True

    def versions(self, kind: str, name: str) -> Iterator[dict[str, Any]]:
        """The kept documents of one name that verify with the pinned key, newest version first."""
        key = self.pinned_key()
        folder = self._folder(kind, name)
        for path in sorted(folder.glob("*.json"), reverse=True) if folder.is_dir() else ():
            try:
                doc = json.loads(path.read_bytes())
            except (OSError, ValueError):
                continue
            problem = check(doc, key)
            if problem is None and doc.get("kind") == kind and doc.get("name") == name:
                yield doc
            else:
                logger.warning("published %s %s: %s refused (%s)", kind, name, path.name, problem)

    def newest(self, kind: str, name: str,
               accept: Callable[[dict[str, Any]], bool] | None = None) -> dict[str, Any] | None:
        """The newest document of `kind`/`name` that verifies and that `accept` takes."""
        for doc in self.versions(kind, name):
            if accept is None or accept(doc):
                return doc
        return None

    def names(self, kind: str) -> list[str]:
        folder = self.root / kind
        if not folder.is_dir():
            return []
        names = []
        for sub in sorted(folder.iterdir()):
            for path in sorted(sub.glob("*.json"), reverse=True)[:1]:
                try:
                    names.append(str(json.loads(path.read_bytes())["name"]))
                except (OSError, ValueError, KeyError, TypeError):
                    continue
        return names

    def notices(self, now: datetime | None = None) -> list[dict[str, Any]]:
        """The notices to staff in force (verified, not expired), newest first: their bodies, with
        `id` and `published_at`."""
        now = now or datetime.now(timezone.utc)
        out = []
        for name in self.names("notice"):
            doc = self.newest("notice", name)
            if doc is None:
                continue
            expires = doc["body"].get("expires_at")
            if expires:
                try:
                    if datetime.fromisoformat(expires.replace("Z", "+00:00")) <= now:
                        continue
                except ValueError:
                    continue
            out.append({**doc["body"], "id": doc["id"], "published_at": doc["published_at"]})
        return sorted(out, key=lambda n: n["published_at"], reverse=True)


def pull(client: Any, published: PublishedStore, site: str | None) -> dict[str, Any]:
    """One pull of the publications feed through `client` (a SyncClient): keep what verifies, count
    and name what does not, apply a revocation of this terminal at once."""
    key = published.pinned_key()
    if key is None:  # not enrolled with a mesh that publishes: nothing could be verified, ask nothing
        return {"received": 0, "kept": [], "refused": 0, "pinned": False}
    source = client.mesh_url
    cursor = published.cursor(source)
    own = client.store.identity.terminal_id if client.store.identity is not None else None
    received = 0
    kept: list[dict[str, Any]] = []
    refused: list[dict[str, Any]] = []
    revoked = False
    for _ in range(MAX_PAGES):
        try:
            page = client.get_json(PATH, {"after": cursor, "limit": PAGE})
        except MeshResponseError as exc:
            if exc.status == 404:  # a mesh older than publications
                return {"received": 0, "kept": [], "refused": 0, "supported": False}
            raise
        docs = page.get("publications")
        if not isinstance(docs, list):
            break
        for doc in docs:
            received += 1
            problem = check(doc, key)
            if problem is not None:
                refused.append({"id": str(doc.get("id")) if isinstance(doc, dict) else None,
                                "kind": doc.get("kind") if isinstance(doc, dict) else None,
                                "reason": problem})
                logger.warning("refused a publication: %s", problem)
                continue
            if doc["kind"] not in KINDS or not for_site(doc, site):
                continue
            if published.keep(doc):
                kept.append({"kind": doc["kind"], "name": doc["name"], "version": doc["version"]})
            if doc["kind"] == "revocation" and own is not None and doc["name"] == own:
                client.store.mark_revoked(doc["published_at"])
                revoked = True
        try:
            cursor = max(cursor, int(page.get("next_cursor", cursor)))
        except (TypeError, ValueError):
            break
        published.set_cursor(source, cursor)
        if not page.get("has_more") or not docs:
            break
    out: dict[str, Any] = {"received": received, "kept": kept, "refused": len(refused)}
    if refused:
        out["refusals"] = refused[:20]
    if revoked:
        out["revoked"] = True
    return out


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


class PublishedForms:
    """The form definitions the municipality published, as forms.registry reads them
    (`forms.registry.use_published(PublishedForms(data_dir))`): verified documents only."""

    def __init__(self, data_dir: Path | str) -> None:
        self.store = PublishedStore(data_dir)

    def form_ids(self) -> list[str]:
        return self.store.names("form")

    def candidates(self, form_id: str) -> Iterator[tuple[int, Any]]:
        for doc in self.store.versions("form", form_id):
            yield int(doc["version"]), doc["body"]
