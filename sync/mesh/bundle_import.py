"""`kazasu mesh import FILE`: a carried bundle (sync.bundle) goes through the same ingest as online sync.

The file is checked first (shape, event hash, each event; sync.bundle.read_bundle). If the bundle's
terminal is enrolled here, the bundle signature must verify with its ENROLLED key (not the key written
in the file): otherwise BundleInvalidError and nothing is imported. Then the events go through
sync.mesh.ingest exactly like a POSTed batch (signature, chain, site, revocation, allow_unsigned), in
chunks of MAX_CHUNK, so every event gets its own answer (accepted, duplicate or rejected with the
reason). Importing the same bundle again answers `duplicate` for each event; when the terminal later
syncs online, the mesh answers `duplicate` too and the terminal marks them acknowledged.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from sync.bundle import read_bundle
from sync.errors import BundleInvalidError
from sync.mesh.ingest import ingest
from sync.mesh.registry import get_terminal
from sync.mesh.storage import MeshStorage
from sync.signing import public_key_from_b64

logger = logging.getLogger(__name__)

MAX_CHUNK = 1000


def import_bundle(storage: MeshStorage, path: Path | str, *, allow_unsigned: bool) -> dict[str, Any]:
    bundle = read_bundle(path)
    with storage.reading() as tx:
        record = get_terminal(tx, bundle.terminal)
    if record is not None and not bundle.verify(public_key_from_b64(record.public_key)):
        raise BundleInvalidError("the bundle signature does not match the enrolled key of its"
                                 " terminal")
    results: list[dict[str, Any]] = []
    for start in range(0, len(bundle.events), MAX_CHUNK):
        chunk = bundle.events[start:start + MAX_CHUNK]
        for event, (status, reason) in zip(chunk, ingest(storage, chunk,
                                                         allow_unsigned=allow_unsigned)):
            results.append({"id": event.id, "status": status, **({"reason": reason} if reason else {})})
    counts = {s: sum(1 for r in results if r["status"] == s) for s in ("accepted", "duplicate",
                                                                         "rejected")}
    logger.info("imported a bundle of terminal %s: %s", bundle.terminal, counts)
    return {"file": str(Path(path).resolve()), "terminal": bundle.terminal, "site": bundle.site,
            "signed": bundle.signature is not None, "events": len(results), **counts,
            "results": results}
