"""Messages to a supplier organisation (staff): write one (every member gets it by mail and
finds it in the supplier portal) and see the earlier ones, with whether they were read."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from shop.admin.blueprint import bp
from shop.errors import NotFound, ValidationError
from shop.extensions import db
from shop.pagination import check_page, page_arg, page_count
from shop.security import staff_required
from shop.suppliers import portal_queries, queries
from shop.suppliers.portal_forms import MessageForm
from shop.suppliers.services import messages

PER_PAGE = 25


def _page(organisation_id: int, form: MessageForm, status: int = 200):
    organisation = queries.organisation_by_id(organisation_id)
    if organisation is None:
        raise NotFound("No such supplier organisation.")
    page = page_arg(request.args)
    rows, total = portal_queries.messages_page(organisation.id, page, PER_PAGE)
    pages = page_count(total, PER_PAGE)
    check_page(page, pages)
    return render_template(
        "admin/supplier_messages.html", organisation=organisation, form=form,
        messages=rows, total=total, page=page, pages=pages,
        members=queries.members(organisation.id)), status


@bp.get("/suppliers/organisations/<int:organisation_id>/messages")
@staff_required
def supplier_messages(organisation_id: int):
    return _page(organisation_id, MessageForm(formdata=None))


@bp.post("/suppliers/organisations/<int:organisation_id>/messages")
@staff_required
def supplier_message_send(organisation_id: int):
    form = MessageForm()
    if not form.validate_on_submit():
        return _page(organisation_id, form, 400)
    try:
        messages.send_message(organisation_id, form.subject.data or "", form.body.data or "",
                              author_id=current_user.id)
    except ValidationError as exc:
        db.session.rollback()
        for error in getattr(exc, "errors", [exc]):
            form.apply_error(error)
        return _page(organisation_id, form, 400)
    db.session.commit()
    flash("Message sent: every member of the organisation got it by mail.", "success")
    return redirect(url_for("admin.supplier_messages", organisation_id=organisation_id))
