"""PIN-free card ids through nfcpy: FeliCa IDm (212F), Type A UID (106A), and My Number cards (106B)
through the JPKI certificate, with the same `CardId` as over PC/SC (devices.card_id).

`identify_nfc_card(path, service, service_key, timeout)` polls FeliCa, Type A and Type B in turn. A
Type B card is activated as ISO-DEP and identified only by `identify_card` (JPKI certificate →
per-service pseudonym); its PUPI is never used. A Type A UID whose first byte is 08 is a random id
(ISO/IEC 14443-3) and is refused like any other unusable id (UnknownCardError).
"""

from __future__ import annotations

import time
from typing import Callable

from devices.card_id import CardId, identify_card
from devices.errors import NoCardError, NoReaderError, UnknownCardError
from devices.nfcpy_transport import NfcpyTransport, quiet_nfcpy_logs
from devices.pseudonym import check_service_name
from devices.tokens import KIND_FELICA, KIND_TYPE_A, check_token_id

TARGETS = ("212F", "106A", "106B")


def identify_nfc_card(path: str, service: str, service_key: Callable[[], bytes],
                      timeout: float = 5.0) -> CardId:
    check_service_name(service)
    try:
        # lazy: nfcpy is optional (pip install nfcpy); it loads only when an nfcpy reader is used
        import nfc
        import nfc.clf
        import nfc.tag
        import nfc.tag.tt4
    except ImportError:
        raise NoReaderError("nfcpy is not installed (pip install nfcpy).") from None
    quiet_nfcpy_logs()
    try:
        clf = nfc.ContactlessFrontend(path)
    except OSError:
        raise NoReaderError() from None
    quiet_nfcpy_logs()
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            target = clf.sense(*(nfc.clf.RemoteTarget(t) for t in TARGETS))
            if target is None:
                continue
            if target.brty.endswith("F"):
                return CardId(KIND_FELICA, check_token_id(KIND_FELICA, bytes(target.sensf_res[1:9])).hex().upper())
            if target.brty.endswith("A"):
                return CardId(KIND_TYPE_A, check_token_id(KIND_TYPE_A, bytes(target.sdd_res)).hex().upper())
            tag = nfc.tag.activate(clf, target)
            if tag is None:  # activation failed (e.g. the ATTRIB answer came late): poll again
                continue
            if not isinstance(tag, nfc.tag.tt4.Type4BTag):
                raise UnknownCardError()
            transport = NfcpyTransport(clf, tag, path)
            return identify_card(transport, service, service_key)
        raise NoCardError()
    finally:
        clf.close()
