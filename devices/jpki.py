"""The PIN-free part of the 公的個人認証AP (JPKI, mynumber-card.md §3): token label and the
user-authentication certificate of EF 000A, read without any PIN.

`JpkiApp(transport).read_auth_certificate_der()` selects the AP (6A82 → NotMyNumberCardError) and EF
000A, reads a 4-byte header (`30 82 HH LL`), takes the BER length from it and reads the rest in chunks
of at most 256 bytes. `parse_certificate` turns the DER into a `cryptography.x509.Certificate`.
Reading this certificate proves neither that the card is genuine nor that its holder is present
(§4.2): it is public data that any chip, or a copy, can return. See docs/devices.md.
"""

from __future__ import annotations

import logging

from cryptography import x509

from devices import apdu as A
from devices.apdu import StatusWord as SW
from devices.application import CardApplication
from devices.efread import read_tlv_file
from devices.errors import CardProtocolError

logger = logging.getLogger(__name__)

CERT_HEADER = 4  # 30 82 HH LL: tag, long-form length marker, two length bytes
TOKEN_LABELS = {"JPKIAPICCTOKEN2": "my number card", "JPKIAPICCTOKEN": "juki card",
                "JPKIAPGPSETOKEN": "android phone", "JPKIAPIOSTOKEN": "iphone"}


class JpkiApp(CardApplication):
    """The JPKI AP over any Transport; selects itself on first use."""

    AID = A.AID_JPKI
    LABEL = "JPKI AP"

    def read_token_label(self) -> str:
        """The token label of EF 0006 (`JPKIAPICCTOKEN2` on a plastic My Number card)."""
        self._select_ef(A.EF_JPKI_TOKEN_INFO)
        data, sw = self._send(A.read_binary(0, 32))
        if sw != SW.OK or not data:
            raise CardProtocolError("READ BINARY of JPKI EF 0006 failed", sw)
        try:
            return data[:32].decode("ascii").rstrip(" \x00")
        except UnicodeDecodeError:
            raise CardProtocolError("the JPKI token label is not ASCII") from None

    def read_auth_certificate_der(self) -> bytes:
        """DER of the user-authentication certificate (EF 000A), no PIN needed."""
        self._select_ef(A.EF_JPKI_AUTH_CERT)
        der = read_tlv_file(self._send, "JPKI EF 000A", first=CERT_HEADER)
        if der[0] != 0x30:
            raise CardProtocolError("JPKI EF 000A is not a DER SEQUENCE")
        logger.info("read the JPKI user-authentication certificate (%d bytes)", len(der))
        return der

    def read_auth_certificate(self) -> x509.Certificate:
        return parse_certificate(self.read_auth_certificate_der())


def parse_certificate(der: bytes) -> x509.Certificate:
    """Parse DER X.509; anything malformed is a CardProtocolError."""
    try:
        cert = x509.load_der_x509_certificate(bytes(der))
        cert.issuer  # noqa: B018 — force the lazily parsed fields we rely on
        cert.serial_number  # noqa: B018
    except (ValueError, TypeError) as exc:
        raise CardProtocolError(f"the certificate is not valid DER X.509 ({type(exc).__name__})") from None
    return cert


def read_auth_certificate(transport: Transport) -> x509.Certificate:
    return JpkiApp(transport).read_auth_certificate()
