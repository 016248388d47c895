"""The My Number card as the library card, through the real pcscd (emulated card behind vpcd, slot 0):
register with the PIN, link without one, later visits by a tap; FeliCa cards and barcodes too."""

from __future__ import annotations

import json

import pytest

from devices.jpki import JpkiApp
from devices.pcsc import PcscTransport
from devices.reading import read_card
from kiosk.library import state as st
from kiosk.library.errors import InvalidNumberError, UnknownCardError
from kiosk.library.link import NotMyNumberForLinkError, PseudonymProvider, identify_barcode, identify_patron, link_card

pytestmark = pytest.mark.pcscd


def _open(reader):
    return PcscTransport.open(reader)


def test_register_link_then_tap_without_pin(pcsc_card, people, desk, tmp_path):
    card, reader = pcsc_card(people[0], slot=0)
    provider = PseudonymProvider(tmp_path / "keys", desk.config.service)
    transport = _open(reader)
    try:
        person = read_card(transport, pin=people[0]["pin"]).to_dict()      # first visit: PIN
        number = desk.register(person, source="card_pin")
        linked = link_card(desk, provider, transport, number, my_number_only=True)
        serial = JpkiApp(transport).read_auth_certificate().serial_number
    finally:
        transport.close()
    assert linked.kind == "mynumber" and len(linked.pseudonym) == 64

    transport = _open(reader)                    # a later visit: a tap, no PIN at all
    try:
        assert identify_patron(desk, provider, transport) == number
    finally:
        transport.close()
    assert not card.verified

    event = next(e for e in desk.store.pending() if e.kind == st.LINKED)
    assert event.payload == {"patron_number": number, "kind": "mynumber", "token": linked.pseudonym,
                             "provider": "pseudonym"}
    stored = json.dumps([e.payload for e in desk.store.pending()])
    assert str(serial) not in stored and format(serial, "x") not in stored.lower()

    other = PseudonymProvider(tmp_path / "other-keys", desk.config.service)   # another library's key
    transport = _open(reader)
    try:
        with pytest.raises(UnknownCardError):
            identify_patron(desk, other, transport)
    finally:
        transport.close()


def test_unlinked_my_number_card_is_not_a_patron(pcsc_card, people, desk, tmp_path):
    _, reader = pcsc_card(people[1], slot=0)
    transport = _open(reader)
    try:
        with pytest.raises(UnknownCardError) as unknown:
            identify_patron(desk, PseudonymProvider(tmp_path, "library"), transport)
    finally:
        transport.close()
    assert unknown.value.code == "card_not_linked"


def test_felica_library_card_and_barcode(pcsc_card, people, desk, tmp_path):
    number = desk.register({"name": "見本　一", "address": "東京都港区芝公園一丁目",
                            "birth_date": "1970-01-01"}, source="by_hand")
    _, reader = pcsc_card.token("felica", bytes.fromhex("012E4CD1F3A57B09"), slot=0)
    provider = PseudonymProvider(tmp_path, "library")
    transport = _open(reader)
    try:
        with pytest.raises(NotMyNumberForLinkError):
            link_card(desk, provider, transport, number, my_number_only=True)
        assert link_card(desk, provider, transport, number).kind == "felica"
        assert identify_patron(desk, provider, transport) == number
    finally:
        transport.close()
    assert identify_barcode(desk, f"A{number}A") == number and identify_barcode(desk, number) == number
    with pytest.raises(InvalidNumberError):
        identify_barcode(desk, number[:-1] + str((int(number[-1]) + 1) % 10))


def test_the_provider_is_chosen_in_library_json(tmp_path):
    """The default provider comes from the rules file; a provider registered by name (as a plug-in
    does) is built with its options; an unknown name is a clear error, not a traceback."""
    from kiosk.library import link
    from kiosk.library.config import LibraryConfig
    from kiosk.library.link import UnknownProviderError, provider_for, register_provider

    config = LibraryConfig.load()
    built = provider_for(config, tmp_path)
    assert isinstance(built, PseudonymProvider) and built.service == config.service
    custom = LibraryConfig(dict(config.data, link_provider={"name": "pseudonym", "service": "lib2"}))
    assert provider_for(custom, tmp_path).service == "lib2"

    class SecondLibraryKey(PseudonymProvider):       # a real provider: the pseudonym under another key
        name = "branch-key"

    register_provider("branch-key", lambda data_dir, cfg, options: SecondLibraryKey(
        data_dir / options["folder"], cfg.service))
    try:
        other = LibraryConfig(dict(config.data, link_provider={"name": "branch-key", "folder": "b"}))
        made = provider_for(other, tmp_path)
        assert made.name == "branch-key" and made.data_dir == tmp_path / "b"
        assert "branch-key" in link.known_providers()
    finally:
        link._FACTORIES.pop("branch-key")
    missing = LibraryConfig(dict(config.data, link_provider={"name": "mykey"}))
    with pytest.raises(UnknownProviderError) as unknown:
        provider_for(missing, tmp_path)
    assert unknown.value.details()["provider"] == "mykey" and "library.json" in unknown.value.message_ja
