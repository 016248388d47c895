"""The My Number card (or a FeliCa library card) as the library card: providers of card tokens.

A `LinkProvider` turns the card on a transport into a token that stands for the card at this library:
`link(transport)` at registration (may ask more of the card) and `identify(transport)` at later visits
(a tap, no PIN). `kind` names the token space stored in `library.card_linked`.

`PseudonymProvider` (the default) reads the JPKI user-authentication certificate without a PIN and
returns `devices.pseudonym.service_pseudonym` under the library's own service key
(`<data-dir>/service-keys/<service>.key`): the certificate's serial number never leaves `devices`, and
the token means nothing to any other service. A FeliCa or Type A library card gives its IDm / UID.
A My Key Platform provider (the Digital Agency's software, the sanctioned path for municipal
libraries since 2024-05-27) would implement the same two methods and return the マイキーID; see
docs/library.md. No PIN-less token proves that a card is genuine or held by its owner.

Which provider a library uses is data: `"link_provider": {"name": "pseudonym"}` in library.json
(the default). `provider_for(config, data_dir)` builds it from the providers known by name: the
built-in one, those added with `register_provider(name, factory)`, and those installed packages
declare under the entry-point group `kazasu.library_link_providers` (a factory
`(data_dir, config, options) -> LinkProvider`).
"""

from __future__ import annotations

from importlib.metadata import entry_points
from pathlib import Path
from typing import Any, Callable, Protocol

from devices.card_id import KIND_MY_NUMBER, CardId, identify_card
from devices.pseudonym import load_service_key
from devices.transport import Transport
from kiosk.library.errors import LibraryError


class LinkProvider(Protocol):
    name: str

    def link(self, transport: Transport) -> CardId: ...

    def identify(self, transport: Transport) -> CardId: ...


class PseudonymProvider:
    """Per-service pseudonym of a My Number card; IDm / UID of a FeliCa / Type A card."""

    name = "pseudonym"

    def __init__(self, data_dir: Path, service: str = "library") -> None:
        self.data_dir, self.service = Path(data_dir), service

    def identify(self, transport: Transport) -> CardId:
        return identify_card(transport, self.service, lambda: load_service_key(self.data_dir, self.service))

    def link(self, transport: Transport) -> CardId:
        return self.identify(transport)


ENTRY_POINT_GROUP = "kazasu.library_link_providers"
ProviderFactory = Callable[[Path, Any, dict[str, Any]], LinkProvider]
_FACTORIES: dict[str, ProviderFactory] = {
    PseudonymProvider.name: lambda data_dir, config, options: PseudonymProvider(
        data_dir, options.get("service", config.service)),
}


def register_provider(name: str, factory: ProviderFactory) -> None:
    """Make a provider known by name (a plug-in calls this, or declares an entry point)."""
    _FACTORIES[name] = factory


def known_providers() -> list[str]:
    names = set(_FACTORIES)
    names.update(point.name for point in entry_points(group=ENTRY_POINT_GROUP))
    return sorted(names)


class UnknownProviderError(LibraryError):
    code = "unknown_link_provider"
    message_ja = ("設定されたカード連携方式が見つかりません。library.json の link_provider を確かめ、"
                  "必要なプラグインをインストールしてください。")
    message_en = ("The card link provider named in library.json is not installed. Check "
                  "link_provider there, or install its plug-in.")


def provider_for(config: Any, data_dir: Path) -> LinkProvider:
    """The provider library.json names (`link_provider.name`, default "pseudonym"), built with the
    rest of that object as its options."""
    options = dict(config.data.get("link_provider") or {"name": PseudonymProvider.name})
    name = str(options.pop("name", PseudonymProvider.name))
    factory = _FACTORIES.get(name)
    if factory is None:
        found = [point for point in entry_points(group=ENTRY_POINT_GROUP) if point.name == name]
        if not found:
            raise UnknownProviderError(provider=name, known=known_providers())
        factory = found[0].load()
    return factory(Path(data_dir), config, options)


class NotMyNumberForLinkError(LibraryError):
    code = "not_a_my_number_card"
    message_ja = "マイナンバーカードではありません。マイナンバーカードをかざしてください。"
    message_en = "This is not a My Number card. Tap a My Number card."


def link_card(desk, provider: LinkProvider, transport: Transport, number: str,
              my_number_only: bool = False) -> CardId:
    """Read the card's token with `provider` and write `library.card_linked` for patron `number`."""
    desk.patron(number)
    card = provider.link(transport)
    if my_number_only and card.kind != KIND_MY_NUMBER:
        raise NotMyNumberForLinkError()
    desk.link(number, card.kind, card.pseudonym, provider.name)
    return card


def identify_patron(desk, provider: LinkProvider, transport: Transport) -> str:
    """A tap at a later visit: the patron number linked to the card's token (UnknownCardError if none)."""
    card = provider.identify(transport)
    return desk.identify(card.kind, card.pseudonym)


def identify_barcode(desk, scanned: str) -> str:
    """A scanned library card: strip NW-7 start/stop characters, check the digit, find the patron."""
    number = scanned.strip().strip("ABCDabcd")
    desk.patron(number)
    return number


CardReader = Callable[[], Transport]
