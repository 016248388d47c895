"""The wire protocol's version, and the check that an upstream (the municipal mesh, a shelter node)
speaks it.

`/v1/health` answers `protocol: PROTOCOL_VERSION`. Version 1 (the meshes before `protocol` was in the
health answer): unsigned pushes allowed, no node role, no publications. Version 2: every request of an
enrolled terminal signed (sync.request_auth), shelter nodes relaying with the terminals' signatures,
what the municipality publishes (sync.publications). A terminal or node that talks to an upstream older
than MIN_UPSTREAM_PROTOCOL stops with `UpstreamTooOldError` (`upstream_too_old`) before it sends
anything, instead of failing later in a confusing way (a 401 on every batch, a 404 on the feed).
`kazasu mesh serve --wire-protocol 1` emulates an old mesh (its health answer has no `protocol`).
"""

from __future__ import annotations

from typing import Any

from sync.errors import SyncError

PROTOCOL_VERSION = 2
MIN_UPSTREAM_PROTOCOL = 2
HEALTH_PATH = "/v1/health"


class UpstreamTooOldError(SyncError):
    code = "upstream_too_old"

    def __init__(self, url: str, protocol: int) -> None:
        self.url, self.protocol = url, protocol
        super().__init__(
            f"The server at {url} speaks sync protocol {protocol}; this PC needs {MIN_UPSTREAM_PROTOCOL} "
            "or newer. Nothing was sent; the records stay queued here. Ask IT to update the mesh (or the "
            "shelter node) to this version of kazasu.",
            message_ja=f"{url} のサーバーは同期プロトコル {protocol} です。このPCには {MIN_UPSTREAM_PROTOCOL} "
                       "以上が必要です。何も送信していません。記録はこのPCに残っています。情報担当に、"
                       "メッシュ（または避難所ノード）をこの版の kazasu に更新するよう依頼してください。")

    def details(self) -> dict[str, Any]:
        return {"upstream": self.url, "protocol": self.protocol, "needed": MIN_UPSTREAM_PROTOCOL}


def health_fields(wire_protocol: int = PROTOCOL_VERSION) -> dict[str, Any]:
    """What `/v1/health` says about the protocol (nothing for version 1: the old meshes said nothing)."""
    return {"protocol": wire_protocol} if wire_protocol >= 2 else {}


def protocol_of(health: Any) -> int:
    """The protocol an upstream's health answer states (1 when it states none)."""
    value = health.get("protocol") if isinstance(health, dict) else None
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 1


def check_upstream(url: str, health: Any) -> int:
    """The upstream's protocol when this PC can talk to it; else UpstreamTooOldError."""
    protocol = protocol_of(health)
    if protocol < MIN_UPSTREAM_PROTOCOL:
        raise UpstreamTooOldError(url, protocol)
    return protocol
