"""The supplier portal under ``/supplier``: a dashboard (the organisation, its listings by
status, the stock it holds, the latest order lines of its products and messages from
staff), the team page (invite colleagues, remove them, withdraw invitations) and the
invitation link that brings someone in. Stock and prices (``stock_views``), the feed
(``feed_views``), order lines (``orders_views``) and messages (``messages_views``) register
their pages on the same blueprint."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_limiter.util import get_remote_address
from flask_login import current_user, logout_user

from shop.accounts.exceptions import TokenError
from shop.db import utcnow
from shop.errors import Conflict, ValidationError
from shop.extensions import db, rate_limit
from shop.orders.models import STATUS_TEXT as ORDER_STATUS_TEXT
from shop.security import mail_target_key, mail_target_limit
from shop.suppliers import portal_queries, queries
from shop.suppliers.access import (
    current_organisation,
    supplier_member_required,
    supplier_required,
)
from shop.suppliers.blueprint import portal_bp as bp
from shop.suppliers.forms import AcceptInvitationForm, ActionForm, InviteForm
from shop.suppliers.models import STATUS_TEXT
from shop.suppliers.services import organisations


@bp.after_request
def private_pages(response):
    if not response.cache_control.no_store:  # a private file says "private, no-store" itself
        response.headers["Cache-Control"] = "no-store"
    return response


def _form_limit() -> str:
    return current_app.config["ACCOUNT_FORM_LIMIT"]


@bp.get("/")
@supplier_member_required
def dashboard():
    organisation = current_organisation()
    lines, line_count = portal_queries.order_lines_page(organisation.id, 1, 5)
    latest, _messages = portal_queries.messages_page(organisation.id, 1, 3)
    return render_template(
        "supplier/dashboard.html", organisation=organisation,
        application=queries.application_of_organisation(organisation.id),
        members=queries.members(organisation.id), status_text=STATUS_TEXT,
        listings=portal_queries.listings_by_status(organisation.id),
        stock=portal_queries.stock_summary(organisation.id), lines=lines,
        line_count=line_count, order_status_text=ORDER_STATUS_TEXT, messages=latest,
        unread=portal_queries.unread_count(organisation.id))


def _team(invite_form=None, status: int = 200):
    organisation = current_organisation()
    return render_template(
        "supplier/team.html", organisation=organisation,
        members=queries.members(organisation.id),
        invitations=queries.pending_invitations(organisation.id, utcnow()),
        invite_form=invite_form or InviteForm(), action_form=ActionForm()), status


@bp.get("/team")
@supplier_member_required
def team():
    return _team()


@bp.post("/team/invite")
@rate_limit(_form_limit, key_func=get_remote_address)
@rate_limit(mail_target_limit, key_func=mail_target_key)
@supplier_required
def invite():
    form = InviteForm()
    if not form.validate_on_submit():
        return _team(form, 400)
    try:
        invitation = organisations.invite(current_organisation().id, form.email.data,
                                          form.name.data or "", invited_by_id=current_user.id)
    except ValidationError as exc:
        db.session.rollback()
        form.apply_error(exc)
        return _team(form, 400)
    db.session.commit()
    flash(f"Invitation sent to {invitation.email}.", "success")
    return redirect(url_for("supplier.team"))


def _act(work, done: str):
    form = ActionForm()
    if form.validate_on_submit():
        try:
            work()
        except ValidationError as exc:
            db.session.rollback()
            flash(exc.message, "error")
        except Conflict as exc:  # NotFound (someone else's person) answers 404
            db.session.rollback()
            flash(str(exc), "error")
        else:
            db.session.commit()
            flash(done, "success")
    return redirect(url_for("supplier.team"))


@bp.post("/team/members/<int:user_id>/remove")
@supplier_member_required
def remove_member(user_id: int):
    return _act(lambda: organisations.remove_member(current_organisation().id, user_id,
                                                    actor_id=current_user.id),
                "They are no longer a member of your organisation.")


@bp.post("/team/invitations/<int:invitation_id>/revoke")
@supplier_member_required
def revoke_invitation(invitation_id: int):
    return _act(lambda: organisations.revoke_invitation(current_organisation().id,
                                                        invitation_id),
                "The invitation was withdrawn.")


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    """GET shows the invitation; the POST accepts it (a new account chooses its password
    here; an existing account just joins) and leads to the sign-in page."""
    try:
        invitation, existing = organisations.check_invitation(token)
    except TokenError as exc:
        return render_template("suppliers/link_error.html", message=exc.message), 400
    form = ActionForm() if existing else AcceptInvitationForm()
    if form.validate_on_submit():
        try:
            organisations.accept(token, password=None if existing else form.password.data,
                                 display_name="" if existing else form.display_name.data or "")
        except TokenError as exc:
            db.session.rollback()
            return render_template("suppliers/link_error.html", message=exc.message), 400
        except ValidationError as exc:
            db.session.rollback()
            form.apply_error(exc)
        else:
            db.session.commit()
            if current_user.is_authenticated and current_user.email != invitation.email:
                session.clear()
                logout_user()
            flash(f"Welcome to {invitation.organisation.display_name}. Sign in to open the "
                  "supplier portal.", "success")
            if current_user.is_authenticated:
                return redirect(url_for("supplier.dashboard"))
            return redirect(url_for("accounts.login", next=url_for("supplier.dashboard")))
    return render_template("supplier/accept_invitation.html", form=form,
                           invitation=invitation, existing=existing,
                           method=request.method)
