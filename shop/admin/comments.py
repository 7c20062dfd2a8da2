"""Comment moderation (staff): the queue by status and the decisions on it. Reads
``shop.content.queries``; writes through ``shop.content.services.comments``."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from shop.admin.blueprint import bp
from shop.content import clock, queries
from shop.content.exceptions import InvalidTransition, ValidationError
from shop.content.forms import ModerationForm
from shop.content.models import CommentStatus
from shop.content.services import comments as service
from shop.extensions import db
from shop.pagination import check_page, page_arg
from shop.security import safe_next_url, staff_required

QUEUE_STATUSES = [CommentStatus.PENDING, CommentStatus.UNCONFIRMED, CommentStatus.APPROVED,
                  CommentStatus.REJECTED, CommentStatus.SPAM]


@bp.get("/comments")
@staff_required
def comments():
    status = request.args.get("status", CommentStatus.PENDING)
    if status not in {s.value for s in QUEUE_STATUSES}:
        status = CommentStatus.PENDING
    page = page_arg(request.args)
    listing = queries.moderation_queue(status, page=page)
    check_page(page, listing.pages)
    return render_template("admin/comments.html", listing=listing, status=status,
                           statuses=QUEUE_STATUSES, counts=queries.queue_counts(),
                           form=ModerationForm(formdata=None))


@bp.post("/comments/<int:comment_id>/moderate")
@staff_required
def comment_moderate(comment_id: int):
    comment = queries.comment_by_id(comment_id)
    if comment is None:
        abort(404)
    form = ModerationForm()
    back = safe_next_url(request.form.get("next"), url_for("admin.comments"))
    if not form.validate_on_submit():
        flash("Choose approve, reject or spam.", "error")
        return redirect(back)
    try:
        service.moderate(comment, form.action.data, staff_id=current_user.id, now=clock.now())
        db.session.commit()
    except (ValidationError, InvalidTransition) as exc:
        db.session.rollback()
        flash(str(exc), "error")
    else:
        flash(f"Comment by {comment.author_name}: {comment.status}.", "success")
    return redirect(back)
