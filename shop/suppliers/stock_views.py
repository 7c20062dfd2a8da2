"""The supplier portal's stock and prices page: the organisation's listings, a page at a
time, each row a small form that sets its price and the units on hand at the organisation's
own location (``shop.suppliers.services.portal_stock``)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from shop.db import CURRENCY_EXPONENT, format_money
from shop.errors import NotFound
from shop.extensions import db
from shop.inventory.supplier_locations import location_code
from shop.pagination import check_page, page_arg, page_count
from shop.security import safe_next_url
from shop.spreadsheets import money_text
from shop.suppliers import portal_queries
from shop.suppliers.access import current_organisation, supplier_member_required, supplier_required
from shop.suppliers.blueprint import portal_bp as bp
from shop.suppliers.exceptions import ValidationError
from shop.suppliers.portal_forms import StockPriceForm
from shop.suppliers.services import portal_stock

PER_PAGE = 50


def _query() -> str:
    return " ".join(request.args.get("q", "").split())[:64]


def _blank_form(row: portal_queries.StockRow, back: str) -> StockPriceForm:
    price = money_text(row.price_cents, CURRENCY_EXPONENT.get(row.currency, 2))
    return StockPriceForm(formdata=None, prefix=f"p{row.product_id}", price=price,
                          price_was=str(row.price_cents), stock=str(row.on_hand),
                          stock_was=str(row.on_hand), next=back)


def _page(q: str, page: int, bound: StockPriceForm | None = None,
          bound_id: int | None = None, status: int = 200):
    organisation = current_organisation()
    rows, total = portal_queries.stock_page(organisation.id, q, page, PER_PAGE)
    pages = page_count(total, PER_PAGE)
    check_page(page, pages)
    if bound is not None and all(row.product_id != bound_id for row in rows):
        # The row sent is no longer on that page (the list moved): show it first.
        rows = [portal_queries.stock_row(organisation.id, bound_id), *rows]
    back = url_for("supplier.stock", q=q or None, page=page if page > 1 else None)
    forms = {row.product_id: bound if row.product_id == bound_id and bound is not None
             else _blank_form(row, back) for row in rows}
    return render_template(
        "supplier/stock.html", organisation=organisation, rows=rows, forms=forms, q=q,
        page=page, pages=pages, total=total, location=location_code(organisation.id)), status


@bp.get("/stock")
@supplier_member_required
def stock():
    return _page(_query(), page_arg(request.args))


@bp.post("/stock/<int:product_id>")
@supplier_required
def stock_update(product_id: int):
    organisation = current_organisation()
    row = portal_queries.stock_row(organisation.id, product_id)
    if row is None:
        raise NotFound("No such listing of yours.")
    form = StockPriceForm(prefix=f"p{product_id}").for_currency(row.currency)
    back = safe_next_url(form.next.data, url_for("supplier.stock"))
    if form.validate_on_submit():
        try:
            outcome = portal_stock.set_stock_and_price(
                organisation.id, product_id, form.change(),
                organisation_name=organisation.display_name, actor_id=current_user.id)
        except ValidationError as exc:
            db.session.rollback()
            for error in getattr(exc, "errors", [exc]):
                form.apply_error(error)
            # The errors name the values as they are now; saving again means these.
            now = portal_queries.stock_row(organisation.id, product_id)
            form.price_was.data, form.stock_was.data = str(now.price_cents), str(now.on_hand)
        else:
            db.session.commit()
            if outcome.changed:
                flash(f"{outcome.sku} saved: {format_money(form.price_cents, row.currency)}, "
                      f"{form.on_hand} on hand.", "success")
            else:
                flash(f"{outcome.sku} already had that price and stock: nothing changed.",
                      "info")
            return redirect(back)
    # Show the page the form came from, with this row's errors beside its fields.
    q, page = _return_point(back)
    return _page(q, page, form, product_id, 400)


def _return_point(back: str) -> tuple[str, int]:
    """The search and page of the address the form came from (page 1 when it names none
    that exists now)."""
    args = {k: v[0] for k, v in parse_qs(urlsplit(back).query).items() if v}
    q = " ".join(args.get("q", "").split())[:64]
    try:
        page = page_arg(args)
    except NotFound:
        return q, 1
    total = portal_queries.stock_page(current_organisation().id, q, 1, 1)[1]
    return q, min(page, page_count(total, PER_PAGE))
