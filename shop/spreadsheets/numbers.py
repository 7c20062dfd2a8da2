"""Quantities and prices as people write them in spreadsheets, read exactly."""

from __future__ import annotations

import re

from shop.spreadsheets.errors import CellError

MAX_DB_INT = 2**31 - 1

_SPACES = str.maketrans("", "", " \u00a0\u202f\u2009")
_MONEY_SYMBOLS = "$€£¥"


def parse_quantity(text: str, *, what: str = "Stock") -> int:
    """A whole, non-negative number written with digits only (``12``)."""
    value = text.strip().translate(_SPACES)
    if value.startswith("+"):
        value = value[1:]
    if value.isascii() and value.isdigit():
        number = int(value)
        if number > MAX_DB_INT:
            raise CellError(f"{what} {text.strip()} is too large.")
        return number
    if re.fullmatch(r"-[0-9.,]+", value):
        raise CellError(f"{what} cannot be negative ({text.strip()}).")
    if re.fullmatch(r"[0-9]*[.,][0-9]+", value):
        raise CellError(f"{what} must be a whole number of units, written with digits only "
                        f"(like 12), not {text.strip()}.")
    raise CellError(f"{what} {text.strip()!r} is not a number: write it with digits only, "
                    f"like 12.")


def _grouped(digits: str, separator: str) -> bool:
    groups = digits.split(separator)
    return (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])
            and all(g.isdigit() for g in groups))


def parse_money(text: str, decimals: int = 2) -> int:
    """An amount in minor units with ``decimals`` digits after the point (see the module's
    docstring for the rule)."""
    shown = text.strip()
    value = shown.translate(_SPACES).strip(_MONEY_SYMBOLS)
    if value.startswith(("-", "(")) or value.endswith("-"):
        raise CellError(f"A price cannot be negative ({shown}).")
    if value.startswith("+"):
        value = value[1:]
    not_price = CellError(f"{shown!r} is not a price: write it like 1299.00.")
    if not value or not re.fullmatch(r"[0-9][0-9.,]*", value) or not value[-1].isdigit():
        raise not_price
    last = max(value.rfind("."), value.rfind(","))
    if last < 0:
        whole, fraction = value, ""
    else:
        mark, fraction = value[last], value[last + 1:]
        head = value[:last]
        kinds = {c for c in value if c in ".,"}
        if len(kinds) == 2:
            group = "," if mark == "." else "."
            if mark in head or not _grouped(head, group):
                raise not_price
            whole = head.replace(group, "")
        elif value.count(mark) > 1:
            if not _grouped(value, mark):
                raise not_price
            whole, fraction = value.replace(mark, ""), ""
        elif len(fraction) == 3 and head != "0":
            raise CellError(f"{shown} is ambiguous: is the {mark!r} a decimal point or a "
                            f"thousands separator? Write it as {head}{fraction} or "
                            f"{head}{fraction}.00 (or {head}.{fraction},00).")
        else:
            whole = head
    if len(fraction) > decimals:
        raise CellError(f"{shown} has more than {decimals} decimal places"
                        f"{'' if decimals else ' (this currency has none)'}.")
    cents = int(whole) * 10**decimals + (int(fraction.ljust(decimals, "0")) if decimals else 0)
    if cents > MAX_DB_INT:
        raise CellError(f"The price {shown} is too large.")
    return cents


def money_text(cents: int, decimals: int = 2) -> str:
    """Minor units as a plain number for a file: 129900 → "1299.00" (no grouping)."""
    if not decimals:
        return str(cents)
    whole, fraction = divmod(cents, 10**decimals)
    return f"{whole}.{fraction:0{decimals}d}"
