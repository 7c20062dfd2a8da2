"""Back office for comments (staff only): the moderation queue and its decisions."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from shop.content import clock, queries
from shop.content.admin_views import bp
from shop.content.exceptions import InvalidTransition, ValidationError
from shop.content.forms import ModerationForm
from shop.content.models import Comment, CommentStatus
from shop.content.services import comments as service
from shop.extensions import db
from shop.security import safe_next_url, staff_required

QUEUE_STATUSES = [CommentStatus.PENDING, CommentStatus.UNCONFIRMED, CommentStatus.APPROVED,
                  CommentStatus.REJECTED, CommentStatus.SPAM]


@bp.get("/comments")
@staff_required
def comment_queue():
    status = request.args.get("status", CommentStatus.PENDING)
    if status not in {s.value for s in QUEUE_STATUSES}:
        status = CommentStatus.PENDING
    page = request.args.get("page", "1")
    listing = queries.moderation_queue(status, page=int(page) if page.isdigit() else 1)
    return render_template("content/admin/comments.html", listing=listing, status=status,
                           statuses=QUEUE_STATUSES, counts=queries.queue_counts(),
                           form=ModerationForm(formdata=None))


@bp.post("/comments/<int:comment_id>/moderate")
@staff_required
def comment_moderate(comment_id: int):
    comment = db.session.get(Comment, comment_id)
    if comment is None:
        abort(404)
    form = ModerationForm()
    back = safe_next_url(request.form.get("next"), url_for("content_admin.comment_queue"))
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
