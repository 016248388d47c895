"""Enrolment at a shelter node: the node's own (upstream, with a node code), and its terminals' (relayed).

- `enroll_node(data_dir, code, upstream)`: first asks the mesh's /v1/health whether it speaks this
  protocol (sync.protocol: `upstream_too_old` otherwise, nothing sent); then like a terminal's
  enrolment (sync.enrolment) but with a code
  from `kazasu mesh enroll --node`: the municipal mesh registers the node's key with the role `node`,
  which lets it relay the signed events of its site's terminals and read the site's terminal
  directory. Writes `terminal.key` (the node's key) and node.json (site, upstream, pins), and receives
  the site's `prereg` key (service-keys/prereg.key), so that it serves the resident's pre-registration
  page of its site (sync.node.server).
- `EnrolmentRelay`: a terminal enrols at the node with a code the municipal mesh issued
  (`kazasu mesh enroll --site SITE`, as for any terminal); the node passes the request on unchanged and
  only when the municipal mesh accepted — it vouches for the terminal's key — records the terminal in
  its own registry (sync.mesh.registry.adopt), so the terminal can sync to the node at once, also
  when the uplink is gone later. Without the uplink, enrolment waits (`node_uplink_down`, 503); when
  the mesh answers with a TLS key that is not the node's pin, nothing is sent and the terminal hears
  `node_upstream_key_changed` (503: IT gives the node the new pin, `kazasu node pin`).
"""

from __future__ import annotations

import base64
import binascii
import logging
import secrets
from pathlib import Path
from typing import Any

import httpx

from devices.pseudonym import install_service_key
from sync.enrolment import ENROLL_PATH, PENDING_KEY, refusal_of
from sync.errors import EnrolmentError, MeshResponseError
from sync.mesh import registry
from sync.mesh.storage import MeshStorage
from sync.node.config import NodeConfig
from sync.prereg.seal import SERVICE as PREREG
from sync.protocol import HEALTH_PATH, UpstreamTooOldError, check_upstream
from sync.signing import TerminalIdentity
from sync.transport import certificate_problem, check_mesh_url, mesh_http_client, no_answer, split_code

logger = logging.getLogger(__name__)


def enroll_node(data_dir: Path | str, code: str, upstream: str, *, timeout: float = 10.0) -> dict[str, Any]:
    data_dir = Path(data_dir)
    url = check_mesh_url(upstream)
    code, pin = split_code(code)
    identity = TerminalIdentity.load(data_dir) or TerminalIdentity.load_file(data_dir / PENDING_KEY)
    if identity is None:  # kept until the mesh accepted it: a retry after a lost answer is answered again
        identity = TerminalIdentity.generate(f"node-{secrets.token_hex(6)}")
        identity.save_file(data_dir / PENDING_KEY)
    client = mesh_http_client(url, pin=pin, timeout=timeout)
    try:
        health = client.get(url + HEALTH_PATH)
        if health.status_code != 200:
            raise refusal_of(url, health)
        check_upstream(url, health.json())
        response = client.post(url + ENROLL_PATH, json={
            "code": code, "terminal_id": identity.terminal_id, "public_key": identity.public_key_b64(),
            "services": [PREREG]})
    except httpx.TransportError as exc:
        raise no_answer(url, exc) from None
    except ValueError:  # a health answer that is not JSON: not a kazasu mesh of this protocol
        raise UpstreamTooOldError(url, 1) from None
    finally:
        client.close()
    if response.status_code != 200:
        if 400 <= response.status_code < 500:
            (data_dir / PENDING_KEY).unlink(missing_ok=True)
        raise refusal_of(url, response)
    answer = response.json()
    if answer.get("role") != "node":
        raise EnrolmentError("node_code_required",
                             "This code enrols a terminal, not a shelter node. Ask IT for a node code "
                             "(kazasu mesh enroll --site SITE --node).",
                             "このコードは端末用で、避難所ノードには使えません。情報担当にノード用のコード"
                             "（kazasu mesh enroll --site 拠点ID --node）を発行してもらってください。")
    prereg = (answer.get("service_keys") or {}).get(PREREG)
    try:
        prereg_key = base64.b64decode(prereg, validate=True) if prereg else None
    except (binascii.Error, ValueError, TypeError):
        raise MeshResponseError(url, response.status_code) from None
    identity.save(data_dir)
    (data_dir / PENDING_KEY).unlink(missing_ok=True)
    if prereg_key is not None:   # the site's page: the node serves it with the site's key
        install_service_key(data_dir, PREREG, prereg_key)
    config = NodeConfig(node_id=identity.terminal_id, site=answer["site"], upstream=url,
                        enrolled_at=answer["enrolled_at"], upstream_pin=pin,
                        publisher_key=answer.get("publisher_key"))
    config.save(data_dir)
    logger.info("node %s enrolled for site %s", identity.terminal_id, config.site)
    return {"node_id": identity.terminal_id, "site": config.site, "upstream": url,
            "enrolled_at": config.enrolled_at, "publisher_key_pinned": bool(config.publisher_key),
            "pinned": pin is not None, "prereg_key": prereg_key is not None}


