"""Transport over nfcpy (USB readers of the RC-S380 class on Linux): ISO-DEP Type B for My Number cards.

`NfcpyTransport.open(path="usb", timeout=5.0)` opens the contactless front end, polls for a Type B
card (106B) until `timeout`, activates it as a `Type4BTag` and sends APDUs with `transceive` (nfcpy
derives the frame waiting time from the card's FWI and honours S(WTX)). `close()` switches the RF field
off, which unpowers the card, so a verified PIN never outlives the session. nfcpy errors become typed
errors: no card → NoCardError, a lost card or an ISO-DEP timeout → CardRemovedError, no device →
NoReaderError. nfcpy logs raw frames (PINs included) at DEBUG when its loggers are turned up:
`quiet_nfcpy_logs()` (run on open) puts a filter on every nfcpy logger that drops frame records. nfcpy is optional: `pip
install nfcpy`.
"""

from __future__ import annotations

import logging
import time

from devices.errors import CardProtocolError, CardRemovedError, NoCardError, NoReaderError
from devices.transport import resolve_status_chaining, traced

logger = logging.getLogger(__name__)

FRAME_LOGGERS = ("nfc", "nfc.clf", "nfc.clf.udp", "nfc.clf.rcs380", "nfc.clf.rcs956", "nfc.clf.pn533",
                 "nfc.clf.pn53x", "nfc.clf.device", "nfc.clf.transport", "nfc.tag", "nfc.tag.tt4")


class _DropFrames(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        text = str(record.msg)
        return record.levelno > logging.DEBUG or not text.lstrip().startswith((">", "<"))


_FILTER = _DropFrames()


def quiet_nfcpy_logs() -> None:
    """Keep nfcpy's frame dumps (which carry PINs and card data) out of every log, even when someone
    turns the `nfc` loggers up to DEBUG: a filter on each nfcpy logger drops `>>`/`<<` frame records."""
    names = set(FRAME_LOGGERS) | {n for n in logging.root.manager.loggerDict if n.startswith("nfc.")}
    for name in names:
        log = logging.getLogger(name)
        if _FILTER not in log.filters:
            log.addFilter(_FILTER)


class NfcpyTransport:
    """One ISO-DEP session with a Type B card through nfcpy. Open with `NfcpyTransport.open()`."""

    def __init__(self, clf, tag, path: str) -> None:
        self._clf, self._tag = clf, tag
        self.name = f"nfcpy:{path}"
        self.atr = b""  # nfcpy has no ATR; the PUPI is never exposed as an id
        self._send = traced(self.name, self._raw)
        self._closed = False

    @classmethod
    def open(cls, path: str = "usb", timeout: float = 5.0) -> "NfcpyTransport":
        try:
            # lazy: nfcpy is optional (pip install nfcpy); it loads only when an nfcpy reader is used
            import nfc
            import nfc.clf
            import nfc.tag.tt4
        except ImportError:
            raise NoReaderError("nfcpy is not installed (pip install nfcpy).",
                                message_ja="nfcpy がインストールされていません。係員にお知らせください。") from None
        quiet_nfcpy_logs()
        try:
            clf = nfc.ContactlessFrontend(path)
        except OSError:
            raise NoReaderError() from None
        quiet_nfcpy_logs()  # the driver module is imported by now
        try:
            tag = cls._activate(clf, timeout)
        except BaseException:
            clf.close()
            raise
        logger.info("activated a Type B card through nfcpy (%s)", path)
        return cls(clf, tag, path)

    @staticmethod
    def _activate(clf, timeout: float):
        # lazy: nfcpy is optional (pip install nfcpy); it loads only when an nfcpy reader is used
        import nfc.clf
        import nfc.tag
        import nfc.tag.tt4

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            target = clf.sense(nfc.clf.RemoteTarget("106B"))
            if target is None:
                time.sleep(0.05)
                continue
            tag = nfc.tag.activate(clf, target)
            if tag is None:  # activation failed (e.g. the ATTRIB answer came late): poll again
                continue
            if isinstance(tag, nfc.tag.tt4.Type4BTag):
                return tag
            raise CardProtocolError("the card did not activate as ISO-DEP Type B")
        raise NoCardError()

    def _raw(self, apdu: bytes) -> tuple[bytes, int]:
        # lazy: nfcpy is optional (pip install nfcpy); it loads only when an nfcpy reader is used
        import nfc.clf
        import nfc.tag.tt4

        try:
            response = self._tag.transceive(bytearray(apdu))
        except nfc.tag.tt4.Type4TagCommandError:
            raise CardRemovedError() from None
        except nfc.clf.CommunicationError:
            raise CardRemovedError() from None
        if response is None or len(response) < 2:
            raise CardProtocolError("response shorter than a status word")
        response = bytes(response)
        return response[:-2], (response[-2] << 8) | response[-1]

    def transmit(self, apdu: bytes) -> tuple[bytes, int]:
        if self._closed:
            raise CardProtocolError("the card session is already closed")
        return resolve_status_chaining(self._send, bytes(apdu))

    def close(self) -> None:
        """Switch the field off (the card loses power and any verified PIN); safe to call twice."""
        if not self._closed:
            self._closed = True
            self._clf.close()

    def __enter__(self) -> "NfcpyTransport":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
