"""Printable pages of an order for the warehouse: the packing slip (what goes in the box and
where it goes, no prices). The invoice is the customer's own printable page
(``orders.invoice``), which staff may open too."""

from __future__ import annotations

from flask import abort, render_template

from shop.admin.blueprint import bp
from shop.orders.queries import order_by_number
from shop.security import staff_required


@bp.get("/orders/<number>/packing-slip")
@staff_required
def order_packing_slip(number: str):
    order = order_by_number(number)
    if order is None:
        abort(404)
    return render_template("admin/packing_slip.html", order=order)
