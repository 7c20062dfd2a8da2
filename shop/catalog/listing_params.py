"""What a listing's address asks for: the filters, range bounds, sort and page of a
category or search listing (``ListingParams``), read from the query string and written back
into one (``query_pairs``, ``filters_for``). ``shop.catalog.listing`` runs them."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal

from shop.catalog.facet_columns import FACET_CODES, RANGE_CODES
from shop.catalog.quantities import read_price, read_range_value
from shop.catalog.specs import SPECS, SpecDef, SpecKind, format_number
from shop.db import CURRENCY_EXPONENT, to_minor_units
from shop.pagination import page_arg

SORTS = {
    "relevance": "Relevance",
    "price_asc": "Price: low to high",
    "price_desc": "Price: high to low",
    "newest": "Newest",
    "best_selling": "Best selling",
}
MAX_VALUES_PER_FACET = 30


@dataclass
class ListingParams:
    selected: dict[str, list[str]] = field(default_factory=dict)
    ranges: dict[str, tuple[float | None, float | None]] = field(default_factory=dict)
    price_min: int | None = None  # minor units
    price_max: int | None = None
    in_stock: bool = False
    sort: str = "relevance"
    page: int = 1
    # Range fields that could not be read: field name -> message (the filter is not
    # applied, and the field shows what was typed with the message beside it).
    errors: dict[str, str] = field(default_factory=dict)
    typed: dict[str, str] = field(default_factory=dict)

    def active_filters(self) -> bool:
        return bool(self.selected or self.ranges or self.price_min is not None
                    or self.price_max is not None or self.in_stock)

    def query_pairs(self, currency: str = "USD") -> list[tuple[str, str]]:
        """The listing's address parameters, normalised and in a fixed order: what the page
        cache keys on and what the page's own links carry. Unknown or malformed parameters
        are not among them, so they neither make new cache entries nor reach the page."""
        pairs: list[tuple[str, str]] = []
        for code in FACET_CODES:
            pairs.extend((code, key) for key in sorted(self.selected.get(code, ())))
        for code in RANGE_CODES:
            low, high = self.ranges.get(code, (None, None))
            if low is not None:
                pairs.append((f"{code}_min", f"{low:g}"))
            if high is not None:
                pairs.append((f"{code}_max", f"{high:g}"))
        exponent = CURRENCY_EXPONENT.get(currency.upper(), 2)
        for name, cents in (("price_min", self.price_min), ("price_max", self.price_max)):
            if cents is not None:
                pairs.append((name, str(Decimal(cents).scaleb(-exponent))))
        if self.in_stock:
            pairs.append(("in_stock", "1"))
        if self.sort != "relevance":
            pairs.append(("sort", self.sort))
        if self.page > 1:
            pairs.append(("page", str(self.page)))
        return pairs


def _parse_number(raw: str | None) -> float | None:
    if raw is None or not raw.strip() or len(raw) > 32:
        return None
    try:
        value = float(raw)
    except ValueError:
        return None
    if not math.isfinite(value) or value < 0 or value > 1e9:
        return None
    return value


def _parse_price(raw: str | None, currency: str, name: str,
                 params: ListingParams) -> int | None:
    value, error = read_price(raw or "", currency)
    if error:
        params.errors[name], params.typed[name] = error, (raw or "")[:40]
        return None
    return to_minor_units(value, currency) if value is not None else None


def _parse_range(raw: str | None, code: str, name: str, params: ListingParams) -> float | None:
    value, error = read_range_value(raw or "", code, SPECS[code].unit)
    if error:
        params.errors[name], params.typed[name] = error, (raw or "")[:40]
    return value


def _facet_key(spec: SpecDef, raw: str) -> str | None:
    if len(raw) > 64:
        return None
    if spec.kind is SpecKind.ENUM:
        return raw if raw in spec.choices else None
    if spec.kind is SpecKind.BOOL:
        return raw if raw in ("yes", "no") else None
    if spec.kind is SpecKind.NUMBER:
        number = _parse_number(raw)
        return format_number(number) if number is not None else None
    return None


def parse_params(args, currency: str = "USD") -> ListingParams:
    """Read filters from a query string. Unknown facet values are ignored; a range or price
    that cannot be read is kept in ``errors`` for the form to show; a malformed page number
    names no page (``NotFound``, see ``shop.pagination``)."""
    params = ListingParams()
    for code in FACET_CODES:
        keys: list[str] = []
        for raw in args.getlist(code)[:MAX_VALUES_PER_FACET]:
            key = _facet_key(SPECS[code], raw)
            if key is not None and key not in keys:
                keys.append(key)
        if keys:
            params.selected[code] = keys
    for code in RANGE_CODES:
        low = _parse_range(args.get(f"{code}_min"), code, f"{code}_min", params)
        high = _parse_range(args.get(f"{code}_max"), code, f"{code}_max", params)
        if low is not None and high is not None and low > high:
            low, high = high, low
        if low is not None or high is not None:
            params.ranges[code] = (low, high)
    params.price_min = _parse_price(args.get("price_min"), currency, "price_min", params)
    params.price_max = _parse_price(args.get("price_max"), currency, "price_max", params)
    if (params.price_min is not None and params.price_max is not None
            and params.price_min > params.price_max):
        params.price_min, params.price_max = params.price_max, params.price_min
    params.in_stock = args.get("in_stock") in ("1", "on", "true", "yes")
    sort = args.get("sort", "relevance")
    params.sort = sort if sort in SORTS else "relevance"
    params.page = page_arg(args)
    return params


def filters_for(quantities, args) -> str:
    """The query string of a search whose quantities ("2 m", "400g") became filters: the
    words left stay the search; lengths set the reach range, rates and wavelengths select
    facet values. Other filters stay; the page goes back to the first."""
    from urllib.parse import urlencode

    out = [(k, v) for k, vs in args.lists() for v in vs
           if v != "" and k not in ("q", "page", "reach_min", "reach_max")]
    if quantities.text:
        out.insert(0, ("q", quantities.text))
    for code, values in quantities.values.items():
        if code in RANGE_CODES:
            out += [(f"{code}_min", format_number(min(values))),
                    (f"{code}_max", format_number(max(values)))]
        else:
            keys = {v for k, v in out if k == code}
            out += [(code, format_number(v)) for v in values if format_number(v) not in keys]
    return "?" + urlencode(out)
