"""An emulated card on nfcpy's `udp` driver: a small ISO 14443-4 (ISO-DEP) Type B card loop.

nfcpy emulates only FeliCa by itself, so this thread plays the card side for any object with
`process(apdu) -> response` (a `MyNumberCard`): `clf.listen(LocalTarget("106B", sensb_res=…))`, then
ATTRIB → `00`; I-blocks → the response in I-blocks with the same block number, chained when longer than
the reader's frame (FSD from ATTRIB); chained commands → R(ACK); R(ACK) → the next response block;
R(NAK) → R(ACK); S(DESELECT) → echoed, and the card waits for the next activation. RF off (the reader
closing) powers the card off. Needs nfcpy (`pip install nfcpy`); used by tests and demos only.
"""

from __future__ import annotations

import logging
import threading
import time

from devices import nfcpy_transport

logger = logging.getLogger(__name__)

# SENSB_RES: 50, PUPI (4), application data (4), protocol info 00 81 A1 → FSCI 8 (256 bytes), FWI 10 (~309 ms)
APP_DATA = bytes.fromhex("0000 05E0".replace(" ", ""))
PROTOCOL_INFO = bytes.fromhex("0081A1")
FSD_BY_CODE = (16, 24, 32, 40, 48, 64, 96, 128, 256)


def sensb_res(pupi: bytes) -> bytes:
    return b"\x50" + pupi + APP_DATA + PROTOCOL_INFO


class Type4BCardLoop:
    """Serve `card` on `udp:host:port` until `stop()`; `activations` counts ATTRIBs answered."""

    def __init__(self, card, host: str = "127.0.0.1", port: int = 50001) -> None:
        self.card, self.host, self.port = card, host, port
        self.activations = 0
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._thread: threading.Thread | None = None
        self.error: BaseException | None = None

    def start(self) -> "Type4BCardLoop":
        self._thread = threading.Thread(target=self._run, name=f"iso-dep-{self.port}", daemon=True)
        self._thread.start()
        self._ready.wait(5.0)
        time.sleep(0.1)  # let listen() bind the UDP port, or the reader's first poll waits 1 s in vain
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5.0)

    def __enter__(self) -> "Type4BCardLoop":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- the loop ---------------------------------------------------------------------------
    def _run(self) -> None:
        # lazy: nfcpy is optional (pip install nfcpy); it loads only when an nfcpy reader is used
        import nfc
        import nfc.clf

        nfcpy_transport.quiet_nfcpy_logs()
        try:
            clf = nfc.ContactlessFrontend(f"udp:{self.host}:{self.port}")
        except BaseException as exc:  # noqa: BLE001 — reported to the test through .error
            self.error = exc
            self._ready.set()
            return
        try:
            while not self._stop.is_set():
                pupi = getattr(self.card, "pupi", b"\x00\x00\x00\x00")
                self._ready.set()
                try:
                    target = clf.listen(nfc.clf.LocalTarget("106B", sensb_res=bytearray(sensb_res(pupi))), 0.3)
                except nfc.clf.CommunicationError:  # polled, then the field went off (a presence poll)
                    continue
                if target is None or not target.tt4_cmd:
                    continue
                try:
                    self._session(clf, bytes(target.tt4_cmd))
                except nfc.clf.CommunicationError as exc:  # RF off / reader gone
                    logger.debug("ISO-DEP session ended: %s", type(exc).__name__)
                finally:
                    self.card.power_off()
        finally:
            clf.close()

    def _session(self, clf, command: bytes) -> None:
        # lazy: nfcpy is optional (pip install nfcpy); it loads only when an nfcpy reader is used
        import nfc.clf

        fsd_inf = 253
        pending = b""       # response bytes not yet sent (response chaining)
        chained = b""       # command bytes received so far (command chaining)
        while not self._stop.is_set():
            pcb = command[0] if command else 0
            if command[:1] == b"\x1d":                         # ATTRIB
                code = command[6] & 0x0F if len(command) > 6 else 8
                fsd_inf = FSD_BY_CODE[min(code, 8)] - 3
                self.activations += 1
                self.card.power_on()
                reply = b"\x00"
            elif pcb & 0xE2 == 0x02:                            # I-block
                chained += command[1:]
                if pcb & 0x10:                                  # more to come: R(ACK)
                    reply = bytes((0xA2 | (pcb & 1),))
                else:
                    pending, chained = self.card.process(chained), b""
                    reply, pending = self._block(pending, pcb & 1, fsd_inf)
            elif pcb & 0xF6 == 0xA2 and pending:                # R(ACK): next chained block
                reply, pending = self._block(pending, pcb & 1, fsd_inf)
            elif pcb & 0xF6 == 0xB2:                            # R(NAK): presence check
                reply = bytes((0xA2 | (pcb & 1),))
            elif pcb & 0xF7 == 0xC2:                            # S(DESELECT)
                clf.exchange(bytes((pcb,)), 0)
                return
            else:
                logger.debug("ignoring an unexpected block (PCB %02X)", pcb)
                reply = None
            try:
                received = clf.exchange(bytearray(reply) if reply is not None else None, 1.0)
            except nfc.clf.TimeoutError:
                received = None
            while received is None and not self._stop.is_set():
                try:
                    received = clf.exchange(None, 0.5)
                except nfc.clf.TimeoutError:
                    received = None
            command = bytes(received or b"")

    @staticmethod
    def _block(data: bytes, block_number: int, size: int) -> tuple[bytes, bytes]:
        head, rest = data[:size], data[size:]
        return bytes(((0x12 if rest else 0x02) | block_number,)) + head, rest
