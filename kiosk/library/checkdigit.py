"""Check digits for library patron numbers printed as NW-7 (Codabar).

Japanese library systems commonly use one of:
- `m10w21`: modulus 10, weights 2-1 from the rightmost body digit, two-digit products split into their
  digits (分割, the same arithmetic as Luhn); check = (10 - sum mod 10) mod 10.
- `m10w21_total`: the same weights with products added whole (一括).
- `7dr`: the body as a number, divided by 7; the check is the remainder.
- `7dsr`: 7 minus that remainder (1..7).
- `m11`: modulus 11, weights 2..7 repeating from the right; check = 11 - (sum mod 11), and 0 when the
  remainder is 0 or 1 (a single digit is always printed).
`append_check(body, scheme)` returns body + check; `is_valid(number, scheme)` tests a full number.
"""

from __future__ import annotations

from typing import Callable


def _digits(body: str) -> list[int]:
    if not body or not body.isascii() or not body.isdigit():
        raise ValueError("a check digit needs a body of ASCII digits")
    return [int(c) for c in body]


def m10w21(body: str) -> str:
    total = 0
    for position, digit in enumerate(reversed(_digits(body))):
        product = digit * (2 if position % 2 == 0 else 1)
        total += product // 10 + product % 10
    return str((10 - total % 10) % 10)


def m10w21_total(body: str) -> str:
    total = sum(d * (2 if i % 2 == 0 else 1) for i, d in enumerate(reversed(_digits(body))))
    return str((10 - total % 10) % 10)


def seven_dr(body: str) -> str:
    _digits(body)
    return str(int(body) % 7)


def seven_dsr(body: str) -> str:
    _digits(body)
    return str(7 - int(body) % 7)


def m11(body: str) -> str:
    total = sum(d * (2 + i % 6) for i, d in enumerate(reversed(_digits(body))))
    remainder = total % 11
    return "0" if remainder <= 1 else str(11 - remainder)


SCHEMES: dict[str, Callable[[str], str]] = {
    "m10w21": m10w21, "m10w21_total": m10w21_total, "7dr": seven_dr, "7dsr": seven_dsr, "m11": m11,
}


def check_digit(body: str, scheme: str = "m10w21") -> str:
    try:
        return SCHEMES[scheme](body)
    except KeyError:
        raise ValueError(f"unknown check digit scheme {scheme!r}") from None


def append_check(body: str, scheme: str = "m10w21") -> str:
    return body + check_digit(body, scheme)


def is_valid(number: str, scheme: str = "m10w21") -> bool:
    if len(number) < 2 or not number.isascii() or not number.isdigit():
        return False
    return check_digit(number[:-1], scheme) == number[-1]
