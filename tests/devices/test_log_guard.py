"""The log guard of tests/devices/conftest.py bites: each kind of secret is found in a log line that
carries it, and a real PIN read with DEBUG tracing (APDU hex dumps included) carries none."""

import logging
import re

from devices.emulator import CardHolder, MyNumberCard
from devices.inprocess import InProcessTransport
from devices.reading import read_card
from tests.devices.secrets import person_secrets


def found(people, text):
    return {label for label, pattern in person_secrets(people) if re.search(pattern, text)}


def test_each_kind_of_secret_is_caught(people):
    person = people[0]
    code_b = CardHolder.from_dict(person).code_b()
    assert "pin[0]" in found(people, f"presenting PIN {person['pin']} now")
    assert "pin-hex[0]" in found(people, "> 00 20 00 91 04 " + person["pin"].encode().hex())
    assert "my_number[0]" in found(people, f"number={person['my_number']}")
    assert "my_number-hex[0]" in found(people, person["my_number"].encode().hex().upper())
    assert "code_b[0]" in found(people, f"code {code_b}")
    assert "name[0]" in found(people, f"hello {person['name']}")
    assert "name-part[0]" in found(people, person["name"].split("　")[1] + " again")
    assert "name-hex[0]" in found(people, person["name"].encode().hex())


def test_pin_digits_inside_hex_dumps_are_not_a_false_alarm(people):
    assert not found(people, "> 00 b0 82 00 00 < <117 bytes> 9000 and 00B0820000 A40000FF")
    assert not found(people, "fault: status 0000 for command 1; in-process > 00 a4 < <0 bytes> 0000")


def test_a_traced_read_leaks_nothing(people, no_secrets_in_logs):
    card = MyNumberCard(CardHolder.from_dict(people[0]))
    read_card(InProcessTransport(card), pin=people[0]["pin"], with_number=True, purpose="log check",
              verify_integrity=True)
    lines = "\n".join(no_secrets_in_logs.lines)
    assert "devices.transport DEBUG" in lines and "redacted" in lines   # the APDUs were traced
    assert not found(people, lines)
    assert logging.getLogger().level == logging.DEBUG
