"""Pre-registration codes: what a resident filled in at home, carried to the desk in a QR code.

`record` packs a shelter household or a counter visit into a compact binary record, `seal` encrypts
it to the site's P-256 key (ECDH + HKDF-SHA256 + AES-256-GCM, with the site, the key id and the
creation time as authenticated data), `text` writes it as QR-friendly digits (`KZ` + digits, split into
numbered parts only past `text.MAX_PART_BYTES`), `codes` is the one call each way, and `page` builds the
resident's page (served by the mesh); `options` holds the plain values the command line offers.
No Qt, no kiosk: docs/shelter.md "QR pre-registration".
"""
