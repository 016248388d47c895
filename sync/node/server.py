"""The shelter node's application: the mesh app (sync.mesh.app) on the node's own database, with
enrolments relayed to the municipal mesh (sync.node.enrolment) and the uplink loop (sync.node.uplink)
running beside it; `/v1/health` adds `node`: its site, upstream, whether the uplink answered, the
backlog of events still to forward and what was refused. It serves its site's pre-registration page at
/prereg/{site}/ as the mesh does (sync.mesh.prereg_routes), with the `prereg` key it was given at its
enrolment and the name `site_name` (`kazasu node serve --site-name NAME`), both kept in its database.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI

from devices.pseudonym import service_key_path
from sync.mesh import registry
from sync.mesh.app import create_app
from sync.mesh.limits import DEFAULT_LIMITS, Limits
from sync.mesh.site_names import set_site_name
from sync.node.config import NodeConfig, NodeNotEnrolledError
from sync.node.enrolment import EnrolmentRelay
from sync.node.uplink import Uplink
from sync.prereg.seal import SERVICE as PREREG
from sync.signing import TerminalIdentity


def create_node_app(data_dir: Path | str, db_url: str, *, upstream: str | None = None,
                    limits: Limits = DEFAULT_LIMITS, interval: float = 1.0,
                    backoff_cap: float = 30.0, site_name: str | None = None) -> FastAPI:
    """The node's app; `upstream` overrides node.json's (the municipal mesh moved, or a proxy);
    `site_name` is the name its pre-registration page shows (kept: the next start shows it too)."""
    config = NodeConfig.load(data_dir)
    identity = TerminalIdentity.load(data_dir)
    if identity is None or identity.terminal_id != config.node_id:
        raise NodeNotEnrolledError(str(data_dir))
    if upstream:
        config.upstream = upstream.rstrip("/")
    holder: dict[str, Any] = {}

    def node_health() -> dict[str, Any]:
        uplink = holder.get("uplink")
        state = uplink.status() if uplink is not None else {}
        return {"node": {"node_id": config.node_id, "site": config.site, "upstream": config.upstream,
                         **state}}

    app = create_app(db_url, allow_unsigned=False, limits=limits,
                     enrolment_relay=lambda body: holder["relay"](body), health_extra=node_health)
    storage = app.state.storage
    prereg = service_key_path(Path(data_dir), PREREG)
    if prereg.exists():   # the site's page, as the municipal mesh serves it
        registry.keep_service_key(storage, config.site, PREREG, prereg.read_bytes())
    if site_name:
        set_site_name(storage, config.site, site_name)
    holder["relay"] = EnrolmentRelay(storage, config)
    holder["uplink"] = Uplink(storage, config, identity, interval=interval, backoff_cap=backoff_cap)
    app.state.node = holder["uplink"]
    app.router.add_event_handler("startup", holder["uplink"].start)
    # before the storage closes (create_app's own shutdown handler): the uplink still writes
    app.router.on_shutdown[:0] = [holder["uplink"].stop, holder["relay"].close]
    return app
