"""sync.mesh.verify: a batch's signatures checked over worker processes answer exactly as one
`Ed25519PublicKey.verify` each, and a broken pool never turns a bad signature into a good one."""

from __future__ import annotations

import base64
import os
import signal

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from sync.mesh.verify import Verifier, verify_all


def checks(count: int) -> tuple[list, list[bool]]:
    """`count` checks from two keys; every third one altered (data, signature or key), and what each
    should answer."""
    keys = [Ed25519PrivateKey.generate() for _ in range(2)]
    out, expected = [], []
    for i in range(count):
        key = keys[i % 2]
        data = f"event {i}".encode()
        signature = base64.b64encode(key.sign(data)).decode("ascii")
        public = key.public_key().public_bytes_raw()
        if i % 3 == 1:
            data += b"!"  # altered after signing
        elif i % 9 == 2:
            public = keys[(i + 1) % 2].public_key().public_bytes_raw()  # another terminal's key
        elif i % 9 == 5:
            signature = "not base64 at all"
        out.append((public, signature, data))
        expected.append(i % 3 != 1 and i % 9 not in (2, 5))
    return out, expected


def test_workers_answer_as_verify_does_in_order():
    batch, expected = checks(60)
    assert verify_all(batch) == expected
    verifier = Verifier(cores=3, threshold=10)
    try:
        assert verifier.verify(batch) == expected  # shared: this process and two workers
        assert verifier._pool is not None
        assert verifier.verify(batch[:5]) == expected[:5]  # short: here
    finally:
        verifier.close()
    assert verifier._pool is None


def test_a_killed_worker_leaves_the_batch_checked_here():
    batch, expected = checks(40)
    verifier = Verifier(cores=2, threshold=10)
    try:
        assert verifier.verify(batch) == expected
        for pid in list(verifier._pool._processes):
            os.kill(pid, signal.SIGKILL)
        assert verifier.verify(batch) == expected  # the pool broke: checked in this process
        assert verifier._pool is None
        assert verifier.verify(batch) == expected  # and a new pool next time
    finally:
        verifier.close()
