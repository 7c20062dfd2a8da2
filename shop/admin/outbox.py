"""The mail outbox: every mail the shop stored instead of sending (no mail server set)."""

from __future__ import annotations

from flask import abort, current_app, render_template, request

from shop.admin.blueprint import bp
from shop.extensions import db
from shop.mail import OutboxMessage, outbox_page, withhold_secrets
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
                           pages=pages, shows_secrets=_shows_secrets())


@bp.get("/outbox/<int:message_id>")
@staff_required
def outbox_message(message_id: int):
    message = db.session.get(OutboxMessage, message_id)
    if message is None:
        abort(404)
    # Rows are stored with secrets withheld; withhold again for rows kept from before.
    return render_template("admin/outbox_message.html", message=message,
                           text_body=withhold_secrets(message.text_body),
                           html_body=withhold_secrets(message.html_body),
                           shows_secrets=_shows_secrets())


def _shows_secrets() -> bool:
    return bool(current_app.config.get("OUTBOX_SHOWS_SECRETS"))
