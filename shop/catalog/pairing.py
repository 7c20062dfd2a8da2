"""Which parts of a set of products go together: cables and transceivers against the ports
of the switches and adapters beside them (``ProductFit`` against each device's form factor and
data rate, the same rule as the product page's compatibility lists).

``check_fit`` is the one question a cart asks of the catalogue about compatibility; a richer
rule set can replace its body without the cart noticing. It runs a fixed number of queries
however many products it is given.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select, tuple_

from shop.catalog.models import Product, ProductFit, ProductSpec, ProductStatus
from shop.catalog.queries import Card, cards_by_ids
from shop.extensions import db

DEVICE_TYPES = ("switch", "adapter")
PART_TYPES = ("cable", "transceiver")


@dataclass(frozen=True)
class FitCheck:
    """``stranded``: cables and transceivers that fit none of the devices given (only when
    devices were given); ``uncabled``: devices none of the parts given fits; ``suggestions``:
    for each uncabled device, the best-selling parts that fit it."""

    stranded: frozenset[int] = frozenset()
    uncabled: frozenset[int] = frozenset()
    suggestions: dict[int, tuple[Card, ...]] = field(default_factory=dict)


def _device_ports(ids: list[int]) -> dict[int, set[tuple[str, int]]]:
    cages: dict[int, set[str]] = {}
    rates: dict[int, set[int]] = {}
    for pid, code, key, num in db.session.execute(
        select(ProductSpec.product_id, ProductSpec.code, ProductSpec.value_key, ProductSpec.num)
        .where(ProductSpec.product_id.in_(ids),
               ProductSpec.code.in_(("form_factor", "data_rate")))
    ):
        if code == "form_factor":
            cages.setdefault(pid, set()).add(key)
        elif num is not None:
            rates.setdefault(pid, set()).add(int(num))
    return {pid: {(c, r) for c in cages.get(pid, ()) for r in rates.get(pid, ())} for pid in ids}


def _part_fits(ids: list[int]) -> dict[int, set[tuple[str, int]]]:
    fits: dict[int, set[tuple[str, int]]] = {pid: set() for pid in ids}
    for pid, cage, rate in db.session.execute(
        select(ProductFit.product_id, ProductFit.cage, ProductFit.data_rate)
        .where(ProductFit.product_id.in_(ids))
    ):
        fits[pid].add((cage, rate))
    return fits


def _best_parts(ports: set[tuple[str, int]], per_port: int) -> dict[tuple[str, int], list[int]]:
    """The best-selling published parts for each port, in one windowed query."""
    ranked = (
        select(ProductFit.cage, ProductFit.data_rate, ProductFit.product_id,
               func.row_number().over(
                   partition_by=(ProductFit.cage, ProductFit.data_rate),
                   order_by=(Product.sales_count.desc(), Product.id)).label("rank"))
        .join(Product, Product.id == ProductFit.product_id)
        .where(tuple_(ProductFit.cage, ProductFit.data_rate).in_(sorted(ports)),
               Product.status == ProductStatus.PUBLISHED,
               Product.product_type.in_(PART_TYPES))
        .subquery()
    )
    best: dict[tuple[str, int], list[int]] = {}
    for cage, rate, pid in db.session.execute(
        select(ranked.c.cage, ranked.c.data_rate, ranked.c.product_id)
        .where(ranked.c.rank <= per_port).order_by(ranked.c.rank)
    ):
        best.setdefault((cage, rate), []).append(pid)
    return best


def check_fit(products: list[tuple[int, str]], suggestions: int = 3) -> FitCheck:
    """``products`` as (id, product type). See ``FitCheck``."""
    devices = sorted({pid for pid, kind in products if kind in DEVICE_TYPES})
    parts = sorted({pid for pid, kind in products if kind in PART_TYPES})
    if not devices:
        return FitCheck()
    ports = _device_ports(devices)
    fits = _part_fits(parts) if parts else {}
    all_ports = set().union(*ports.values())
    stranded = frozenset(pid for pid in parts if not fits[pid] & all_ports)
    all_fits = set().union(*fits.values()) if fits else set()
    uncabled = frozenset(d for d in devices if ports[d] and not ports[d] & all_fits)
    if not uncabled or suggestions <= 0:
        return FitCheck(stranded, uncabled)
    wanted = set().union(*(ports[d] for d in uncabled))
    best = _best_parts(wanted, suggestions)
    picks: dict[int, list[int]] = {}
    for device in uncabled:
        chosen: list[int] = []
        for port in sorted(ports[device], key=lambda p: (-p[1], p[0])):
            for pid in best.get(port, []):
                if pid not in chosen and len(chosen) < suggestions:
                    chosen.append(pid)
        picks[device] = chosen
    cards = {c.id: c for c in cards_by_ids(sorted(set().union(*picks.values())))}
    return FitCheck(stranded, uncabled, {
        d: tuple(cards[p] for p in chosen if p in cards) for d, chosen in picks.items()})
