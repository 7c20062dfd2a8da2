"""Faceted listings for categories and search.

Values within one facet combine with OR, facets with AND. The counts of a facet are taken
with every filter applied except that facet's own, so choosing 400 Gb/s updates the counts
of every other facet while the data-rate facet still shows its alternatives.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from shop.catalog.facet_columns import FACET_CODES, RANGE_CODES, WORD, pack, popcount, unpack
from shop.catalog.facet_index import get_index
from shop.catalog.listing_params import ListingParams
from shop.catalog.specs import (
    SPECS,
    SpecDef,
    SpecKind,
    facet_sort_key,
    format_quantity,
)
from shop.pagination import check_page, page_count


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
