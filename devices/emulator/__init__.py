"""A My Number card emulator for tests, demos and benchmarks (fictitious people only).

`CardHolder` is a person in the people.json format, `MyNumberCard` answers the input-support and
JPKI applications' real commands, `TokenCard` is a FeliCa / Type A card as a PC/SC reader shows it, and
`VpcdLink` plugs a card into pcscd through vsmartcard's vpcd.
"""

from devices.emulator.card import MyNumberCard
from devices.emulator.holder import CardHolder
from devices.emulator.token import TokenCard
from devices.emulator.vpcd import CONTACTLESS_ATR, VpcdLink

__all__ = ["CardHolder", "MyNumberCard", "TokenCard", "VpcdLink", "CONTACTLESS_ATR"]
