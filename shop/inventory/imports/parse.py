"""The columns an import accepts, and one row's cells read into typed values.

Columns (names in any case): ``sku`` (required, the key), ``name``, ``category`` (a category
slug), ``brand`` (a brand name), ``type`` and ``mpn`` (read for new products only),
``status``, ``currency`` and ``price`` (in major units: ``1299.00``), and stock as
``stock`` (on hand at the main location) or ``stock:<location code>`` (on hand there), as
many as there are locations. A staff file may not name a supplier's own location (the
supplier's feed keeps it). A blank cell leaves that value as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from shop.catalog.models import ProductStatus
from shop.catalog.specs import ProductType
from shop.db import CURRENCY_EXPONENT
from shop.spreadsheets import (
    CellError,
    Columns,
    Row,
    SpreadsheetError,
    parse_money,
    parse_quantity,
)

FIELDS = ("name", "category", "brand", "type", "mpn", "status", "currency", "price")
STOCK = "stock"
STOCK_PREFIX = "stock:"
COLUMNS = Columns(required=("sku",), optional=(*FIELDS, STOCK), prefixes=(STOCK_PREFIX,))
LIMITS = {"sku": 64, "name": 200, "brand": 80, "mpn": 64}
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
TYPES = frozenset(t.value for t in ProductType)


@dataclass(frozen=True)
class Location:
    id: int
    code: str
    # A location this file may not set: a supplier's own stock, in a staff import (the
    # supplier keeps it through its portal's feed).
    locked: bool = False


@dataclass(frozen=True)
class Layout:
    """Where each value sits in a row of this file."""

    sku: int
    fields: dict[str, int]  # field → column position
    stock: tuple[tuple[int, Location], ...]  # (column position, location)
    columns: tuple[str, ...]


def layout(columns: list[str], locations: list[Location], main: Location | None) -> Layout:
    """The file's layout; raises ``SpreadsheetError`` for a stock column naming no location
    or a location the file may not set (``Location.locked``), or two columns naming the
    same location's stock."""
    by_code = {loc.code.lower(): loc for loc in locations}
    stock: list[tuple[int, Location]] = []
    unknown, locked = [], []
    for position, name in enumerate(columns):
        if name == STOCK:
            if main is None:
                raise SpreadsheetError("The file has a stock column, but the shop has no "
                                       "stock location yet.")
            stock.append((position, main))
        elif name.startswith(STOCK_PREFIX):
            loc = by_code.get(name[len(STOCK_PREFIX):])
            if loc is None:
                unknown.append(name)
            elif loc.locked:
                locked.append(name)
            else:
                stock.append((position, loc))
    if locked:
        named = ", ".join(locked)
        raise SpreadsheetError(
            f"Column {named} {'is' if len(locked) == 1 else 'are'} a supplier's own stock, "
            "which the supplier keeps through its portal's feed: a staff import does not "
            "change it. Remove the column; to correct that stock, adjust it on the stock "
            "page, which asks for a reason.")
    if unknown:
        known = ", ".join(f"stock:{loc.code}" for loc in locations if not loc.locked) \
            or "none"
        raise SpreadsheetError(f"No stock location is called {', '.join(unknown)}. Stock "
                               f"columns of this shop: {known} (and stock, for "
                               f"{main.code if main else 'the main location'}).")
    seen: dict[int, str] = {}
    for position, loc in stock:
        if loc.id in seen:
            raise SpreadsheetError(f"Columns {seen[loc.id]} and {columns[position]} both give "
                                   f"the stock at {loc.code}; keep one of them.")
        seen[loc.id] = columns[position]
    return Layout(sku=columns.index("sku"),
                  fields={f: columns.index(f) for f in FIELDS if f in columns},
                  stock=tuple(stock), columns=tuple(columns))


@dataclass(frozen=True)
class Lookups:
    """What rows are checked against, read once per preview."""

    categories: dict[str, int]  # slug → id
    brands: dict[str, tuple[int, str]]  # lower-case name → (id, name)
    currency: str  # of prices where the file has no currency column


@dataclass(slots=True)
class ParsedRow:
    number: int
    sku: str
    values: dict[str, object] = field(default_factory=dict)  # only cells that were filled
    stock: dict[int, int] = field(default_factory=dict)  # location id → on hand
    errors: list[list[str]] = field(default_factory=list)  # [column, reason]

    def error(self, column: str, reason: str) -> None:
        self.errors.append([column, reason])


def _status(text: str) -> str:
    key = re.sub(r"[\s-]+", "_", text.strip().lower())
    try:
        return ProductStatus(key).value
    except ValueError:
        raise CellError(f"Unknown status {text!r}: use one of "
                        f"{', '.join(s.value for s in ProductStatus)}.") from None


def _text(column: str, text: str) -> str:
    if _CONTROL.search(text):
        raise CellError(f"The {column} holds control characters.")
    limit = LIMITS.get(column)
    if limit and len(text) > limit:
        raise CellError(f"The {column} is longer than {limit} characters.")
    return text


def parse_row(row: Row, where: Layout, lookups: Lookups) -> ParsedRow:
    cells = row.cells
    parsed = ParsedRow(row.number, cells[where.sku])
    if not parsed.sku:
        parsed.error("sku", "The SKU is missing.")
    else:
        try:
            _text("sku", parsed.sku)
        except CellError as exc:
            parsed.error("sku", exc.message)
    values = parsed.values
    for name, position in where.fields.items():
        text = cells[position]
        if not text or name == "price":
            continue
        try:
            if name == "category":
                category_id = lookups.categories.get(text.lower())
                if category_id is None:
                    raise CellError(f"No category has the slug {text!r}.")
                values[name] = (category_id, text.lower())
            elif name == "brand":
                known = lookups.brands.get(_text(name, text).lower())
                values[name] = known or (None, text)
            elif name == "type":
                if text.lower() not in TYPES:
                    raise CellError(f"Unknown type {text!r}: use one of "
                                    f"{', '.join(t.value for t in ProductType)}.")
                values[name] = text.lower()
            elif name == "status":
                values[name] = _status(text)
            elif name == "currency":
                if not re.fullmatch(r"[A-Za-z]{3}", text):
                    raise CellError(f"{text!r} is not a currency code (like USD or EUR).")
                values[name] = text.upper()
            else:
                values[name] = _text(name, text)
        except CellError as exc:
            parsed.error(name, exc.message)
    if "price" in where.fields and cells[where.fields["price"]]:
        currency = str(values.get("currency", lookups.currency))
        if not any(column == "currency" for column, _reason in parsed.errors):
            try:
                values["price"] = parse_money(cells[where.fields["price"]],
                                              CURRENCY_EXPONENT.get(currency, 2))
            except CellError as exc:
                parsed.error("price", exc.message)
    for position, location in where.stock:
        text = cells[position]
        if text:
            try:
                parsed.stock[location.id] = parse_quantity(text)
            except CellError as exc:
                parsed.error(where.columns[position], exc.message)
    return parsed
