"""What the back office's home page shows besides its links: sales (today, 7 and 30 days, a
bar per day drawn as SVG on the server), orders waiting for someone, stock running low or
arriving, the supplier programme's queue, and the latest changes.

Each part reads its own domain's queries; a view may compose any domain's reads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from shop.audit import queries as audit_queries
from shop.inventory import queries as inventory_queries
from shop.orders import queries as order_queries
from shop.orders.models import STATUS_TEXT, OrderStatus
from shop.suppliers import queries as supplier_queries
from shop.suppliers.listings import queries as listing_queries

SALES_DAYS = 30
# Orders waiting for staff, in the order work is done: (what to do, status).
WAITING = (("Awaiting invoice payment", OrderStatus.AWAITING_PAYMENT),
           ("Compliance hold", OrderStatus.COMPLIANCE_HOLD),
           ("To pack", OrderStatus.PAID),
           ("To ship", OrderStatus.PACKED))
# The chart's drawing box (SVG user units; the SVG scales to its container).
CHART_WIDTH, CHART_HEIGHT = 720, 240
PLOT_LEFT, PLOT_RIGHT, PLOT_TOP, PLOT_BOTTOM = 64, 28, 12, 36


@dataclass(frozen=True)
class Bar:
    day: date
    cents: int
    x: float
    y: float
    width: float
    height: float
    label: str  # the day under the bar, or "" (every seventh day back from the last)
    today: bool


@dataclass(frozen=True)
class Sales:
    currency: str
    today: int
    week: int
    month: int
    days: list[tuple[date, int]]
    bars: list[Bar]
    ticks: list[tuple[float, int]]  # (y, minor units) of the value axis
    most: int


def sales(today: date) -> list[Sales]:
    """Sales per currency (the largest first) over the last ``SALES_DAYS`` days."""
    first = today - timedelta(days=SALES_DAYS - 1)
    per_currency = order_queries.sales_by_day(first, today)
    found = []
    for currency, by_day in per_currency.items():
        days = sorted(by_day.items())
        found.append(Sales(
            currency=currency, today=by_day.get(today, 0),
            week=sum(c for d, c in days if d > today - timedelta(days=7)),
            month=sum(c for _, c in days), days=days, **_chart(days, today)))
    return sorted(found, key=lambda s: -s.month)


def _nice_ceiling(value: int) -> int:
    """A round number at or above ``value`` for the top of the value axis."""
    if value <= 0:
        return 100
    step = 10 ** (len(str(value)) - 1)
    for factor in (1, 2, 2.5, 5, 10):
        if value <= factor * step:
            return int(factor * step)
    return value


def _chart(days: list[tuple[date, int]], today: date) -> dict[str, Any]:
    top = _nice_ceiling(max((c for _, c in days), default=0))
    plot_width = CHART_WIDTH - PLOT_LEFT - PLOT_RIGHT
    plot_height = CHART_HEIGHT - PLOT_TOP - PLOT_BOTTOM
    slot = plot_width / max(1, len(days))
    bars = []
    for n, (day, cents) in enumerate(days):
        height = plot_height * cents / top
        labelled = (len(days) - 1 - n) % 7 == 0
        bars.append(Bar(day, cents, round(PLOT_LEFT + n * slot + slot * 0.15, 1),
                        round(PLOT_TOP + plot_height - height, 1), round(slot * 0.7, 1),
                        round(height, 1), day.strftime("%d %b") if labelled else "",
                        day == today))
    ticks = [(round(PLOT_TOP + plot_height * (1 - share), 1), int(top * share))
             for share in (0, 0.5, 1)]
    return {"bars": bars, "ticks": ticks, "most": top}


@dataclass(frozen=True)
class Waiting:
    label: str
    status: str
    status_text: str
    count: int


def waiting() -> list[Waiting]:
    counts = order_queries.count_by_status([status for _, status in WAITING])
    return [Waiting(label, status.value, STATUS_TEXT[status], counts.get(status.value, 0))
            for label, status in WAITING]


def low_stock() -> list[inventory_queries.LowStock]:
    return inventory_queries.low_stock(limit=10)


def arriving_this_week() -> list[inventory_queries.ArrivingLine]:
    return inventory_queries.arriving_this_week(limit=10)


def pending_applications() -> list:
    """Supplier applications waiting for staff, oldest first."""
    return supplier_queries.pending_applications(limit=10)


def pending_listings() -> list:
    """Supplier listings waiting for review, oldest first."""
    return listing_queries.pending_listings(limit=10)


def latest_changes(limit: int = 8):
    """The latest audit entries and order events, newest first."""
    return audit_queries.latest(limit), order_queries.latest_events(limit)
