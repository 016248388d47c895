"""Terminal side of enrolment: make the Ed25519 key, register it with the mesh, remember site and mesh.

`enroll_terminal(data_dir, code, mesh_url)`:
0. the mesh URL must be https (plain http only to loopback); when the code carries the pin of the mesh's
   TLS key (`kazasu mesh enroll --tls-cert`, sync.transport.split_code), the enrolment request already
   goes over a connection pinned to it, so the code and the key reach the real mesh or nobody;
1. reuse the key of an earlier attempt for this terminal id (`terminal.key.pending`, 0600: its answer may
   have been lost, and the mesh answers the same again to the same key), else make one and keep it there;
2. POST /v1/terminals/enroll {code, terminal_id, public_key} (the code works once, then expires);
3. only when the mesh accepted: write `terminal.key` (0600), put the site's pseudonym service keys
   in place (`services`, default the desks' `shelter` and `library`; devices.pseudonym
   `install_service_key`, so every terminal of the site gets the same pseudonym for the same card),
   save `site`, `mesh_url`, the pin (`mesh_pin`) and the municipality's publishing key
   (`publisher_key`, sync.publications) in terminal.json, and sign the still-pending unsigned events of this
   terminal into its chain, so they
   sync under the new rule (the mesh rejects unsigned events of an enrolled terminal).
From then on `EventStore` (which loads the identity from its data folder) signs every appended event.
"""

from __future__ import annotations

import base64
import binascii
import logging
from pathlib import Path
from typing import Any

import httpx

from devices.pseudonym import install_service_key
from sync.errors import EnrolmentError, MeshResponseError, SyncError
from sync.signing import TerminalIdentity
from sync.store import EventStore
from sync.terminal import TerminalConfig
from sync.transport import check_mesh_url, mesh_http_client, no_answer, split_code

logger = logging.getLogger(__name__)

ENROLL_PATH = "/v1/terminals/enroll"
PENDING_KEY = "terminal.key.pending"
STORE_FILE = "kazasu.db"
SITE_SERVICES = ("shelter", "library", "prereg")  # the pseudonym services the desks use (kiosk.shelter.card,
                                                  # kiosk/library/default_library.json) and the site's
                                                  # pre-registration key (sync.prereg.seal)


def enroll_terminal(data_dir: Path | str, code: str, mesh_url: str, *, timeout: float = 10.0,
                    http: httpx.Client | None = None,
                    services: tuple[str, ...] | list[str] = SITE_SERVICES) -> dict[str, Any]:
    data_dir = Path(data_dir)
    url = check_mesh_url(mesh_url)
    code, pin = split_code(code)
    config = TerminalConfig.load(data_dir)
    identity = TerminalIdentity.load(data_dir)
    if identity is None or identity.terminal_id != config.terminal_id:
        identity = pending_identity(data_dir, config.terminal_id)
    pin = config.pin_for(url) or pin  # a pin recorded for this address (kazasu terminal pin) first
    client = http or mesh_http_client(url, pin=pin, timeout=timeout)
    try:
        response = client.post(url + ENROLL_PATH, json={
            "code": code, "terminal_id": identity.terminal_id,
            "public_key": identity.public_key_b64(), "services": list(services)})
    except httpx.TransportError as exc:
        raise no_answer(url, exc) from None
    finally:
        if http is None:
            client.close()
    if response.status_code != 200:
        if 400 <= response.status_code < 500:  # refused for good: no key is kept (a 5xx may be retried)
            TerminalIdentity.path(data_dir).with_name(PENDING_KEY).unlink(missing_ok=True)
        raise refusal_of(url, response)
    answer = response.json()
    identity.save(data_dir)
    TerminalIdentity.path(data_dir).with_name(PENDING_KEY).unlink(missing_ok=True)
    installed = {}
    for service, key_b64 in (answer.get("service_keys") or {}).items():
        try:
            key = base64.b64decode(key_b64, validate=True)
        except (binascii.Error, ValueError, TypeError):
            raise MeshResponseError(url, response.status_code) from None
        installed[service] = install_service_key(data_dir, service, key)
        if installed[service] == "replaced":
            logger.warning("the %s pseudonym key of this terminal was replaced by the site's; cards "
                           "linked under the old key must be linked again", service)
    config.site, config.mesh_url, config.mesh_pin = answer["site"], url, pin
    if answer.get("publisher_key"):
        config.publisher_key = answer["publisher_key"]
    config.via_node = answer.get("node") or None
    config.save()

    store = EventStore(data_dir / STORE_FILE, identity=identity)
    try:
        signed = store.sign_pending_unsigned()
    finally:
        store.close()
    logger.info("terminal %s enrolled for site %s", identity.terminal_id, answer["site"])
    return {"terminal_id": identity.terminal_id, "site": answer["site"], "mesh_url": url,
            "enrolled_at": answer["enrolled_at"], "public_key": identity.public_key_b64(),
            "signed_pending": signed, "service_keys": installed, "pinned": pin is not None,
            "publisher_key_pinned": bool(answer.get("publisher_key")),
            **({"via_node": config.via_node} if config.via_node else {})}


def pending_identity(data_dir: Path, terminal_id: str) -> TerminalIdentity:
    """The key of an enrolment under way: kept in `terminal.key.pending` (0600) before it is sent, so
    that a retry after a lost answer sends the same key and the mesh answers the same again (the code
    was used by this key); it becomes `terminal.key` only when the mesh accepted."""
    folder = Path(data_dir) / PENDING_KEY
    try:
        pending = TerminalIdentity.load_file(folder)
    except SyncError:
        pending = None
    if pending is not None and pending.terminal_id == terminal_id:
        return pending
    identity = TerminalIdentity.generate(terminal_id)
    identity.save_file(folder)
    return identity


def refusal_of(url: str, response: httpx.Response) -> Exception:
    try:
        error = response.json()["error"]
        details = {k: v for k, v in error.items() if k not in ("code", "message_ja", "message_en")}
        return EnrolmentError(error["code"], error["message_en"], error["message_ja"],
                              http_status=response.status_code, **details)
    except (ValueError, KeyError, TypeError):
        return MeshResponseError(url, response.status_code)
