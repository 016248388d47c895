"""Ed25519 checks of a batch's event signatures, spread over the machine's cores.

The mesh verifies every signed event it is sent (sync.mesh.ingest): about 100 µs each, and
`cryptography` holds the interpreter lock while it verifies, so threads do not help. `Verifier.verify`
checks a list of (public key, signature, signed bytes) and answers True or False for each, the same
answers as one `Ed25519PublicKey.verify` each:
- a short list (below `threshold`), or a Verifier of one core (the default: `verify_cores`), is checked here;
- a longer one is cut into one slice per core: this thread checks the first slice while worker
  processes (a `spawn` pool, started at the first long list, `cores - 1` of them) check the others.
A pool that breaks (a worker killed) is dropped and the list is checked here, in full: a signature
is never taken as valid because a worker could not say. Workers are only ever given public data
(public keys, signatures, the signed bytes): no private key, no database.
"""

from __future__ import annotations

import base64
import logging
import multiprocessing
import os
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

logger = logging.getLogger(__name__)

Check = tuple[bytes, str, bytes]  # raw 32-byte public key, base64 signature, the signed bytes
THRESHOLD = 200  # signatures in a list before worker processes share it
CORES_ENV = "KAZASU_MESH_VERIFY_CORES"  # how many cores a mesh process verifies on; unset: 1


def verify_cores() -> int:
    """The cores a mesh verifies a batch on: `KAZASU_MESH_VERIFY_CORES` (a number ≥ 1, or `all`), else 1.

    One by default: on the two-core machines measured (docs/sync.md, "The batch's cost") the workers
    found no idle core and throughput did not rise; a mesh host with idle cores sets it."""
    value = os.environ.get(CORES_ENV, "").strip().lower()
    if value == "all":
        return os.cpu_count() or 1
    try:
        return max(1, int(value))
    except ValueError:
        return 1


def verify_all(checks: list[Check]) -> list[bool]:
    """Each check's answer, in this process (also what a worker runs on its slice)."""
    keys: dict[bytes, Ed25519PublicKey] = {}
    out = []
    for public, signature, data in checks:
        try:
            key = keys.get(public)
            if key is None:
                key = keys[public] = Ed25519PublicKey.from_public_bytes(public)
            key.verify(base64.b64decode(signature, validate=True), data)
        except (InvalidSignature, ValueError, TypeError):
            out.append(False)
        else:
            out.append(True)
    return out


class Verifier:
    """One per mesh application; `close()` at shutdown stops its workers."""

    def __init__(self, cores: int | None = None, threshold: int = THRESHOLD) -> None:
        self.cores = max(1, cores if cores is not None else (os.cpu_count() or 1))
        self.threshold = threshold
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def verify(self, checks: list[Check]) -> list[bool]:
        if len(checks) < self.threshold or self.cores < 2:
            return verify_all(checks)
        size = -(-len(checks) // self.cores)
        slices = [checks[i:i + size] for i in range(0, len(checks), size)]
        try:
            pool = self._workers()
            futures: list[Future] = [pool.submit(verify_all, part) for part in slices[1:]]
        except (BrokenProcessPool, OSError, RuntimeError):
            self._drop()
            return verify_all(checks)
        mine = verify_all(slices[0])
        try:
            theirs = [answer for future in futures for answer in future.result()]
        except (BrokenProcessPool, OSError, RuntimeError):
            logger.warning("signature workers failed; checking the batch in the mesh process")
            self._drop()
            return mine + verify_all([c for part in slices[1:] for c in part])
        return mine + theirs

    def _workers(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(max_workers=self.cores - 1,
                                                 mp_context=multiprocessing.get_context("spawn"))
            return self._pool

    def _drop(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
