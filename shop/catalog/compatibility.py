"""Compatibility lists, computed from the stored port and end descriptions with the rules
of ``shop.catalog.fit``; nothing is listed by hand per product.

Whether an end fits a port depends only on their profiles (``ProductInterface.profile``),
and a catalogue holds few distinct profiles however many products share them. So a list is
worked out profile against profile in Python, then the products holding the fitting
profiles are read through the profile index. Both directions apply the same ``fit.link`` to
the same descriptions, so a device's list and each part's "fits" list always agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from shop.catalog import fit
from shop.catalog.models import (
    SIDE_END,
    SIDE_PORT,
    Product,
    ProductInterface,
    ProductStatus,
)
from shop.catalog.queries import Card, cards_by_ids, catalog_version
from shop.extensions import db
from shop.sql import fetch_rows

PART_TYPES = ("cable", "transceiver")
PART_GROUPS = {
    "dac": "Direct-attach copper cables (DAC)",
    "acc": "Active copper cables (ACC)",
    "aoc": "Active optical cables (AOC)",
    "transceiver": "Transceivers",
}
DEVICE_GROUPS = {
    "switch": "Switches",
    "adapter": "Network adapters",
    "emulator": "Network emulators",
}
PER_GROUP = 6


def is_part(product: Product) -> bool:
    return product.product_type in PART_TYPES


@dataclass(frozen=True)
class Match:
    """A product that fits, with the best link it makes and how."""

    product_id: int
    group: str
    gbps: int
    note: str
    sales: int


@dataclass
class Group:
    key: str
    label: str
    total: int
    cards: list[Card]
    notes: dict[int, str]


def _profiles(side: str) -> dict[str, fit.Interface]:
    """Every distinct profile on one side, read once per catalogue version per process."""
    from flask import current_app

    memo = current_app.extensions.setdefault("fit_profiles", {})
    version = catalog_version()
    if memo.get("version") != version:
        memo.clear()
        memo["version"] = version
    if side not in memo:
        rows = db.session.execute(
            select(ProductInterface.profile, ProductInterface.cage, ProductInterface.top,
                   ProductInterface.role, ProductInterface.modes, ProductInterface.protocols)
            .where(ProductInterface.side == side).distinct()
        ).all()
        memo[side] = {
            r.profile: fit.interface_from({"cage": r.cage, "top": r.top, "role": r.role,
                                           "modes": r.modes, "protocols": r.protocols.split()})
            for r in rows
        }
    return memo[side]


def end_profiles_fitting(ports: list[fit.Connector]) -> dict[str, int]:
    """The end profiles that fit any of ``ports``, with the fastest link (Gb/s) each makes:
    what a device needs to find the parts that go into it."""
    found: dict[str, int] = {}
    for profile, interface in _profiles(SIDE_END).items():
        for port in ports:
            mode = fit.link(interface, port.interface)
            if mode is not None and mode.gbps > found.get(profile, -1):
                found[profile] = mode.gbps
    return found


def _group_of(product_type: str, media: str | None) -> str:
    if product_type == "cable":
        return {"ACC": "acc", "AOC": "aoc"}.get(media or "", "dac")
    return product_type


def compatible_parts(product: Product) -> list[Match]:
    """Everything that fits ``product``, best first: for a switch or adapter, the cables and
    transceivers with an end that fits one of its ports; for a cable or transceiver, the
    switches, adapters and emulators with a port that one of its ends fits. Ordered by
    the fastest link each makes, then best sellers."""
    part = is_part(product)
    own = product.ends if part else product.ports
    if not own:
        return []
    other_side = SIDE_PORT if part else SIDE_END
    links: dict[str, tuple[fit.Mode, fit.Connector]] = {}
    for profile, interface in _profiles(other_side).items():
        best = None
        for connector in own:
            mode = (fit.link(connector.interface, interface) if part
                    else fit.link(interface, connector.interface))
            if mode is not None and (best is None or (mode.gbps, mode.rate)
                                     > (best[0].gbps, best[0].rate)):
                best = (mode, connector)
        if best is not None:
            links[profile] = best
    if not links:
        return []
    profiles = sorted(links)
    sql = ("SELECT pi.product_id, pi.profile, pi.label, p.product_type, p.sales_count, "
           "m.value_key FROM product_interface pi JOIN product p ON p.id = pi.product_id "
           "LEFT JOIN product_spec m ON m.product_id = p.id AND m.code = 'media' "
           "WHERE pi.side = {0} AND p.status = {0} AND p.id != {0} AND pi.profile IN ({1})")
    params = (other_side, ProductStatus.PUBLISHED.value, product.id, *profiles)
    rows = fetch_rows(sql.format("?", ", ".join("?" * len(profiles))),
                      sql.format("%s", ", ".join(["%s"] * len(profiles))), params)
    found: dict[int, Match] = {}
    for pid, profile, label, ptype, sales, medium in rows:
        mode, connector = links[profile]
        if part:  # the other product is a device: say which of our ends goes in
            note = f"{mode.gbps} Gb/s, {connector.label} into its {label}"
        else:  # the other product is a part: say which of its ends goes into which port
            note = f"{mode.gbps} Gb/s, {label} into the {connector.label}"
        match = Match(pid, _group_of(ptype, medium), mode.gbps, note, sales or 0)
        current = found.get(pid)
        if current is None or match.gbps > current.gbps:
            found[pid] = match
    return sorted(found.values(), key=lambda m: (-m.gbps, -m.sales, m.product_id))


def group_labels(product: Product) -> dict[str, str]:
    return DEVICE_GROUPS if is_part(product) else PART_GROUPS


def compatible_groups(product: Product, per_group: int | None = PER_GROUP,
                      only: str | None = None) -> list[Group]:
    """The compatibility list in groups (DAC, ACC, AOC, transceivers; or switches,
    adapters, emulators), best matches first, at most ``per_group`` cards each."""
    matches = compatible_parts(product)
    chosen: list[tuple[str, str, list[Match], int]] = []
    for key, label in group_labels(product).items():
        if only is not None and key != only:
            continue
        members = [m for m in matches if m.group == key]
        if members:
            shown = members if per_group is None else members[:per_group]
            chosen.append((key, label, shown, len(members)))
    cards = {c.id: c for c in cards_by_ids([m.product_id for _, _, shown, _ in chosen
                                             for m in shown])}
    return [Group(key, label, total, [cards[m.product_id] for m in shown
                                      if m.product_id in cards],
                  {m.product_id: m.note for m in shown})
            for key, label, shown, total in chosen]


def group_page(product: Product, key: str, offset: int, count: int) -> tuple[Group | None, int]:
    """One page of one group of the full list, and the size of that group."""
    if key not in group_labels(product):
        return None, 0
    members = [m for m in compatible_parts(product) if m.group == key]
    shown = members[offset:offset + count]
    return Group(key, group_labels(product)[key], len(members),
                 cards_by_ids([m.product_id for m in shown]),
                 {m.product_id: m.note for m in shown}), len(members)
