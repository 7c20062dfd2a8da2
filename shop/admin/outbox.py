"""The mail outbox: every mail the shop stored instead of sending (no mail server set)."""

from __future__ import annotations

from flask import abort, render_template, request

from shop.admin.blueprint import bp
from shop.extensions import db
from shop.mail import OutboxMessage, outbox_page
from shop.pagination import check_page, page_arg, page_count
from shop.security import staff_required

PER_PAGE = 50


@bp.get("/outbox")
@staff_required
def outbox():
    page = page_arg(request.args)
    messages, total = outbox_page(page, PER_PAGE)
    pages = page_count(total, PER_PAGE)
    check_page(page, pages)
    return render_template("admin/outbox.html", messages=messages, total=total, page=page,
                           pages=pages)


@bp.get("/outbox/<int:message_id>")
@staff_required
def outbox_message(message_id: int):
    message = db.session.get(OutboxMessage, message_id)
    if message is None:
        abort(404)
    return render_template("admin/outbox_message.html", message=message)
