"""Credentials for tests that talk to a mesh that requires them: an operator's bearer header, and httpx
clients that sign as an enrolled terminal (sync.request_auth), so a test can send exactly the request
it means (forged events, replays, other sites) as a terminal the mesh knows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from sync.mesh import operators, registry
from sync.request_auth import TerminalAuth
from sync.signing import TerminalIdentity


def operator_headers(storage, sites: list[str] | None = None, name: str = "test-it") -> dict[str, str]:
    """A new operator of `sites` (None: every site) and its Authorization header."""
    token = operators.add_operator(storage, name, sites)["token"]
    return {"Authorization": f"Bearer {token}"}


def terminal_http(identity: TerminalIdentity | Path, **kwargs: Any) -> httpx.Client:
    """An httpx client that signs every request as `identity` (or the one in a data folder)."""
    if not isinstance(identity, TerminalIdentity):
        loaded = TerminalIdentity.load(identity)
        assert loaded is not None, f"no terminal key in {identity}"
        identity = loaded
    return httpx.Client(auth=TerminalAuth(identity), timeout=kwargs.pop("timeout", 10), **kwargs)


def enrolled_identity(storage, site: str, terminal_id: str) -> TerminalIdentity:
    """A terminal enrolled straight in the mesh's database (no HTTP), with its key."""
    identity = TerminalIdentity.generate(terminal_id)
    code = registry.issue_code(storage, site)["code"]
    registry.enroll(storage, code, terminal_id, identity.public_key_b64())
    return identity


def signed_post(url: str, identity: TerminalIdentity | Path, events: list[dict]) -> list[dict]:
    """POST a batch as that terminal; the per-event results."""
    with terminal_http(identity) as client:
        response = client.post(url + "/v1/events/batch", json={"events": events})
    assert response.status_code == 200, response.text
    return response.json()["results"]


def served_feed(storage, site: str) -> list[dict]:
    """The site's events as the mesh serves them (the feed's event form), read from its database."""
    return storage.feed(site, limit=100_000).events
