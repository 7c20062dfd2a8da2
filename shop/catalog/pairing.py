"""Which parts of a set of products go together: the ends of cables and transceivers against
the ports of the switches and adapters beside them, by the rules of ``shop.catalog.fit`` (the
same rules as the product pages' compatibility lists).

``check_fit`` is the one question a cart asks of the catalogue about compatibility. It runs a
fixed number of queries however many products it is given.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from shop.catalog import fit
from shop.catalog.compatibility import end_profiles_fitting
from shop.catalog.models import SIDE_END, SIDE_PORT, Product, ProductInterface, ProductStatus
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


def _connectors(ids: list[int]) -> dict[int, dict[str, list[fit.Connector]]]:
    """Each product's ports and ends, in one query."""
    found: dict[int, dict[str, list[fit.Connector]]] = {
        pid: {SIDE_PORT: [], SIDE_END: []} for pid in ids}
    for row in db.session.execute(
        select(ProductInterface).where(ProductInterface.product_id.in_(ids))
        .order_by(ProductInterface.product_id, ProductInterface.position)
    ).scalars():
        found[row.product_id][row.side].append(row.connector)
    return found


def _best_parts(profiles: set[str], per_profile: int) -> dict[str, list[int]]:
    """The best-selling published parts with an end of each profile, in one windowed query."""
    ranked = (
        select(ProductInterface.profile, ProductInterface.product_id,
               func.row_number().over(
                   partition_by=ProductInterface.profile,
                   order_by=(Product.sales_count.desc(), Product.id)).label("rank"))
        .join(Product, Product.id == ProductInterface.product_id)
        .where(ProductInterface.side == SIDE_END,
               ProductInterface.profile.in_(sorted(profiles)),
               Product.status == ProductStatus.PUBLISHED,
               Product.product_type.in_(PART_TYPES))
        .subquery()
    )
    best: dict[str, list[int]] = {}
    for profile, pid in db.session.execute(
        select(ranked.c.profile, ranked.c.product_id)
        .where(ranked.c.rank <= per_profile).order_by(ranked.c.rank)
    ):
        best.setdefault(profile, []).append(pid)
    return best


def check_fit(products: list[tuple[int, str]], suggestions: int = 3) -> FitCheck:
    """``products`` as (id, product type). See ``FitCheck``."""
    devices = sorted({pid for pid, kind in products if kind in DEVICE_TYPES})
    parts = sorted({pid for pid, kind in products if kind in PART_TYPES})
    if not devices:
        return FitCheck()
    connectors = _connectors(devices + parts)
    ports = {d: connectors[d][SIDE_PORT] for d in devices}
    ends = {p: connectors[p][SIDE_END] for p in parts}
    fitting = {(p, d) for p in parts for d in devices
               if ends[p] and ports[d] and fit.fit_connectors(ends[p], ports[d])}
    stranded = frozenset(p for p in parts if ends[p] and not any((p, d) in fitting
                                                               for d in devices))
    uncabled = frozenset(d for d in devices if ports[d] and not any((p, d) in fitting
                                                                  for p in parts))
    if not uncabled or suggestions <= 0:
        return FitCheck(stranded, uncabled)
    wanted = {d: end_profiles_fitting(ports[d]) for d in uncabled}
    best = _best_parts(set().union(*wanted.values()), suggestions)
    picks: dict[int, list[int]] = {}
    for device in sorted(uncabled):
        chosen: list[int] = []
        for profile in sorted(wanted[device], key=lambda p: -wanted[device][p]):
            for pid in best.get(profile, []):
                if pid not in chosen and len(chosen) < suggestions:
                    chosen.append(pid)
        picks[device] = chosen
    cards = {c.id: c for c in cards_by_ids(sorted(set().union(*picks.values())))}
    return FitCheck(stranded, uncabled, {
        d: tuple(cards[p] for p in chosen if p in cards) for d, chosen in picks.items()})