def upstream_key_changed(url: str) -> EnrolmentError:
    return EnrolmentError("node_upstream_key_changed",
                          f"The shelter node cannot confirm the municipal mesh ({url}): its key is not the one "
                          "the node was given (IT changed it, or someone is in between). Nothing was sent. Tell "
                          "IT: they give the node the new pin (kazasu node pin --pin). The terminal keeps its "
                          "records; enrol it afterwards.",
                          f"避難所ノードが自治体のメッシュ（{url}）を確認できません。メッシュの鍵がノードに"
                          "登録されたものと違います（情報担当が変更したか、通信が傍受されているおそれがあります）。"
                          "何も送信していません。情報担当に連絡し、ノードに新しいピンを登録してもらってください"
                          "（kazasu node pin --pin）。記録は端末に保存されます。その後で登録してください。",
                          http_status=503)


def uplink_down(url: str) -> EnrolmentError:
    return EnrolmentError("node_uplink_down",
                          f"The shelter node cannot reach the municipal mesh ({url}): a terminal is enrolled "
                          "only when the mesh vouches for its key. Enrol it when the uplink is back (its "
                          "records are kept meanwhile).",
                          f"避難所ノードから自治体のメッシュ（{url}）に接続できません。端末の登録には"
                          "メッシュでの確認が必要です。回線が戻ってから登録してください（記録は端末に保存"
                          "されます）。", http_status=503)


class EnrolmentRelay:
    """The node's `POST /v1/terminals/enroll`: passed to the municipal mesh, then adopted here."""

    def __init__(self, storage: MeshStorage, config: NodeConfig, *, timeout: float = 10.0) -> None:
        self.storage, self.config = storage, config
        self.http = mesh_http_client(config.upstream, pin=config.upstream_pin, timeout=timeout)

    def __call__(self, body: dict[str, Any]) -> dict[str, Any]:
        url = self.config.upstream
        try:
            response = self.http.post(url + ENROLL_PATH, json=body)
        except httpx.TransportError as exc:
            problem = certificate_problem(url, exc)
            if problem is not None:
                logger.error("enrolment not relayed: %s (%s)", problem.code, problem.reason)
                raise upstream_key_changed(url) from None
            raise uplink_down(url) from None
        if response.status_code != 200:
            error = refusal_of(url, response)
            if isinstance(error, EnrolmentError):
                raise error
            raise uplink_down(url)
        answer = response.json()
        if answer.get("site") != self.config.site:
            raise EnrolmentError("node_site_mismatch",
                                 f"The code is for site {answer.get('site')}, this node serves site "
                                 f"{self.config.site}. Enrol the terminal with a code of this site.",
                                 f"このコードは拠点 {answer.get('site')} 用です。このノードは拠点 "
                                 f"{self.config.site} 用です。この拠点のコードで登録してください。")
        registry.adopt(self.storage, [{"terminal_id": answer["terminal_id"], "site": answer["site"],
                                       "public_key": body["public_key"],
                                       "enrolled_at": answer["enrolled_at"]}], self.config.site)
        answer["publisher_key"] = answer.get("publisher_key") or self.config.publisher_key
        answer["node"] = self.config.node_id  # the terminal syncs with it over the LAN
        logger.info("enrolment of terminal %s relayed to the municipal mesh", answer["terminal_id"])
        return answer

    def close(self) -> None:
        self.http.close()
