"""EmbeddedMesh: the mesh app served by uvicorn in a daemon thread on a free loopback port.

For the demo and tests (unsigned events of unenrolled terminals are accepted unless
`allow_unsigned=False`): `start()` returns once GET /v1/health answers, `url` is the base URL, `stop()`
asks uvicorn to exit and joins the thread. Bounded waits everywhere.
"""

from __future__ import annotations

import socket
import threading
import time

import httpx
import uvicorn

from sync.mesh.app import create_app


def bind_socket(host: str = "127.0.0.1", port: int = 0) -> socket.socket:
    """A listening TCP socket (port 0: a free one chosen by the kernel)."""
    # proto=IPPROTO_TCP matters: asyncio only sets TCP_NODELAY on accepted sockets whose proto is TCP,
    # and without it every response pays the ~40 ms Nagle + delayed-ACK stall on loopback.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


class EmbeddedMesh:
    def __init__(self, db_url: str, host: str = "127.0.0.1", port: int = 0, *,
                 allow_unsigned: bool = True) -> None:
        self.db_url, self.host, self.port = db_url, host, port
        self.allow_unsigned = allow_unsigned  # the demo's terminal is not enrolled
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._sock: socket.socket | None = None
        self._url: str | None = None

    @property
    def url(self) -> str:
        if self._url is None:
            raise RuntimeError("EmbeddedMesh is not started")
        return self._url

    def start(self, timeout: float = 10.0) -> "EmbeddedMesh":
        app = create_app(self.db_url, allow_unsigned=self.allow_unsigned)
        self._sock = bind_socket(self.host, self.port)
        host, port = self._sock.getsockname()[:2]
        self._url = f"http://{host}:{port}"
        config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [self._sock]},
                                        name="kazasu-mesh", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + timeout
        with httpx.Client(timeout=1.0) as client:
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
