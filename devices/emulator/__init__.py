"""A My Number card emulator for tests, demos and benchmarks (fictitious people only).

`CardHolder` is a person in the people.json format, `MyNumberCard` answers the input-support
application's real commands, and `VpcdLink` plugs the card into pcscd through vsmartcard's vpcd.
"""

from devices.emulator.card import MyNumberCard
from devices.emulator.holder import CardHolder
from devices.emulator.vpcd import CONTACTLESS_ATR, VpcdLink

__all__ = ["CardHolder", "MyNumberCard", "VpcdLink", "CONTACTLESS_ATR"]
