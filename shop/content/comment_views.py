"""Comment endpoints: write, confirm (guests), and the author's edit and delete."""

from __future__ import annotations

import logging

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from shop.content import clock, queries
from shop.content.blueprint import bp
from shop.content.exceptions import NotAllowed, ValidationError
from shop.content.forms import ActionForm, CommentEditForm, CommentForm
from shop.content.models import Comment, CommentStatus
from shop.content.post_page import remember_own_comment, render_post, viewer_owner
from shop.content.services import comments as service
from shop.extensions import db, rate_limit
from shop.pagination import db_id
from shop.security import mail_target_key, mail_target_limit, safe_next_url

log = logging.getLogger(__name__)


def _rate() -> str:
    return current_app.config.get("COMMENT_RATE_LIMIT", "5 per minute;30 per hour")


def _post_or_404(slug: str):
    post = queries.post_by_slug(slug, clock.now())
    if post is None:
        abort(404)
    return post


def _post_url(post, anchor: str = "") -> str:
    url = url_for("content.post_detail", slug=post.slug)
    return safe_next_url(url + (f"#{anchor}" if anchor else ""), url)


def _commenter(form: CommentForm) -> service.Commenter:
    if current_user.is_authenticated:
        # No display name: the comment shows "Reader", never a piece of the e-mail address.
        return service.Commenter(user_id=current_user.id, name=current_user.display_name or "",
                                 is_staff=bool(current_user.is_staff))
    return service.Commenter(name=form.name.data or "", email=form.email.data or "")


def _send_confirmation(comment: Comment, post) -> None:
    """The address is not verified yet: the mail carries no text its sender chose (not the
    name, not the comment), so the form cannot be used to mail arbitrary words to anyone."""
    from shop.mail import absolute_url, send_mail

    token = service.confirmation_token(current_app.config["SECRET_KEY"], comment)
    link = absolute_url("content.comment_confirm", token=token)
    context = {"comment": comment, "post": post, "link": link}
    send_mail(comment.author_email, f"Confirm your comment on “{post.title}”",
              render_template("content/mail/confirm_comment.txt", **context),
              render_template("content/mail/confirm_comment.html", **context))


_THANKS = {
    CommentStatus.APPROVED: "Thank you. Your comment is published.",
    CommentStatus.PENDING: "Thank you. Your comment will appear once a moderator has read it.",
    CommentStatus.UNCONFIRMED: "Thank you. We have sent you an e-mail: follow its link to "
                               "confirm your comment.",
}


@bp.post("/blog/<slug>/comments")
@rate_limit(_rate, methods=["POST"])
@rate_limit(mail_target_limit, methods=["POST"], key_func=mail_target_key,
               exempt_when=lambda: current_user.is_authenticated)
def comment_create(slug: str):
    post = _post_or_404(slug)
    now = clock.now()
    form = CommentForm()
    if form.website.data:  # the honeypot: people never see this field
        log.info("comment honeypot filled on post %s; dropped", post.id)
        flash(_THANKS[CommentStatus.PENDING], "success")
        return redirect(_post_url(post, "comments"))
    if form.validate_on_submit():
        try:
            service.check_form_stamp(
                current_app.config["SECRET_KEY"], form.stamp.data, post.id, now,
                min_seconds=float(current_app.config.get("COMMENT_MIN_FILL_SECONDS", 3)))
            parent = form.parent_id.data
            comment = service.add_comment(
                post, form.body.data, _commenter(form),
                parent_id=db_id(parent), now=now)
            if comment.status == CommentStatus.UNCONFIRMED:
                _send_confirmation(comment, post)
            db.session.commit()
        except ValidationError as exc:
            db.session.rollback()
            form.apply_error(exc)
        except NotAllowed as exc:
            db.session.rollback()
            flash(str(exc), "error")
            return redirect(_post_url(post))
        else:
            remember_own_comment(comment.id)
            flash(_THANKS[CommentStatus(comment.status)], "success")
            return redirect(_post_url(post, f"comment-{comment.id}"))
    return render_post(post, form=form, status=422)


def _own_comment(post, comment_id: int) -> Comment:
    comment = queries.comment_by_id(comment_id)
    if comment is None or comment.post_id != post.id:
        abort(404)
    return comment


@bp.route("/blog/<slug>/comments/<int:comment_id>/edit", methods=["GET", "POST"])
@rate_limit(_rate, methods=["POST"])
def comment_edit(slug: str, comment_id: int):
    post = _post_or_404(slug)
    comment = _own_comment(post, comment_id)
    now = clock.now()
    owner = viewer_owner()
    if not service.can_manage(comment, owner, now):
        flash("You can change your own comment for 15 minutes after posting it.", "error")
        return redirect(_post_url(post, f"comment-{comment.id}"))
    form = CommentEditForm(obj=comment)
    delete_form = ActionForm()
    if form.validate_on_submit():
        try:
            service.edit_comment(comment, form.body.data, owner, now=now,
                                 is_staff=current_user.is_authenticated
                                 and bool(current_user.is_staff))
            db.session.commit()
        except ValidationError as exc:
            db.session.rollback()
            form.apply_error(exc)
        except NotAllowed as exc:
            db.session.rollback()
            flash(str(exc), "error")
            return redirect(_post_url(post, f"comment-{comment.id}"))
        else:
            message = "Your comment is updated."
            if comment.status == CommentStatus.PENDING:
                message += " It will appear again once a moderator has read it."
            flash(message, "success")
            return redirect(_post_url(post, f"comment-{comment.id}"))
    return render_template("content/comment_edit.html", post=post, comment=comment, form=form,
                           delete_form=delete_form)


@bp.post("/blog/<slug>/comments/<int:comment_id>/delete")
def comment_delete(slug: str, comment_id: int):
    post = _post_or_404(slug)
    comment = _own_comment(post, comment_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        service.delete_comment(comment, viewer_owner(), now=clock.now())
        db.session.commit()
    except NotAllowed as exc:
        db.session.rollback()
        flash(str(exc), "error")
    else:
        flash("Your comment is deleted.", "success")
    return redirect(_post_url(post, "comments"))


@bp.route("/blog/comments/confirm/<token>", methods=["GET", "POST"])
def comment_confirm(token: str):
    """A guest's link. GET only shows a button, so mail scanners that follow links do not
    confirm anything; the POST confirms."""
    comment = service.comment_from_token(current_app.config["SECRET_KEY"], token)
    if comment is None or comment.status == CommentStatus.DELETED:
        return render_template("content/comment_confirm.html", comment=None, form=None), 404
    if comment.status != CommentStatus.UNCONFIRMED:  # a link that has done its work
        return render_template("content/comment_confirm.html", comment=comment, form=None,
                               used=True)
    form = ActionForm()
    if form.validate_on_submit():
        service.confirm(comment, now=clock.now())
        db.session.commit()
        remember_own_comment(comment.id)
        flash(_THANKS.get(CommentStatus(comment.status), "Your comment is confirmed."),
              "success")
        return redirect(_post_url(comment.post, f"comment-{comment.id}"))
    return render_template("content/comment_confirm.html", comment=comment, form=form)
