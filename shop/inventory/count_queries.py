"""Reads of stock counts: the list, one count's lines against the levels (the review), and a
page of the location's products to count."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from shop.catalog.models import Product
from shop.extensions import db
from shop.inventory.count_models import StockCount, StockCountLine
from shop.inventory.models import Location, StockLevel


@dataclass(frozen=True)
class CountSummary:
    id: int
    location_code: str
    status: str
    note: str
    created_at: object
    lines: int


def counts_page(page: int = 1, per_page: int = 50) -> tuple[list[CountSummary], int]:
    total = db.session.scalar(select(func.count(StockCount.id))) or 0
    rows = db.session.execute(
        select(StockCount.id, Location.code, StockCount.status, StockCount.note,
               StockCount.created_at, func.count(StockCountLine.id))
        .join(Location, Location.id == StockCount.location_id)
        .outerjoin(StockCountLine, StockCountLine.stock_count_id == StockCount.id)
        .group_by(StockCount.id, Location.code, StockCount.status, StockCount.note,
                  StockCount.created_at)
        .order_by(StockCount.id.desc()).offset((page - 1) * per_page).limit(per_page)).all()
    return [CountSummary(*row) for row in rows], total


def stock_count(count_id: int) -> StockCount | None:
    return db.session.get(StockCount, count_id)


@dataclass(frozen=True)
class ReviewLine:
    line_id: int
    product_id: int
    sku: str
    name: str
    counted: int
    on_hand: int
    reserved: int
    allocated: int
    posted_delta: int | None

    @property
    def difference(self) -> int:
        return self.counted - self.on_hand

    @property
    def below_promised(self) -> bool:
        return self.counted < self.reserved + self.allocated


def review(count: StockCount) -> list[ReviewLine]:
    """Each counted line beside the level at the count's location now: one query."""
    rows = db.session.execute(
        select(StockCountLine.id, Product.id, Product.sku, Product.name, StockCountLine.counted,
               func.coalesce(StockLevel.on_hand, 0), func.coalesce(StockLevel.reserved, 0),
               func.coalesce(StockLevel.allocated, 0), StockCountLine.posted_delta)
        .join(Product, Product.id == StockCountLine.product_id)
        .outerjoin(StockLevel, (StockLevel.product_id == StockCountLine.product_id)
                   & (StockLevel.location_id == count.location_id))
        .where(StockCountLine.stock_count_id == count.id)
        .order_by(Product.sku)).all()
    return [ReviewLine(*row) for row in rows]


@dataclass(frozen=True)
class CountCandidate:
    product_id: int
    sku: str
    name: str
    on_hand: int
    counted: int | None


def products_to_count(count: StockCount, page: int = 1, per_page: int = 50,
                      ) -> tuple[list[CountCandidate], int]:
    """The products stocked at the count's location, in SKU order, with what was counted so
    far: two queries."""
    total = db.session.scalar(select(func.count(StockLevel.id))
                              .where(StockLevel.location_id == count.location_id)) or 0
    counted = (select(StockCountLine.product_id, StockCountLine.counted)
               .where(StockCountLine.stock_count_id == count.id).subquery())
    rows = db.session.execute(
        select(Product.id, Product.sku, Product.name, StockLevel.on_hand, counted.c.counted)
        .join(StockLevel, StockLevel.product_id == Product.id)
        .outerjoin(counted, counted.c.product_id == Product.id)
        .where(StockLevel.location_id == count.location_id)
        .order_by(Product.sku).offset((page - 1) * per_page).limit(per_page)).all()
    return [CountCandidate(*row) for row in rows], total
