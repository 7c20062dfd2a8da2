"""Faceted listings for categories and search.

Values within one facet combine with OR, facets with AND. The counts of a facet are taken
with every filter applied except that facet's own, so choosing 400 Gb/s updates the counts
of every other facet while the data-rate facet still shows its alternatives.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np

from shop.catalog.facet_columns import WORD, pack, popcount, unpack
from shop.catalog.facet_index import get_index
from shop.catalog.quantities import read_price, read_range_value
from shop.catalog.specs import (
    SPECS,
    SpecDef,
    SpecKind,
    facet_sort_key,
    format_number,
    format_quantity,
)
from shop.db import CURRENCY_EXPONENT, to_minor_units
from shop.pagination import check_page, page_arg, page_count

FACET_CODES = tuple(code for code, spec in SPECS.items() if spec.facet)
RANGE_CODES = tuple(code for code, spec in SPECS.items() if spec.range_filter)
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


@dataclass
class FacetValue:
    key: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    spec: SpecDef
    values: list[FacetValue]

    @property
    def code(self) -> str:
        return self.spec.code


@dataclass
class Listing:
    product_ids: list[int]
    total: int
    page: int
    pages: int
    facets: list[Facet]
    ranges: dict[str, tuple[float, float]]  # spec code -> (min, max) available in scope
    price_bounds: tuple[int, int] | None


@dataclass
class Scope:
    """Which products a listing is about: a category subtree, or ranked search hits."""

    category_id: int | None = None
    hit_ids: np.ndarray | None = None  # search hits
    hit_tiers: np.ndarray | None = None  # their relevance tier; lower ranks first
    everything: bool = False  # the whole catalogue (a search made of filters only)


def _all(masks: list[np.ndarray], like: np.ndarray) -> np.ndarray:
    out = like.copy()
    for mask in masks:
        out &= mask
    return out


def depends_on_stock(params: ListingParams, category_id: int | None) -> bool:
    """Whether which products a listing shows, or their order, depends on stock: it
    filters on stock, or it is a category listing in its default order ("relevance" puts
    products in stock before those out of stock)."""
    return params.in_stock or (category_id is not None and params.sort == "relevance")


def stock_vary(params: ListingParams, category_id: int | None = None) -> str:
    """What a cached listing depends on besides the catalogue version: which products of
    the category (or of the whole catalogue, for search) are in stock, when its membership
    or order depends on that (``depends_on_stock``), and nothing otherwise. Quantities
    themselves are never cached (``shop.stock_slots``), so a sale changes no cached listing
    until a product runs out or comes back."""
    if not depends_on_stock(params, category_id):
        return ""
    return get_index().in_stock_digest(category_id)


def run_listing(scope: Scope, params: ListingParams, *, page_size: int) -> Listing:
    """Filter, count, sort and page with the facet index, brought up to the change feed. A
    page past the last one raises ``NotFound``."""
    index = get_index()
    rank = None
    if scope.category_id is not None:
        lo, hi = index.subtree.get(scope.category_id, (0, 0))
        in_scope = index.live[lo:hi].copy()
    elif scope.everything:
        lo, hi = 0, len(index.live)
        in_scope = index.live.copy()
        rank = np.zeros(hi * WORD, dtype=np.int64)  # one tier: best sellers first
    else:
        lo, hi = 0, len(index.live)
        empty = np.zeros(0, dtype=np.int64)
        ids = np.asarray(scope.hit_ids if scope.hit_ids is not None else empty, dtype=np.int64)
        tiers = np.asarray(scope.hit_tiers if scope.hit_tiers is not None else empty,
                           dtype=np.int64)
        known = (ids >= 0) & (ids < len(index.pos_by_id))
        positions = index.pos_by_id[ids[known]]
        tiers = tiers[known][positions >= 0]
        positions = positions[positions >= 0]
        hits = np.zeros(hi * WORD, dtype=np.bool_)
        hits[positions] = True
        in_scope = pack(hits) & index.live
        rank = np.full(hi * WORD, np.iinfo(np.int64).max, dtype=np.int64)
        rank[positions] = tiers
    span = slice(lo * WORD, hi * WORD)
    if params.in_stock:
        in_scope &= index.in_stock[lo:hi]

    price_masks = []
    if params.price_min is not None or params.price_max is not None:
        prices = index.price[span]
        keep = np.ones(len(prices), dtype=np.bool_)
        if params.price_min is not None:
            keep &= prices >= params.price_min
        if params.price_max is not None:
            keep &= prices <= params.price_max
        price_masks.append(pack(keep))
    range_masks = []
    for code, (low, high) in params.ranges.items():
        values = index.ranges[code][span]
        with np.errstate(invalid="ignore"):
            keep = ~np.isnan(values)
            if low is not None:
                keep &= values >= low
            if high is not None:
                keep &= values <= high
        range_masks.append(pack(keep))
    facet_masks: dict[str, np.ndarray] = {}
    for code, keys in params.selected.items():
        mask = np.zeros_like(in_scope)
        for key in keys:
            words = index.postings.get(code, {}).get(key)
            if words is not None:
                mask |= words[lo:hi]
        facet_masks[code] = mask

    everything = _all([*price_masks, *range_masks, *facet_masks.values()], in_scope)
    total = popcount(everything)
    pages = page_count(total, page_size)
    check_page(params.page, pages)
    page = params.page
    chosen = _page(index, everything, lo * WORD, params.sort, rank,
                   (page - 1) * page_size, page_size, (lo, hi))

    facets = _facets(index, lo, hi, everything,
                     _all([*price_masks, *range_masks], in_scope), facet_masks, params)
    bounds_pool = unpack(_all([*price_masks, *facet_masks.values()], in_scope))
    ranges = {}
    for code in RANGE_CODES:
        values = index.ranges[code][span][bounds_pool]
        values = values[~np.isnan(values)]
        if len(values):
            ranges[code] = (float(values.min()), float(values.max()))
    prices = index.price[span][unpack(_all([*range_masks, *facet_masks.values()], in_scope))]
    price_bounds = (int(prices.min()), int(prices.max())) if len(prices) else None
    return Listing([int(i) for i in index.ids[chosen]], total, page, pages, facets, ranges,
                   price_bounds)


def _page(index, mask, offset, sort, rank, start, count, words) -> np.ndarray:
    """Positions of one page of matches, in the requested order (a partial sort)."""
    local = np.flatnonzero(unpack(mask))
    positions = local + offset
    if len(positions) == 0 or start >= len(positions):
        return positions[:0]
    ids = index.ids[positions]
    if sort == "price_asc":
        keys = (index.price[positions], ids)
    elif sort == "price_desc":
        keys = (-index.price[positions], ids)
    elif sort == "newest":
        keys = (-index.published[positions], -ids)
    elif sort == "best_selling":
        keys = (-index.sales[positions], ids)
    elif rank is None:
        # Relevance on a category: current products in stock first, then current ones out
        # of stock, then end-of-life ones (in stock first); best sellers first in each group.
        lo, hi = words
        out = ~unpack(index.in_stock[lo:hi])[local]
        eol = unpack(index.eol[lo:hi])[local]
        group = eol.astype(np.int64) * 2 + out.astype(np.int64)
        keys = ((group << 32) - np.minimum(index.sales[positions], 2**32 - 1), ids)
    else:
        # Tier, then sales, folded into one key (tiers are small, sales below 2**32) so the
        # partial sort below cuts on both instead of keeping a whole tier.
        tier = np.minimum(rank[positions], 2**30)
        keys = ((tier << 32) - np.minimum(index.sales[positions], 2**32 - 1), ids)
    need = start + count
    if need < len(positions):
        # Keep every position whose primary key ties with the cut-off, then sort exactly.
        primary = keys[0]
        cut = np.partition(primary, need - 1)[need - 1]
        keep = primary <= cut
        positions = positions[keep]
        keys = tuple(k[keep] for k in keys)
    order = np.lexsort(tuple(reversed(keys)))
    return positions[order][start:need]


def _facets(index, lo, hi, everything, without_facets, facet_masks, params) -> list[Facet]:
    facets = []
    for code in FACET_CODES:
        values = index.postings.get(code)
        chosen = params.selected.get(code, [])
        if not values and not chosen:
            continue
        if code in facet_masks:
            pool = _all([m for c, m in facet_masks.items() if c != code], without_facets)
        else:
            pool = everything
        found = {}
        for key, words in (values or {}).items():
            n = popcount(words[lo:hi] & pool)
            if n:
                found[key] = n
        for key in chosen:  # a selected value stays visible even when nothing matches now
            found.setdefault(key, 0)
        if not found:
            continue
        spec = SPECS[code]
        facets.append(Facet(spec, [
            FacetValue(key, _label(spec, key), n, key in chosen)
            for key, n in sorted(found.items(), key=lambda kv: facet_sort_key(spec, kv[0]))
        ]))
    return facets


def _label(spec: SpecDef, key: str) -> str:
    if spec.kind is SpecKind.BOOL:
        return "Yes" if key == "yes" else "No"
    if spec.kind is SpecKind.NUMBER and spec.unit:
        try:
            return format_quantity(float(key), spec.unit)
        except ValueError:
            return key
    return key
