"""「このPCを避難所ノードにする」 without Qt: make a spare PC the shelter's node in one step
(kiosk.shell.node_page is its page; docs/packaging.md "A shelter's node on a spare PC").

`set_up_node(node_dir, code, upstream, ...)`:
1. enrol the node with the municipal mesh (sync.node.enrolment.enroll_node: the node code from
   `kazasu mesh enroll --site SITE --node`; an older mesh is refused as `upstream_too_old`). A folder
   already enrolled is not enrolled again (the code may be left empty then): running it twice is safe;
2. the node's own TLS certificate (`node.crt`, `node.key` 0600: self-signed, EC P-256): terminals on the
   shelter's LAN reach the node only over https, trusting it by the pin of its key, which the page shows
   and `kazasu terminal pin --upstream URL --pin PIN` records on each terminal (sync.transport);
3. the node config (node.json, sync.node.config): `listen`, `db`, `tls_cert`, `tls_key`, so that
   `kazasu node serve --data-dir NODE_DIR` needs no other option;
4. a systemd *user* unit (`kazasu-node.service`, `unit_text`: packaging/systemd/kazasu-node.service is
   it for the default folder and command) in ~/.config/systemd/user, and with `start=True`
   `systemctl --user daemon-reload` and `enable --now` it (where there is no systemd the answer says so
   and how to start it by hand; nothing is undone).
The answer names what terminals need: the node's address on the LAN and its pin (`tls_pin`; the
commands give its first 128 bits, enough to pin it, as an enrolment code does). No personal data is
read or written here; the code is used once and not kept.
"""

from __future__ import annotations

import datetime
import ipaddress
import logging
import os
import shutil
import socket
import subprocess
from pathlib import Path
from typing import Any

from sync.errors import SyncError
from sync.node.config import NodeConfig, NodeNotEnrolledError
from sync.signing import TerminalIdentity
from sync.transport import MIN_PIN_HEX, spki_sha256

logger = logging.getLogger(__name__)

UNIT_NAME = "kazasu-node.service"
DEFAULT_LISTEN = "0.0.0.0:8766"
DEFAULT_COMMAND = "/opt/kazasu/kazasu"
DEFAULT_NODE_DIR = "%h/.local/share/kazasu/node"   # <the kiosk's data folder>/node, in the unit's spelling
CERT_FILE, KEY_FILE = "node.crt", "node.key"
CERT_DAYS = 3650   # a shelter's PC may stay in a cupboard for years; the pin, not the date, is trusted


class NodeSetupError(SyncError):
    code = "node_setup_invalid"

    def __init__(self, what: str, message_en: str, message_ja: str) -> None:
        self.what = what
        super().__init__(message_en, message_ja=message_ja)

    def details(self) -> dict[str, Any]:
        return {"field": self.what}


def code_required() -> NodeSetupError:
    return NodeSetupError("code", "Type the node code IT gave you (kazasu mesh enroll --site SITE --node).",
                          "情報担当から受け取ったノード用コード（kazasu mesh enroll --site 拠点ID --node）を"
                          "入力してください。")


def listen_invalid(value: str) -> NodeSetupError:
    return NodeSetupError("listen", f"{value} is not HOST:PORT (e.g. 0.0.0.0:8766).",
                          f"{value} は「ホスト:ポート」の形ではありません（例 0.0.0.0:8766）。")


def parse_listen(value: str) -> tuple[str, int]:
    host, _, port = value.strip().rpartition(":")
    host = host.strip("[]")
    if not host or not port.isdigit() or not 0 < int(port) <= 65535:
        raise listen_invalid(value)
    return host, int(port)


def lan_address() -> str:
    """This PC's address on its LAN (the interface of the default route; nothing is sent), else
    127.0.0.1."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("192.0.2.1", 9))  # TEST-NET-1: a UDP connect only picks the route
        return probe.getsockname()[0]
    except OSError:
        return "127.0.0.1"
    finally:
        probe.close()


def make_certificate(node_dir: Path, hosts: list[str]) -> str:
    """node.crt and node.key (0600) in `node_dir`, self-signed for `hosts`; the pin of its key."""
    # lazy: only the set-up makes a certificate
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    names: list[x509.GeneralName] = []
    for host in dict.fromkeys(hosts):
        try:
            names.append(x509.IPAddress(ipaddress.ip_address(host)))
        except ValueError:
            names.append(x509.DNSName(host))
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "kazasu shelter node")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(hours=1))
            .not_valid_after(now + datetime.timedelta(days=CERT_DAYS))
            .add_extension(x509.SubjectAlternativeName(names), critical=False)
            .sign(key, hashes.SHA256()))
    key_path = node_dir / KEY_FILE
    fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption()))
    pem = cert.public_bytes(serialization.Encoding.PEM)
    (node_dir / CERT_FILE).write_bytes(pem)
    return spki_sha256(pem)


def unit_text(node_dir: str = DEFAULT_NODE_DIR, command: str = DEFAULT_COMMAND) -> str:
    """The systemd user unit that runs `kazasu node serve` on the node folder (all else in node.json)."""
    return f"""# kazasu node: a shelter's own node (`kazasu node serve`), as a systemd *user* unit.
