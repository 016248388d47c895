"""FaultProxy: an HTTP/1.1 proxy on loopback that breaks the mesh's answers on purpose (standard library).

It reads each request from the client (headers + Content-Length body), asks `plan(n, method, path)`
what to do with request number `n`, and then:

- `PASS`      forwards it and relays the mesh's answer;
- `DROP`      forwards it, reads the whole answer (the mesh has committed), then closes the client's
              connection without a byte: the client never hears that its batch was stored;
- `TRUNCATE`  forwards it and sends only the first half of the answer, then closes;
- `Delay(s)`  forwards it and relays the answer after `s` seconds;
- `Busy(s)`   does not forward it; answers `503` with `Retry-After: s` (what a mesh whose database is
              down says);
- `CUT`       does not forward it; closes the client's connection at once (the network is gone).

A live stream (`GET …/stream`, sync.mesh.streams) that is passed is relayed byte by byte for as long as
both ends keep it open. `cut()` makes every later request CUT and closes every open connection (open
streams too); `restore()` passes again: a network cut and its return.

Every request is logged as `Entry(n, method, path, action, received, answered)` with monotonic
timestamps taken by the proxy, so a test can check what the client did (e.g. that it waited for
Retry-After) without timing the client itself. One thread per client connection; upstream is a fresh
connection per request (`Connection: close` toward the mesh), which keeps the relaying simple.
"""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass
from typing import Callable
from urllib.parse import urlsplit

PASS, DROP, TRUNCATE, CUT = "pass", "drop", "truncate", "cut"


@dataclass(frozen=True)
class Delay:
    seconds: float


@dataclass(frozen=True)
class Busy:
    retry_after: int


@dataclass
class Entry:
    n: int
    method: str
    path: str
    action: object
    received: float
    answered: float | None = None


Plan = Callable[[int, str, str], object]


def read_message(sock: socket.socket, buffer: bytearray) -> tuple[bytes, bytes] | None:
    """Read one HTTP message (head, body) with a Content-Length body; None when the peer closed."""
    while b"\r\n\r\n" not in buffer:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        buffer += chunk
    end = buffer.index(b"\r\n\r\n") + 4
    head = bytes(buffer[:end])
    del buffer[:end]
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
        elif name.strip().lower() == b"transfer-encoding":
            raise ValueError("chunked messages are not supported by this proxy")
    while len(buffer) < length:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        buffer += chunk
    body = bytes(buffer[:length])
    del buffer[:length]
    return head, body


def _with_header(head: bytes, name: bytes, value: bytes) -> bytes:
    """The head with header `name` set to `value` (replacing any previous value)."""
    lines = [line for line in head[:-4].split(b"\r\n")
             if not line.lower().startswith(name.lower() + b":")]
    return b"\r\n".join(lines + [name + b": " + value]) + b"\r\n\r\n"


class FaultProxy:
    def __init__(self, upstream_url: str, plan: Plan | None = None) -> None:
        parts = urlsplit(upstream_url)
        self.upstream = (parts.hostname or "127.0.0.1", parts.port or 80)
        self.plan: Plan = plan or (lambda n, method, path: PASS)
        self.log: list[Entry] = []
        self._lock = threading.Lock()
        self._count = 0
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self._listener.settimeout(0.05)  # accept() polls, so stop() is not stuck behind it
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        self._clients: set[socket.socket] = set()
        self._cut = False

    def start(self) -> "FaultProxy":
        thread = threading.Thread(target=self._accept, name="fault-proxy", daemon=True)
        thread.start()
        self._threads.append(thread)
        return self

    def stop(self) -> None:
        self._stopping.set()
        for thread in self._threads[:1]:
            thread.join(5)
        self._listener.close()
        with self._lock:
            clients = list(self._clients)
        for client in clients:
            _close(client)
        for thread in self._threads[1:]:
            thread.join(5)

    def __enter__(self) -> "FaultProxy":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def cut(self) -> None:
        """The network is gone: every request from now on is CUT, every open connection closed."""
        self._cut = True
        with self._lock:
            clients = list(self._clients)
        for client in clients:
            _close(client)

    def restore(self) -> None:
        """The network is back: requests are planned by `plan` again."""
        self._cut = False

    def entries(self, method: str | None = None, path_prefix: str = "") -> list[Entry]:
        with self._lock:
            return [e for e in self.log if (method is None or e.method == method)
                    and e.path.startswith(path_prefix)]

    # -- inside ------------------------------------------------------------------------------
    def _accept(self) -> None:
        while not self._stopping.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            client.settimeout(None)
            client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            with self._lock:
                self._clients.add(client)
            thread = threading.Thread(target=self._serve, args=(client,), daemon=True)
            thread.start()
            self._threads.append(thread)

    def _serve(self, client: socket.socket) -> None:
        buffer = bytearray()
        try:
            while not self._stopping.is_set():
                request = read_message(client, buffer)
                if request is None:
                    return
                if not self._handle(client, *request):
                    return
        except OSError:
            return
        finally:
            with self._lock:
                self._clients.discard(client)
            _close(client)

    def _handle(self, client: socket.socket, head: bytes, body: bytes) -> bool:
        """Answer one request as planned; False when the client connection must be closed."""
        method, path = head.split(b"\r\n", 1)[0].decode("latin-1").split(" ")[:2]
        with self._lock:
            n = self._count
            self._count += 1
            action = CUT if self._cut else self.plan(n, method, path)
            entry = Entry(n, method, path, action, time.monotonic())
            self.log.append(entry)
        if isinstance(action, Busy):
            payload = (b'{"error": {"code": "mesh_db_unavailable", "message_ja": "\\u4e00\\u6642",'
                       b' "message_en": "busy (fault proxy)"}}')
            answer = (b"HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\n"
                      b"retry-after: %d\r\ncontent-length: %d\r\n\r\n" % (action.retry_after,
                                                                           len(payload)) + payload)
            client.sendall(answer)
            entry.answered = time.monotonic()
            return True
        if action == CUT:
            entry.answered = time.monotonic()
            return False
        if method == "GET" and path.split("?")[0].endswith("/stream"):
            self._relay_stream(client, head, body)
            entry.answered = time.monotonic()
            return False
        response = self._forward(_with_header(head, b"Connection", b"close"), body)
        if response is None or action == DROP:
            entry.answered = time.monotonic()
            return False
        answer = _with_header(response[0], b"Connection", b"keep-alive") + response[1]
        if action == TRUNCATE:
            client.sendall(answer[:len(answer) // 2])
            entry.answered = time.monotonic()
            return False
        if isinstance(action, Delay):
            time.sleep(action.seconds)   # the fault itself: a slow network
        client.sendall(answer)
        entry.answered = time.monotonic()
        return True

    def _relay_stream(self, client: socket.socket, head: bytes, body: bytes) -> None:
        """A live stream: the request up, then every byte down until either end closes it."""
        with socket.create_connection(self.upstream, timeout=30) as upstream:
            upstream.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            upstream.settimeout(0.2)
            upstream.sendall(_with_header(head, b"Connection", b"close") + body)
            while not self._stopping.is_set() and not self._cut:
                try:
                    chunk = upstream.recv(65536)
                except TimeoutError:
                    continue
                if not chunk:
                    return
                client.sendall(chunk)

    def _forward(self, head: bytes, body: bytes) -> tuple[bytes, bytes] | None:
        with socket.create_connection(self.upstream, timeout=30) as upstream:
            upstream.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            upstream.sendall(head + body)
            return read_message(upstream, bytearray())


def _close(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()
