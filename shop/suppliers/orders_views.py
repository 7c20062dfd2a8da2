"""The supplier portal's order lines: every line of a placed order whose product is one of
the organisation's listings, with what of the order a supplier needs to fulfil it and no
more: the order's number, date and status and the ship-to country. The customer's name,
company, address, e-mail and phone stay with the shop, and so do the order's other lines
(other suppliers' products or the shop's own)."""

from __future__ import annotations

from flask import render_template, request

from shop.orders.models import STATUS_TEXT
from shop.pagination import check_page, page_arg, page_count
from shop.suppliers import portal_queries
from shop.suppliers.access import current_organisation, supplier_member_required
from shop.suppliers.blueprint import portal_bp as bp

PER_PAGE = 50


@bp.get("/orders")
@supplier_member_required
def orders():
    organisation = current_organisation()
    page = page_arg(request.args)
    lines, total = portal_queries.order_lines_page(organisation.id, page, PER_PAGE)
    pages = page_count(total, PER_PAGE)
    check_page(page, pages)
    return render_template("supplier/orders.html", organisation=organisation, lines=lines,
                           total=total, page=page, pages=pages, status_text=STATUS_TEXT)
