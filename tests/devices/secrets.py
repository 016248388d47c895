"""The secrets of the fixture people as regular expressions for log and output checks.

Labels name the kind and the person's index only, so that a failing test never prints the secret.
"""

from __future__ import annotations

import re

from devices.emulator import CardHolder

_HEX = "0-9A-Fa-f"


def _word(text: str) -> str:
    """`text` not inside a longer run of hex digits (APDU dumps are hex) and not where a trace prints a
    status word (`<n bytes> 9000`, `status 0000`): a 4-digit PIN can look like one."""
    return rf"(?<![{_HEX}])(?<!bytes> )(?<!status ){re.escape(text)}(?![{_HEX}])"


def _hex(data: bytes) -> str:
    return f"(?i){data.hex()}"


def person_secrets(people: list[dict]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for i, person in enumerate(people):
        if person.get("pin"):
            out += [(f"pin[{i}]", _word(person["pin"])), (f"pin-hex[{i}]", _hex(person["pin"].encode()))]
        number = person["my_number"]
        out += [(f"my_number[{i}]", re.escape(number)), (f"my_number-hex[{i}]", _hex(number.encode()))]
        out.append((f"code_b[{i}]", re.escape(CardHolder.from_dict(person).code_b())))
        name = person["name"]
        out += [(f"name[{i}]", re.escape(name)), (f"name-hex[{i}]", _hex(name.encode("utf-8")))]
        out += [(f"name-part[{i}]", re.escape(part)) for part in re.split(r"[\s　]+", name) if len(part) >= 2]
    return out
