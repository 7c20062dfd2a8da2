"""Side-by-side comparison of up to four products."""

from __future__ import annotations

from dataclasses import dataclass

from shop.catalog.models import Product
from shop.catalog.specs import SPECS
from shop.pagination import db_id

MAX_COMPARE = 4


def parse_ids(args) -> list[int]:
    """``ids=3,7`` or ``ids=3&ids=7``; junk is ignored, duplicates dropped, four at most."""
    out: list[int] = []
    for raw in args.getlist("ids")[:20]:
        for part in raw.split(",")[:20]:
            value = db_id(part)
            if value is not None and value not in out:
                out.append(value)
    return out[:MAX_COMPARE]


@dataclass
class CompareRow:
    label: str
    values: list[str]
    differs: bool


def build_comparison(products: list[Product]) -> list[CompareRow]:
    if not products:
        return []
    rows = [
        CompareRow("Brand", [p.brand.name for p in products], False),
        CompareRow("Part number", [p.mpn for p in products], False),
        CompareRow("Type", [p.product_type.title() for p in products], False),
    ]
    codes = [code for code in SPECS if any(p.spec_values(code) for p in products)]
    for code in codes:
        values = [", ".join(s.display for s in p.spec_values(code)) or "—" for p in products]
        rows.append(CompareRow(SPECS[code].label, values, False))
    for row in rows:
        row.differs = len(products) > 1 and len(set(row.values)) > 1
    return rows
