"""How a terminal reaches its mesh: https only (plain http only to this machine), the mesh's TLS key
pinned, every request signed.

- `check_mesh_url(url)`: `https://…`, or `http://` to a loopback address (the demo's embedded mesh, a
  test, a reverse proxy on the same machine); anything else raises InsecureMeshUrlError.
- Pins: the SHA-256 of the mesh certificate's public key (SubjectPublicKeyInfo), so renewing the
  certificate with the same key keeps every terminal's pin. `kazasu mesh enroll --tls-cert FILE` puts
  its first 128 bits into the enrolment code (`compose_code`), the terminal takes it apart
  (`split_code`) and keeps the pin in terminal.json (`mesh_pin`). Per upstream: `pins` in terminal.json
  maps an address (`origin_of`: scheme://host:port) to its pin, so a terminal that talks to its shelter
  node and, in fallback, to the municipal mesh pins both; `kazasu terminal pin --upstream URL` records
  one (given with --pin, or read from the server now: `fetch_pin`).
- `mesh_http_client(url, pin=…, identity=…)`: an httpx.Client for the mesh. With a pin the certificate
  chain is not checked against any authority; instead the peer's key must match the pin, checked right
  after the TLS handshake and before a single byte of HTTP is written (a pinned network backend), so
  nothing reaches a server that is not the mesh. Without a pin an https mesh needs a certificate the
  system trusts. With an identity, every request is signed (sync.request_auth).
"""

from __future__ import annotations

import hashlib
import ssl
from typing import Any
from urllib.parse import urlsplit

import httpcore
import httpx
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from sync.errors import MeshUnreachableError, SyncError
from sync.request_auth import TerminalAuth
from sync.signing import TerminalIdentity
from sync.terminal import is_loopback_host, origin_of  # noqa: F401 (origin_of: also used from here)

CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # as sync.mesh.registry's codes
CODE_LEN = 12
PIN_BITS = 128
PIN_SYMBOLS = 26  # 26 base-32 symbols carry the 128 bits
MIN_PIN_HEX = PIN_BITS // 4


class InsecureMeshUrlError(SyncError):
    code = "mesh_url_insecure"

    def __init__(self, url: str) -> None:
        self.url = url
        super().__init__(
            f"The mesh address {url} is not https://. Terminals send personal data to the mesh and only "
            "use https:// (plain http only to this machine). Use the https:// address IT gave you.",
            message_ja=f"メッシュのアドレス {url} は https:// ではありません。端末は個人情報を送るため "
                       "https:// だけを使います（http はこの機械の中だけ）。情報担当から受け取った https:// の"
                       "アドレスを使ってください。")

    def details(self) -> dict[str, Any]:
        return {"mesh_url": self.url}


class MeshCertificateError(SyncError):
    """The mesh's TLS key is not the pinned one (or its certificate is not trusted): nothing was sent."""

    code = "mesh_certificate_mismatch"

    def __init__(self, url: str, reason: str) -> None:
        self.url, self.reason = url, reason
        super().__init__(
            f"The server at {url} is not the mesh this terminal was enrolled with ({reason}). Nothing was "
            "sent; the records stay queued. Check the enrolment code for typing errors; if it is right, "
            "someone may be intercepting the connection: tell IT.",
            message_ja=f"{url} のサーバーは、この端末を登録したメッシュではありません（{reason}）。何も送信して"
                       "いません。記録は端末に残っています。登録コードの入力間違いを確認し、正しければ通信が"
                       "傍受されているおそれがあるため情報担当に連絡してください。")

    def details(self) -> dict[str, Any]:
        return {"mesh_url": self.url, "reason": self.reason}


def check_mesh_url(url: str) -> str:
    """The URL without a trailing slash, when a terminal may use it; else InsecureMeshUrlError."""
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return url.rstrip("/")
    if parts.scheme == "http" and is_loopback_host(parts.hostname):
        return url.rstrip("/")
    raise InsecureMeshUrlError(url)


# -- pins ---------------------------------------------------------------------------------------
def spki_sha256(certificate: bytes) -> str:
    """SHA-256 (hex) of the public key of a certificate given as DER or PEM."""
    cert = (x509.load_pem_x509_certificate(certificate) if certificate.lstrip().startswith(b"-----")
            else x509.load_der_x509_certificate(certificate))
    spki = cert.public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    return hashlib.sha256(spki).hexdigest()


def normalise_pin(pin: str) -> str:
    """A pin as kept in terminal.json: lower-case hex of at least 128 bits of the SPKI SHA-256."""
    value = pin.strip().lower().removeprefix("sha256:").replace(":", "").replace(" ", "")
    if len(value) < MIN_PIN_HEX or len(value) > 64 or any(c not in "0123456789abcdef" for c in value):
        raise ValueError("a pin is 32 to 64 hex digits of the SHA-256 of the mesh's public key")
    return value


def pin_matches(pin: str, certificate_der: bytes) -> bool:
    return spki_sha256(certificate_der).startswith(normalise_pin(pin))


