"""What the back office's home page shows besides its links: sales (today, 7 and 30 days, a
bar per day drawn as SVG on the server), orders waiting for someone, stock running low or
arriving, the supplier programme's queue, and the latest changes.

Parts that other packages provide are looked up when the page is drawn, so the page works
before and after they exist: ``shop.inventory.queries.low_stock(limit=10)`` and
``arriving_this_week()``, and the supplier programme's ``shop.suppliers.queries
.pending_applications(limit=10)`` and ``pending_listings(limit=10)`` (see
``supplier_queue``). A part that is missing is left off the page."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from shop.audit import queries as audit_queries
from shop.orders import queries as order_queries
from shop.orders.models import STATUS_TEXT, OrderStatus

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


@dataclass(frozen=True)
class Item:
    """One row of a list another package provides, as the page shows it."""

    title: str
    detail: str


TITLE_KEYS = ("name", "title", "company_name", "product_name", "label")
DETAIL_KEYS = ("mpn", "sku", "available", "on_hand", "quantity", "expected_on",
               "arrives_on", "status", "created_at", "submitted_at")


def describe(row: Any) -> Item:
    """A row of unknown shape (an object, a mapping or a tuple) in a title and a detail."""
    if isinstance(row, tuple | list):
        parts = [str(part) for part in row if part is not None and part != ""]
        return Item(parts[0] if parts else "", " · ".join(parts[1:]))
    get = row.get if isinstance(row, dict) else (lambda key: getattr(row, key, None))
    title = next((str(get(k)) for k in TITLE_KEYS if get(k) not in (None, "")), str(row))
    detail = " · ".join(f"{k.replace('_', ' ')} {get(k)}" for k in DETAIL_KEYS
                        if get(k) not in (None, ""))
    return Item(title, detail)


def _hook(module: str, name: str) -> Callable[..., Iterable[Any]] | None:
    try:
        found = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and module.startswith(exc.name):
            return None  # not there yet
        raise
    hook = getattr(found, name, None)
    return hook if callable(hook) else None


def _items(module: str, name: str, **kwargs) -> list[Item] | None:
    """The rows ``module.name(**kwargs)`` gives, described; None when it does not exist."""
    hook = _hook(module, name)
    return None if hook is None else [describe(row) for row in hook(**kwargs)]


def low_stock() -> list[Item] | None:
    return _items("shop.inventory.queries", "low_stock", limit=10)


def arriving_this_week() -> list[Item] | None:
    return _items("shop.inventory.queries", "arriving_this_week")


def supplier_queue() -> dict[str, list[Item]] | None:
    """HOOK for the supplier programme: its pending applications and listings, once
    ``shop.suppliers.queries`` offers ``pending_applications(limit=…)`` and
    ``pending_listings(limit=…)``. None (nothing shown) until then."""
    applications = _items("shop.suppliers.queries", "pending_applications", limit=10)
    listings = _items("shop.suppliers.queries", "pending_listings", limit=10)
    if applications is None and listings is None:
        return None
    return {"applications": applications or [], "listings": listings or []}


def latest_changes(limit: int = 8):
    """The latest audit entries and order events, newest first."""
    return audit_queries.latest(limit), order_queries.latest_events(limit)
