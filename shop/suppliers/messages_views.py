"""The supplier portal's messages from the shop's staff: the organisation's inbox, newest
first, and one message, which opening marks read for the whole organisation."""

from __future__ import annotations

from flask import render_template, request
from flask_login import current_user

from shop.extensions import db
from shop.pagination import check_page, page_arg, page_count
from shop.suppliers import portal_queries
from shop.suppliers.access import current_organisation, supplier_member_required
from shop.suppliers.blueprint import portal_bp as bp
from shop.suppliers.services import messages

PER_PAGE = 25


@bp.get("/messages", endpoint="messages")
@supplier_member_required
def messages_list():
    organisation = current_organisation()
    page = page_arg(request.args)
    rows, total = portal_queries.messages_page(organisation.id, page, PER_PAGE)
    pages = page_count(total, PER_PAGE)
    check_page(page, pages)
    return render_template("supplier/messages.html", organisation=organisation,
                           messages=rows, total=total, page=page, pages=pages,
                           unread=portal_queries.unread_count(organisation.id))


@bp.get("/messages/<int:message_id>")
@supplier_member_required
def message(message_id: int):
    """Opening a message marks it read (once; a message of another organisation is 404)."""
    organisation = current_organisation()
    found = messages.mark_read(organisation.id, message_id, user_id=current_user.id)
    db.session.commit()
    return render_template("supplier/message.html", organisation=organisation,
                           message=found)
