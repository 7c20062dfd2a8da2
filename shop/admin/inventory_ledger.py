"""The stock ledger in the back office: every movement (who, when, why, on hand before and
after, the order or purchase order), filtered and paged, and the same rows as a CSV export,
streamed, with every text cell that a spreadsheet would read as a formula made inert."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from flask import Response, current_app, render_template, request

from shop.admin.blueprint import bp
from shop.admin.inventory_forms import parse_date
from shop.db import utcnow
from shop.inventory import ledger, stock_list
from shop.inventory.purchase_queries import purchase_order_by_number
from shop.orders.queries import order_by_number, order_numbers
from shop.pagination import check_page, db_id, page_arg, page_count
from shop.security import staff_required

PER_PAGE = 50
EXPORT_BATCH = 1000
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_INTEGER = re.compile(r"-?\d+")


@dataclass
class LedgerQuery:
    """The ledger's filters as typed (shown back in the form) and as applied."""

    values: dict[str, str]
    filter: ledger.LedgerFilter
    errors: dict[str, str] = field(default_factory=dict)


def _query() -> LedgerQuery:
    args = request.args
    values = {name: (args.get(name) or "").strip()[:64]
              for name in ("product", "location", "reason", "from", "to", "order", "po")}
    errors: dict[str, str] = {}
    product_ids = ledger.products_matching(values["product"]) if values["product"] else None
    if values["product"] and not product_ids:
        errors["product"] = f"No product has the SKU or part number “{values['product']}”."
    dates = {}
    for name in ("from", "to"):
        try:
            dates[name] = parse_date(values[name])
        except ValueError as exc:
            errors[name] = str(exc)
            dates[name] = None
    if dates["from"] and dates["to"] and dates["to"] < dates["from"]:
        errors["to"] = "The end date comes before the start date."
    order_id = None
    if values["order"]:
        order = order_by_number(values["order"])
        if order is None:
            errors["order"] = f"No order “{values['order']}”."
        else:
            order_id = order.id
    po_id = None
    if values["po"]:
        po = purchase_order_by_number(values["po"])
        if po is None:
            errors["po"] = f"No purchase order “{values['po']}”."
        else:
            po_id = po.id
    reason = values["reason"] if values["reason"] in ledger.REASON_LABELS else ""
    applied = ledger.LedgerFilter(
        product_ids=product_ids, location_id=db_id(values["location"]), reason=reason,
        date_from=dates["from"], date_to=dates["to"], order_id=order_id,
        purchase_order_id=po_id)
    return LedgerQuery(values, applied, errors)


@bp.get("/inventory/ledger")
@staff_required
def inventory_ledger():
    query = _query()
    page = page_arg(request.args)
    if query.errors:
        rows, total = [], 0
    else:
        total = ledger.count(query.filter)
        rows = ledger.ledger_page(query.filter, page, PER_PAGE)
    pages = page_count(min(total, ledger.COUNT_CAP), PER_PAGE)
    check_page(page, pages)
    return render_template(
        "admin/inventory/ledger.html", rows=rows, total=total, page=page, pages=pages,
        capped=total > ledger.COUNT_CAP, cap=ledger.COUNT_CAP, query=query,
        locations=stock_list.locations(), reasons=ledger.REASON_LABELS,
        orders=order_numbers(r.order_id for r in rows),
        filters={k: v for k, v in query.values.items() if v},
    ), 400 if query.errors else 200


def safe_cell(value) -> str | int:
    """A CSV cell that no spreadsheet runs: text starting with = + - @, a tab or a carriage
    return gets a leading single quote. Whole numbers (a delta of -3) stay numbers: they
    cannot carry a formula, and quoting them would turn them into text."""
    if value is None:
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = str(value)
    if text.startswith(FORMULA_START) and not _INTEGER.fullmatch(text):
        return "'" + text
    return text


HEADER = ("id", "time_utc", "sku", "product", "location", "reason", "on_hand_before",
          "on_hand_change", "on_hand_after", "reserved_change", "reserved_after",
          "allocated_change", "allocated_after", "order", "purchase_order", "by", "note")


def _export_values(r: ledger.LedgerRow, numbers: dict[int, str]) -> tuple:
    return (r.id, r.created_at.strftime("%Y-%m-%d %H:%M:%S"), r.sku, r.name, r.location_code,
            r.reason, r.on_hand_before, r.on_hand_delta, r.on_hand_after, r.reserved_delta,
            r.reserved_after, r.allocated_delta, r.allocated_after,
            numbers.get(r.order_id, r.order_id), r.purchase_order_number,
            r.actor_email or ("" if r.actor_id is None else f"user {r.actor_id}"), r.note)


def _csv_line(values) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow([safe_cell(v) for v in values])
    return buffer.getvalue()


@bp.get("/inventory/ledger.csv")
@staff_required
def inventory_ledger_csv():
    query = _query()
    if query.errors:
        return Response("; ".join(query.errors.values()) + "\n", status=400,
                        mimetype="text/plain")

    app = current_app._get_current_object()
    applied = query.filter

    def rows():
        """The export, a batch at a time: each batch is read in an app context of its own
        that ends before the batch is sent, so nothing is held open while the client reads
        (and the request's context is not kept alive by the stream)."""
        yield _csv_line(HEADER)
        before = None
        while True:
            with app.app_context():
                batch = ledger.ledger_batch(applied, before, EXPORT_BATCH)
                numbers = order_numbers(r.order_id for r in batch)
                text = "".join(_csv_line(_export_values(r, numbers)) for r in batch)
            if text:
                yield text
            if len(batch) < EXPORT_BATCH:
                return
            before = batch[-1].id

    name = f"stock-ledger-{utcnow():%Y%m%d-%H%M}.csv"
    return Response(rows(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
