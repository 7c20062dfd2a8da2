"""Quantities with units, as people type them: in a search ("HDR DAC 2 m", "400g",
"850nm") and in the range fields of a listing ("2 m", "$100", "300 USD").

A quantity in a search becomes a spec filter: lengths filter on reach, rates on data rate,
wavelengths on wavelength. A range field reads its own unit (or none) and refuses a value
it cannot read with a message, instead of dropping it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

# unit as typed (lower case) -> (spec code, factor to the spec's own unit)
UNITS: dict[str, tuple[str, float]] = {
    "m": ("reach", 1), "metre": ("reach", 1), "metres": ("reach", 1), "meter": ("reach", 1),
    "meters": ("reach", 1), "mtr": ("reach", 1), "km": ("reach", 1000),
    "kilometre": ("reach", 1000), "kilometres": ("reach", 1000), "kilometer": ("reach", 1000),
    "kilometers": ("reach", 1000), "cm": ("reach", 0.01),
    "g": ("data_rate", 1), "gb/s": ("data_rate", 1), "gbps": ("data_rate", 1),
    "gbit/s": ("data_rate", 1), "gbit": ("data_rate", 1), "gb": ("data_rate", 1),
    "gig": ("data_rate", 1), "t": ("data_rate", 1000), "tb/s": ("data_rate", 1000),
    "nm": ("wavelength", 1),
}
_UNIT_PATTERN = "|".join(sorted((re.escape(u) for u in UNITS), key=len, reverse=True))
# A number, optional space, a unit, and then no more letters (so "25gbe" and "4x" stay words).
QUANTITY = re.compile(
    rf"(?<![\w.])(\d+(?:[.,]\d+)?)\s?({_UNIT_PATTERN})(?![a-z0-9])", re.IGNORECASE
)
MAX_QUANTITY = 1e7


@dataclass
class QueryQuantities:
    """What a search query says in numbers, and the words left for full-text search."""

    text: str
    values: dict[str, list[float]] = field(default_factory=dict)  # spec code -> values

    def __bool__(self) -> bool:
        return bool(self.values)


def read_query(query: str) -> QueryQuantities:
    """Pull "2 m", "2m", "2 metres", "400g", "400 Gb/s", "850nm" out of a search query."""
    values: dict[str, list[float]] = {}

    def take(match: re.Match) -> str:
        number = float(match.group(1).replace(",", "."))
        code, factor = UNITS[match.group(2).lower()]
        value = number * factor
        if not math.isfinite(value) or value <= 0 or value > MAX_QUANTITY:
            return match.group(0)
        if value not in values.setdefault(code, []):
            values[code].append(value)
        return " "

    text = QUANTITY.sub(take, query)
    return QueryQuantities(" ".join(text.split()), values)


def read_range_value(raw: str, code: str, unit: str | None) -> tuple[float | None, str | None]:
    """A range field's value in the spec's unit, or a message saying why it is refused.
    Accepts a bare number or one with a unit of the same kind ("2", "2 m", "1.5 km")."""
    text = raw.strip()
    if not text:
        return None, None
    label = unit or "a number"
    if len(text) > 32:
        return None, "Too long to be a number."
    match = re.fullmatch(rf"(\d+(?:[.,]\d+)?|\.\d+)\s*({_UNIT_PATTERN})?", text, re.IGNORECASE)
    if match is None:
        return None, f"Type a number, such as 2 or 2 {label}."
    number = float(match.group(1).replace(",", "."))
    if match.group(2):
        unit_code, factor = UNITS[match.group(2).lower()]
        if unit_code != code:
            return None, f"This filter is in {label}."
        number *= factor
    if not math.isfinite(number) or number > MAX_QUANTITY:
        return None, "That number is too large."
    return number, None


CURRENCY_SIGNS = {"$": "USD", "€": "EUR", "£": "GBP"}


def read_price(raw: str, currency: str) -> tuple[Decimal | None, str | None]:
    """A price typed as "100", "$100", "1,200.50", "300 USD" or "USD 300", in ``currency``;
    or a message. A price in another currency is refused rather than converted."""
    text = raw.strip()
    if not text:
        return None, None
    if len(text) > 32:
        return None, "Too long to be a price."
    found = None
    for sign, code in CURRENCY_SIGNS.items():
        if sign in text:
            found, text = code, text.replace(sign, "")
    match = re.fullmatch(r"([A-Za-z]{3})?\s*([\d,]*\.?\d*)\s*([A-Za-z]{3})?", text.strip())
    if match is None or not re.search(r"\d", match.group(2)):
        return None, f"Type an amount, such as 100 or 100 {currency}."
    codes = {c.upper() for c in (match.group(1), match.group(3), found) if c}
    if codes - {currency}:
        return None, f"Prices here are in {currency}."
    try:
        value = Decimal(match.group(2).replace(",", ""))
    except InvalidOperation:
        return None, f"Type an amount, such as 100 or 100 {currency}."
    if not value.is_finite() or value > Decimal("1e9"):
        return None, "That amount is too large."
    return value, None