def fetch_pin(url: str, *, timeout: float = 10.0) -> str:
    """The full pin (SHA-256 hex of the public key) of the certificate the https server at `url`
    presents now (trust on first use: the caller records it). OSError when it cannot be reached."""
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        raise ValueError("only an https:// address has a certificate to pin")
    pem = ssl.get_server_certificate((parts.hostname, parts.port or 443), timeout=timeout)
    return spki_sha256(pem.encode("ascii"))


def compose_code(code: str, spki_hex: str) -> str:
    """The one-time code followed by the pin's first 128 bits in the code alphabet, in groups of 4."""
    value = int(spki_hex[:MIN_PIN_HEX], 16)
    symbols = ""
    for _ in range(PIN_SYMBOLS):
        value, digit = divmod(value, 32)
        symbols = CODE_ALPHABET[digit] + symbols
    groups = [symbols[i:i + 4] for i in range(0, len(symbols), 4)]
    return code + "-" + "-".join(groups)


def split_code(text: str) -> tuple[str, str | None]:
    """(the one-time code as typed, the pin in hex or None) from what staff typed or pasted."""
    compact = "".join(ch for ch in text.upper() if ch.isalnum())
    if len(compact) != CODE_LEN + PIN_SYMBOLS or any(c not in CODE_ALPHABET for c in compact):
        return text, None
    value = 0
    for ch in compact[CODE_LEN:]:
        value = value * 32 + CODE_ALPHABET.index(ch)
    if value >> PIN_BITS:
        return text, None
    code = "-".join(compact[i:i + 4] for i in range(0, CODE_LEN, 4))
    return code, f"{value:0{MIN_PIN_HEX}x}"


# -- the pinned client --------------------------------------------------------------------------
class PinMismatch(httpcore.ConnectError):
    """Raised inside httpcore when the peer's key does not match the pin (before any HTTP)."""


class _PinnedStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream, pin: str) -> None:
        self._inner, self._pin = inner, pin

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, timeout)

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, timeout)

    def close(self) -> None:
        self._inner.close()

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)

    def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        tls = self._inner.start_tls(ssl_context, server_hostname, timeout)
        ssl_object = tls.get_extra_info("ssl_object")
        der = ssl_object.getpeercert(True) if ssl_object is not None else None
        if not der or not pin_matches(self._pin, der):
            tls.close()
            raise PinMismatch("the mesh's TLS key does not match the pinned fingerprint")
        return tls


class _PinnedBackend(httpcore.NetworkBackend):
    def __init__(self, pin: str) -> None:
        self._inner = httpcore.SyncBackend()
        self._pin = pin

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None, socket_options: Any = None
                    ) -> httpcore.NetworkStream:
        stream = self._inner.connect_tcp(host, port, timeout=timeout, local_address=local_address,
                                         socket_options=socket_options)
        return _PinnedStream(stream, self._pin)

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Any = None) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("unix sockets are not used for the mesh")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def pinned_transport(pin: str) -> httpx.HTTPTransport:
    """An httpx transport whose TLS connections must present the pinned key (no CA check)."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # the pin is the trust anchor, checked in _PinnedStream
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    transport = httpx.HTTPTransport(verify=context)
    # httpx builds its connection pool without a way to pass a network backend: replace the pool
    limits = httpx.Limits()  # httpx's defaults
    transport._pool = httpcore.ConnectionPool(
        ssl_context=context, max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=limits.keepalive_expiry, network_backend=_PinnedBackend(normalise_pin(pin)))
    return transport


def mesh_http_client(url: str, *, pin: str | None = None, identity: TerminalIdentity | None = None,
                     timeout: float | httpx.Timeout = 10.0) -> httpx.Client:
    """An httpx client for the mesh at `url` (checked with check_mesh_url): pinned when `pin` is given
    and the URL is https, signing every request when `identity` is given."""
    url = check_mesh_url(url)
    parts = urlsplit(url)
    auth = TerminalAuth(identity, base_path=parts.path) if identity is not None else None
    if pin and parts.scheme == "https":
        return httpx.Client(timeout=timeout, auth=auth, transport=pinned_transport(pin))
    return httpx.Client(timeout=timeout, auth=auth)


def no_answer(url: str, exc: BaseException) -> SyncError:
    """The typed error for a request to `url` that got no answer: the mesh's certificate refused
    (MeshCertificateError: nothing was sent), else the mesh unreachable."""
    return certificate_problem(url, exc) or MeshUnreachableError(url)


def certificate_problem(url: str, exc: BaseException) -> MeshCertificateError | None:
    """The typed error for a transport failure caused by the mesh's certificate, else None."""
    seen: set[int] = set()
    cause: BaseException | None = exc
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        if isinstance(cause, PinMismatch):
            return MeshCertificateError(url, "its key does not match the pinned fingerprint")
        if isinstance(cause, ssl.SSLCertVerificationError):
            return MeshCertificateError(url, "its certificate is not trusted and no fingerprint is"
                                             " pinned")
        cause = cause.__cause__ or cause.__context__
    return None
