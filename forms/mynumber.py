"""The My Number (個人番号) as a value: its check digit, its printed 4-4-4 grouping, its screen mask.

The number is specific personal information (特定個人情報): a form may carry it only when its
definition states the legal basis (`my_number.reads` with `legal_basis`), and it is never logged,
printed in an error, or shown in full on a screen. Nothing here logs or formats it into messages.
"""

from __future__ import annotations

MASK = "＊"


def check_digit(first_eleven: str) -> int:
    """The check digit of the 12-digit individual number (weights 2–7, then 2–6, from the right)."""
    total = 0
    for n, digit in enumerate(reversed(first_eleven), start=1):
        weight = n + 1 if n <= 6 else n - 5
        total += int(digit) * weight
    remainder = total % 11
    return 0 if remainder <= 1 else 11 - remainder


def is_valid(number: object) -> bool:
    """Twelve ASCII digits with a correct check digit."""
    return (isinstance(number, str) and len(number) == 12 and number.isascii() and number.isdigit()
            and check_digit(number[:11]) == int(number[11]))


def masked(number: str) -> str:
    """What a screen may show: every digit but the last four hidden, grouped 4-4-4."""
    digits = "".join(ch for ch in number if ch.isdigit())
    if not digits:
        return ""
    shown = MASK * max(len(digits) - 4, 0) + digits[-4:]
    return " ".join(shown[i:i + 4] for i in range(0, len(shown), 4))
