"""The PIN-free part of the 公的個人認証AP (JPKI, mynumber-card.md §3): token label, which certificates
the card carries, the tries left on its two keys, and the certificates read without any PIN (the
user-authentication certificate of EF 000A and the CA certificates of EF 000B and 0002).

`JpkiApp(transport).read_auth_certificate_der()` selects the AP (6A82 → NotMyNumberCardError) and EF
000A, reads a 4-byte header (`30 82 HH LL`), takes the BER length from it and reads the rest in chunks
of at most 256 bytes. `parse_certificate` turns the DER into a `cryptography.x509.Certificate`.
Reading this certificate proves neither that the card is genuine nor that its holder is present
(§4.2): it is public data that any chip, or a copy, can return. See docs/devices.md.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from devices import apdu as A
from devices.apdu import StatusWord as SW
from devices.application import CardApplication
from devices.efread import read_tlv_file
from devices.errors import CardProtocolError
from devices.transport import Transport

if TYPE_CHECKING:
    from cryptography import x509

logger = logging.getLogger(__name__)

CERT_HEADER = 4  # 30 82 HH LL: tag, long-form length marker, two length bytes
CERTIFICATE_EFS = {"auth": A.EF_JPKI_AUTH_CERT, "auth_ca": A.EF_JPKI_AUTH_CA_CERT,
                   "sign": A.EF_JPKI_SIGN_CERT, "sign_ca": A.EF_JPKI_SIGN_CA_CERT}
PIN_EFS = {"auth": A.EF_JPKI_AUTH_PIN, "sign": A.EF_JPKI_SIGN_PIN}
PRESENT = 0x8F  # EF 0008's byte for a certificate the card carries
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
        return self.read_certificate_der("auth")

    def read_certificate_der(self, which: str) -> bytes:
        """DER of one of the four certificates: "auth" (EF 000A), "auth_ca" (000B), "sign_ca" (0002)
        need no PIN; "sign" (0001) answers 6982 (a CardProtocolError) until the signature password is
        verified, which kazasu never does."""
        ef = CERTIFICATE_EFS[which]
        self._select_ef(ef)
        der = read_tlv_file(self._send, f"JPKI EF {ef:04X}", first=CERT_HEADER)
        if der[0] != 0x30:
            raise CardProtocolError(f"JPKI EF {ef:04X} is not a DER SEQUENCE")
        logger.info("read JPKI certificate EF %04X (%d bytes)", ef, len(der))
        return der

    def certificate_availability(self) -> dict[str, bool]:
        """Which certificates the card carries, from EF 0008 (no signature certificate on a child's or a
        face-authentication card)."""
        self._select_ef(A.EF_JPKI_CERT_AVAILABILITY)
        data, sw = self._send(A.read_binary(0, 3))
        if sw != SW.OK or len(data) < 2:
            raise CardProtocolError("READ BINARY of JPKI EF 0008 failed", sw)
        return {"sign": data[0] == PRESENT, "auth": data[1] == PRESENT}

    def pin_tries_left(self, which: str) -> int | None:
        """Tries left on the "auth" PIN (EF 0018) or the "sign" password (EF 001B), without spending one
        (an empty VERIFY); None when the card does not say (no such key, no PIN set)."""
        self._select_ef(PIN_EFS[which])
        _, sw = self._send(A.verify())
        return sw & 0x0F if A.is_verify_failed(sw) else None

    def read_auth_certificate(self) -> x509.Certificate:
        return parse_certificate(self.read_auth_certificate_der())


def parse_certificate(der: bytes) -> x509.Certificate:
    """Parse DER X.509; anything malformed is a CardProtocolError."""
    # lazy: cryptography.x509 (about 0.1 s) loads with the first certificate read, not with the
    # modules that identify a card (the kiosk's sign-in screen imports those)
    from cryptography import x509

    try:
        cert = x509.load_der_x509_certificate(bytes(der))
        cert.issuer  # noqa: B018 — force the lazily parsed fields we rely on
        cert.serial_number  # noqa: B018
    except (ValueError, TypeError) as exc:
        raise CardProtocolError(f"the certificate is not valid DER X.509 ({type(exc).__name__})") from None
    return cert


def read_auth_certificate(transport: Transport) -> x509.Certificate:
    return JpkiApp(transport).read_auth_certificate()
