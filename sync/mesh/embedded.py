"""EmbeddedMesh: the mesh app served by uvicorn in a daemon thread on a free loopback port.

For the demo and tests. By default it is a demo mesh (`allow_unsigned=True`: unsigned events of
unenrolled terminals and requests without credentials are accepted, like `mesh serve
--allow-unsigned-demo`), and a demo mesh only listens on loopback; `allow_unsigned=False` is the real
rule. `start()` returns once GET /v1/health answers, `url` is the base URL, `stop()` asks uvicorn to exit
and joins the thread. Bounded waits everywhere. Served like `kazasu mesh serve` (sync.mesh.serving:
connection cap, header timeout, optional TLS).
"""

from __future__ import annotations

import logging
import ssl
import threading
import time

import httpx
import uvicorn

from sync.mesh.app import DEMO_WARNING, create_app
from sync.mesh.limits import DEFAULT_LIMITS, Limits
from sync.mesh.serving import TlsFiles, bind_socket, make_server
from sync.transport import is_loopback_host

__all__ = ["EmbeddedMesh", "bind_socket"]

logger = logging.getLogger(__name__)


class EmbeddedMesh:
    def __init__(self, db_url: str, host: str = "127.0.0.1", port: int = 0, *,
                 allow_unsigned: bool = True, limits: Limits = DEFAULT_LIMITS,
                 tls: TlsFiles | None = None) -> None:
        if allow_unsigned and not is_loopback_host(host):
            raise ValueError("a demo mesh (allow_unsigned) listens on loopback only")
        self.db_url, self.host, self.port = db_url, host, port
        self.allow_unsigned = allow_unsigned  # the demo's terminal is not enrolled
        self.limits, self.tls = limits, tls
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._sock = None
        self._url: str | None = None

    @property
    def url(self) -> str:
        if self._url is None:
            raise RuntimeError("EmbeddedMesh is not started")
        return self._url

    def start(self, timeout: float = 10.0) -> "EmbeddedMesh":
        app = create_app(self.db_url, allow_unsigned=self.allow_unsigned, limits=self.limits)
        if self.allow_unsigned:
            logger.warning(DEMO_WARNING)
        self._sock = bind_socket(self.host, self.port).guard(self.limits, tls=self.tls is not None)
        host, port = self._sock.getsockname()[:2]
        self._url = f"{'https' if self.tls else 'http'}://{host}:{port}"
        self._server = make_server(app, self.limits, tls=self.tls)
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [self._sock]},
                                        name="kazasu-mesh", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + timeout
        verify: ssl.SSLContext | bool = True
        if self.tls is not None:
            verify = ssl.create_default_context()
            verify.check_hostname, verify.verify_mode = False, ssl.CERT_NONE  # only "is it up?"
        with httpx.Client(timeout=1.0, verify=verify) as client:
            while time.monotonic() < deadline:
                try:
                    if client.get(self.url + "/v1/health").status_code == 200:
                        return self
                except httpx.TransportError:
                    pass
                if not self._thread.is_alive():
                    break
                time.sleep(0.02)
        self.stop()
        raise RuntimeError("the embedded mesh did not become healthy in time")

    def stop(self, timeout: float = 10.0) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout)
        if self._sock is not None:
            self._sock.close()
        self._server = self._thread = self._sock = None

    def __enter__(self) -> "EmbeddedMesh":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