# Written by 係員メニュー → 「このPCを避難所ノードにする」 (or `kazasu node setup`; sync.node.setup) to
# ~/.config/systemd/user/{UNIT_NAME}; the listen address, database and TLS files are in node.json of
# the node folder. To run it without anyone logged in: sudo loginctl enable-linger $USER
# (docs/packaging.md, "A shelter's node on a spare PC").
[Unit]
Description=kazasu shelter node (relays the shelter's terminals to the municipal mesh)
Documentation=file:///opt/kazasu/docs/packaging.md
Wants=network-online.target
After=network-online.target
StartLimitIntervalSec=300
StartLimitBurst=10

[Service]
Type=simple
Environment=KAZASU_DATA_DIR={node_dir}
ExecStart={command} node serve --data-dir {node_dir}
Restart=always
RestartSec=3

[Install]
WantedBy=default.target
"""


def user_unit_dir() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "systemd" / "user"


def start_unit(unit_dir: Path) -> dict[str, Any]:
    """daemon-reload, enable --now: {"started": bool, "reason": …}. Never raises."""
    systemctl = shutil.which("systemctl")
    if systemctl is None:
        return {"started": False, "reason": "no systemctl on this PC"}
    for argv in ([systemctl, "--user", "daemon-reload"], [systemctl, "--user", "enable", "--now", UNIT_NAME]):
        try:
            done = subprocess.run(argv, capture_output=True, text=True, timeout=30, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return {"started": False, "reason": type(exc).__name__}
        if done.returncode != 0:
            return {"started": False, "reason": (done.stderr or done.stdout).strip()[:200] or "failed"}
    return {"started": True}


def enrolled(node_dir: Path) -> NodeConfig | None:
    try:
        config = NodeConfig.load(node_dir)
    except NodeNotEnrolledError:
        return None
    identity = TerminalIdentity.load(node_dir)
    return config if identity is not None and identity.terminal_id == config.node_id else None


def set_up_node(node_dir: Path | str, code: str, upstream: str, *, listen: str = DEFAULT_LISTEN,
                db: str | None = None, command: str | None = None, unit_dir: Path | None = None,
                start: bool = False, timeout: float = 10.0) -> dict[str, Any]:
    """Enrol (unless already), certificate, node.json, user unit (see the module); what terminals need."""
    # lazy: the enrolment pulls in httpx and the mesh's storage, only needed here
    from sync.node.enrolment import enroll_node

    node_dir = Path(node_dir)
    host, port = parse_listen(listen)
    node_dir.mkdir(parents=True, exist_ok=True)
    config = enrolled(node_dir)
    newly = config is None
    if config is None:
        if not code.strip():
            raise code_required()
        enroll_node(node_dir, code.strip(), upstream, timeout=timeout)
        config = NodeConfig.load(node_dir)
    address = lan_address() if host in ("0.0.0.0", "::") else host
    cert, key = node_dir / CERT_FILE, node_dir / KEY_FILE
    if cert.exists() and key.exists():
        pin = spki_sha256(cert.read_bytes())   # kept: the terminals already pinned it
    else:
        pin = make_certificate(node_dir, [address, socket.gethostname(), "localhost", "127.0.0.1"])
    config.listen, config.db = f"{host}:{port}", db or f"sqlite:///{node_dir / 'node.db'}"
    config.tls_cert, config.tls_key = str(cert), str(key)
    config.save(node_dir)
    unit_dir = unit_dir or user_unit_dir()
    unit_dir.mkdir(parents=True, exist_ok=True)
    unit = unit_dir / UNIT_NAME
    unit.write_text(unit_text(str(node_dir), command or shutil.which("kazasu") or DEFAULT_COMMAND),
                    encoding="utf-8")
    service = start_unit(unit_dir) if start else {"started": False, "reason": "not asked"}
    url = f"https://{f'[{address}]' if ':' in address else address}:{port}"
    logger.info("shelter node %s set up for site %s (unit %s)", config.node_id, config.site, unit)
    return {"node_id": config.node_id, "site": config.site, "upstream": config.upstream,
            "enrolled_now": newly, "listen": config.listen, "db": config.db, "url": url, "tls_pin": pin,
            "unit": str(unit), **service,
            "terminal_commands": [f"kazasu terminal pin --upstream {url} --pin {pin[:MIN_PIN_HEX]}",
                                  f"kazasu terminal enroll --mesh {url} --code CODE"]}
