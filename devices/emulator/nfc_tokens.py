"""Token cards on nfcpy's `udp` driver: a FeliCa card (212F) or an ISO 14443 Type A card (106A) that
answers polling/anticollision with its IDm or UID, for testing `devices.nfcpy_ids` without hardware.
nfcpy's own listen code answers SENSF_REQ / SENS_REQ, SDD_REQ and SEL_REQ; this thread keeps listening
until `stop()`.
"""

from __future__ import annotations

import threading
import time

from devices import nfcpy_transport

PMM = bytes.fromhex("0120220427674EFF")  # a typical FeliCa Standard PMm
SYSTEM_CODE = bytes.fromhex("0003")       # 交通系 (transit) cards answer system code 0003


class TokenListenLoop:
    def __init__(self, kind: str, uid: bytes, host: str = "127.0.0.1", port: int = 50002) -> None:
        if kind not in ("felica", "type_a"):
            raise ValueError("kind is felica or type_a")
        self.kind, self.uid, self.host, self.port = kind, bytes(uid), host, port
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _target(self):
        # lazy: nfcpy is optional (pip install nfcpy); it loads only when an nfcpy reader is used
        import nfc.clf

        if self.kind == "felica":
            return nfc.clf.LocalTarget("212F", sensf_res=bytearray(b"\x01" + self.uid + PMM + SYSTEM_CODE))
        sens_res = bytes.fromhex("4400" if len(self.uid) == 7 else "8400" if len(self.uid) == 10 else "0400")
        return nfc.clf.LocalTarget("106A", sens_res=bytearray(sens_res), sdd_res=bytearray(self.uid),
                                   sel_res=bytearray(b"\x00"))

    def _run(self) -> None:
        # lazy: nfcpy is optional (pip install nfcpy); it loads only when an nfcpy reader is used
        import nfc
        import nfc.clf

        nfcpy_transport.quiet_nfcpy_logs()
        clf = nfc.ContactlessFrontend(f"udp:{self.host}:{self.port}")
        try:
            while not self._stop.is_set():
                try:
                    clf.listen(self._target(), 0.3)
                except nfc.clf.CommunicationError:  # polled, then the field went off (a presence poll)
                    continue
        finally:
            clf.close()

    def start(self) -> "TokenListenLoop":
        self._thread = threading.Thread(target=self._run, name=f"nfc-token-{self.port}", daemon=True)
        self._thread.start()
        time.sleep(0.15)  # let listen() bind the port
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5.0)

    def __enter__(self) -> "TokenListenLoop":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
