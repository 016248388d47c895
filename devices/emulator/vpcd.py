"""Plugs an emulated card into pcscd through vsmartcard's vpcd driver over TCP.

vpcd listens (35963 for `Virtual PCD 00 00`, 35964 for `Virtual PCD 00 01`); connecting means
inserting the card, closing the socket means removing it. Every message is a 2-byte big-endian
length and a payload; a 1-byte payload from vpcd is a control byte (00 power off, 01 power on,
02 reset, 04 get ATR), a longer one a command APDU. TCP_QUICKACK is set before every recv and each
reply goes out in one sendall, which avoids the ~40 ms delayed-ACK stall (docs: testing.md).
"""

from __future__ import annotations

import logging
import socket
import threading

logger = logging.getLogger(__name__)

CONTACTLESS_ATR = bytes.fromhex("3B888001000005E0B381A1007F")
VPCD_BASE_PORT = 35963
# pcscd asks vpcd for the ATR about every 400 ms. A card pulled and pushed back within one poll is
# never seen as removed, and pcscd's reader state can then stay "empty" after an aborted session:
# whoever swaps cards waits at least this long with the reader empty.
PCSCD_POLL_SETTLE_S = 0.6
CTRL_POWER_OFF, CTRL_POWER_ON, CTRL_RESET, CTRL_GET_ATR = 0x00, 0x01, 0x02, 0x04


def port_for_slot(slot: int) -> int:
    return VPCD_BASE_PORT + slot


def reader_for_slot(slot: int) -> str:
    return f"Virtual PCD 00 {slot:02d}"


class VpcdLink:
    """A thread that connects `card` (anything with process/power_off/power_on/reset) to vpcd."""

    def __init__(self, card, host: str = "127.0.0.1", port: int = VPCD_BASE_PORT,
                 atr: bytes = CONTACTLESS_ATR, quickack: bool = True) -> None:
        self.card = card
        self.host, self.port, self.atr, self.quickack = host, port, atr, quickack
        self._sock: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self.lost = False  # True when vpcd closed the link (pcscd stopped) rather than remove()

    # --- life cycle -------------------------------------------------------------------------
    def start(self) -> "VpcdLink":
        self.insert()
        return self

    def stop(self) -> None:
        self.remove()

    def insert(self) -> None:
        """Connect to vpcd: the reader now has a card. Raises OSError when vpcd is not listening."""
        with self._lock:
            if self._sock is not None:
                return
            sock = socket.create_connection((self.host, self.port), timeout=3.0)
            sock.settimeout(None)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self._sock, self.lost = sock, False
            self._thread = threading.Thread(target=self._serve, args=(sock,), name=f"vpcd-{self.port}",
                                            daemon=True)
            self._thread.start()
        logger.info("emulated card inserted (vpcd port %d)", self.port)

    def remove(self) -> None:
        """Close the socket: the reader has no card. Joins the link thread."""
        with self._lock:
            sock, thread = self._sock, self._thread
            self._sock = self._thread = None
        if sock is None:
            return
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=5.0)
        sock.close()
        self.card.power_off()
        logger.info("emulated card removed (vpcd port %d)", self.port)

    @property
    def connected(self) -> bool:
        thread = self._thread
        return self._sock is not None and thread is not None and thread.is_alive()

    def __enter__(self) -> "VpcdLink":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- protocol ---------------------------------------------------------------------------
    def _recv_exact(self, sock: socket.socket, size: int) -> bytes | None:
        buf = bytearray()
        while len(buf) < size:
            if self.quickack:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
            chunk = sock.recv(size - len(buf))
            if not chunk:
                return None
            buf += chunk
        return bytes(buf)

    def _serve(self, sock: socket.socket) -> None:
        try:
            while True:
                header = self._recv_exact(sock, 2)
                if header is None:
                    break
                payload = self._recv_exact(sock, int.from_bytes(header, "big"))
                if payload is None:
                    break
                reply = self._handle(payload)
                if reply is not None:
                    sock.sendall(len(reply).to_bytes(2, "big") + reply)
        except OSError as exc:
            logger.debug("vpcd link ended: %s", exc)
        finally:
            if self._sock is sock:  # not a deliberate remove(): vpcd went away
                self.lost = True
                logger.warning("vpcd closed the connection on port %d", self.port)

    def _handle(self, payload: bytes) -> bytes | None:
        if len(payload) == 1:
            control = payload[0]
            logger.debug("vpcd control byte %02X", control)
            if control == CTRL_GET_ATR:
                return self.atr
            if control == CTRL_POWER_OFF:
                self.card.power_off()
            elif control == CTRL_POWER_ON:
                self.card.power_on()
            elif control == CTRL_RESET:
                self.card.reset()
            else:
                logger.debug("unknown vpcd control byte %02X", control)
            return None
        return self.card.process(payload)
