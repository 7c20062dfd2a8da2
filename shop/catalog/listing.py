"""Faceted listings for categories and search.

Values within one facet combine with OR, facets with AND. The counts of a facet are taken
with every filter applied except that facet's own, so choosing 400 Gb/s updates the counts
of every other facet while the data-rate facet still shows its alternatives.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from sqlalchemy import case, func, literal, select, union_all
from sqlalchemy.sql import ColumnElement, Select

from shop.catalog.models import Product, ProductSpec, ProductStatus
from shop.catalog.specs import SPECS, SpecDef, SpecKind, facet_sort_key, format_number
from shop.db import to_minor_units
from shop.extensions import db

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
MAX_PAGE = 10_000


@dataclass
class ListingParams:
    selected: dict[str, list[str]] = field(default_factory=dict)
    ranges: dict[str, tuple[float | None, float | None]] = field(default_factory=dict)
    price_min: int | None = None  # minor units
    price_max: int | None = None
    in_stock: bool = False
    sort: str = "relevance"
    page: int = 1

    def active_filters(self) -> bool:
        return bool(self.selected or self.ranges or self.price_min is not None
                    or self.price_max is not None or self.in_stock)


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


def _parse_price(raw: str | None, currency: str) -> int | None:
    if raw is None or not raw.strip() or len(raw) > 32:
        return None
    try:
        value = Decimal(raw.strip().replace(",", ""))
    except InvalidOperation:
        return None
    if not value.is_finite() or value < 0 or value > Decimal("1e9"):
        return None
    return to_minor_units(value, currency)


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
    """Read filters from a query string. Anything unknown or malformed is ignored."""
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
        low, high = _parse_number(args.get(f"{code}_min")), _parse_number(args.get(f"{code}_max"))
        if low is not None and high is not None and low > high:
            low, high = high, low
        if low is not None or high is not None:
            params.ranges[code] = (low, high)
    params.price_min = _parse_price(args.get("price_min"), currency)
    params.price_max = _parse_price(args.get("price_max"), currency)
    if (params.price_min is not None and params.price_max is not None
            and params.price_min > params.price_max):
        params.price_min, params.price_max = params.price_max, params.price_min
    params.in_stock = args.get("in_stock") in ("1", "on", "true", "yes")
    sort = args.get("sort", "relevance")
    params.sort = sort if sort in SORTS else "relevance"
    page = args.get("page", "1")
    params.page = int(page) if page.isdigit() and 0 < len(page) <= 6 else 1
    params.page = max(1, min(params.page, MAX_PAGE))
    return params


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
    """Which products a listing is about: a category subtree or a search result."""

    conditions: list[ColumnElement] = field(default_factory=list)
    score: Select | None = None  # (product_id, score) rows; lower score ranks first
    boosted: Select | None = None  # product ids ranked above every scored row


def _facet_condition(code: str, keys: list[str]) -> ColumnElement:
    return Product.id.in_(
        select(ProductSpec.product_id).where(
            ProductSpec.code == code, ProductSpec.value_key.in_(keys)
        )
    )


def _range_condition(code: str, low: float | None, high: float | None) -> ColumnElement:
    stmt = select(ProductSpec.product_id).where(ProductSpec.code == code)
    if low is not None:
        stmt = stmt.where(ProductSpec.num >= low)
    if high is not None:
        stmt = stmt.where(ProductSpec.num <= high)
    return Product.id.in_(stmt)


def run_listing(
    scope: Scope,
    params: ListingParams,
    *,
    page_size: int,
    in_stock_condition: ColumnElement | None = None,
) -> Listing:
    base: list[ColumnElement] = [Product.status == ProductStatus.PUBLISHED, *scope.conditions]
    if params.in_stock and in_stock_condition is not None:
        base.append(in_stock_condition)
    price_conditions: list[ColumnElement] = []
    if params.price_min is not None:
        price_conditions.append(Product.price_cents >= params.price_min)
    if params.price_max is not None:
        price_conditions.append(Product.price_cents <= params.price_max)
    range_conditions = {
        code: _range_condition(code, low, high) for code, (low, high) in params.ranges.items()
    }
    facet_conditions = {
        code: _facet_condition(code, keys) for code, keys in params.selected.items()
    }
    everything = [*base, *price_conditions, *range_conditions.values(),
                  *facet_conditions.values()]

    total = db.session.execute(
        select(func.count()).select_from(Product).where(*everything)
    ).scalar_one()
    pages = max(1, math.ceil(total / page_size))
    page = min(params.page, pages)

    stmt = select(Product.id).where(*everything)
    stmt = _order(stmt, scope, params.sort)
    ids = list(db.session.execute(stmt.offset((page - 1) * page_size).limit(page_size)).scalars())

    facets = _facet_counts(base, price_conditions, range_conditions, facet_conditions, params)
    ranges = _range_bounds(base, price_conditions, facet_conditions)
    price_bounds = _price_bounds([*base, *range_conditions.values(), *facet_conditions.values()])
    return Listing(ids, total, page, pages, facets, ranges, price_bounds)


def _order(stmt: Select, scope: Scope, sort: str) -> Select:
    if sort == "price_asc":
        return stmt.order_by(Product.price_cents, Product.id)
    if sort == "price_desc":
        return stmt.order_by(Product.price_cents.desc(), Product.id)
    if sort == "newest":
        return stmt.order_by(Product.published_at.desc(), Product.id.desc())
    if sort == "best_selling" or scope.score is None:
        return stmt.order_by(Product.sales_count.desc(), Product.id)
    scored = scope.score.subquery("scored")
    stmt = stmt.outerjoin(scored, scored.c.product_id == Product.id)
    order = []
    if scope.boosted is not None:
        order.append(case((Product.id.in_(scope.boosted), 0), else_=1))
    order += [func.coalesce(scored.c.score, 0.0), Product.sales_count.desc(), Product.id]
    return stmt.order_by(*order)


def _facet_counts(base, price_conditions, range_conditions, facet_conditions, params) -> list[Facet]:
    shared = [*base, *price_conditions, *range_conditions.values()]
    unselected = [c for c in FACET_CODES if c not in facet_conditions]
    queries = []
    if unselected:
        filtered = select(Product.id).where(*shared, *facet_conditions.values())
        queries.append(
            select(ProductSpec.code, ProductSpec.value_key, func.count().label("n"))
            .where(ProductSpec.code.in_(unselected), ProductSpec.product_id.in_(filtered))
            .group_by(ProductSpec.code, ProductSpec.value_key)
        )
    for code in facet_conditions:
        others = [cond for other, cond in facet_conditions.items() if other != code]
        filtered = select(Product.id).where(*shared, *others)
        queries.append(
            select(literal(code).label("code"), ProductSpec.value_key, func.count().label("n"))
            .where(ProductSpec.code == code, ProductSpec.product_id.in_(filtered))
            .group_by(ProductSpec.value_key)
        )
    rows = db.session.execute(union_all(*queries) if len(queries) > 1 else queries[0]).all()
    counts: dict[str, dict[str, int]] = {}
    for code, key, n in rows:
        counts.setdefault(code, {})[key] = n
    facets = []
    for code in FACET_CODES:
        spec = SPECS[code]
        chosen = params.selected.get(code, [])
        found = counts.get(code, {})
        for key in chosen:  # a selected value stays visible even when nothing matches now
            found.setdefault(key, 0)
        if not found:
            continue
        values = [
            FacetValue(key, _label(spec, key), n, key in chosen)
            for key, n in sorted(found.items(), key=lambda kv: facet_sort_key(spec, kv[0]))
        ]
        facets.append(Facet(spec, values))
    return facets


def _label(spec: SpecDef, key: str) -> str:
    if spec.kind is SpecKind.BOOL:
        return "Yes" if key == "yes" else "No"
    if spec.kind is SpecKind.NUMBER and spec.unit:
        return f"{key} {spec.unit}"
    return key


def _range_bounds(base, price_conditions, facet_conditions) -> dict[str, tuple[float, float]]:
    out = {}
    filtered = select(Product.id).where(*base, *price_conditions, *facet_conditions.values())
    for code in RANGE_CODES:
        low, high = db.session.execute(
            select(func.min(ProductSpec.num), func.max(ProductSpec.num)).where(
                ProductSpec.code == code, ProductSpec.product_id.in_(filtered)
            )
        ).one()
        if low is not None:
            out[code] = (low, high)
    return out


def _price_bounds(conditions) -> tuple[int, int] | None:
    low, high = db.session.execute(
        select(func.min(Product.price_cents), func.max(Product.price_cents)).where(*conditions)
    ).one()
    return (low, high) if low is not None else None
