"""Back-office home, the mail outbox and user management."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from shop.accounts import queries as account_queries
from shop.accounts import services as account_services
from shop.admin import DASHBOARD_LINKS, add_dashboard_link, bp
from shop.admin.forms import ROLE_LABELS, RoleForm
from shop.errors import ValidationError
from shop.extensions import db
from shop.mail import OutboxMessage, outbox_page
from shop.security import admin_required, safe_next_url, staff_required

PER_PAGE = 50

add_dashboard_link("Mail outbox", "admin.outbox",
                   "Every mail the shop stored instead of sending (no mail server set).")
add_dashboard_link("Users", "admin.users", "Accounts and their roles.", admins_only=True)


def _page() -> int:
    page = request.args.get("page", "1")
    return int(page) if page.isdigit() and 0 < int(page) < 100_000 else 1


@bp.get("/")
@staff_required
def dashboard():
    links = [link for link in DASHBOARD_LINKS if current_user.is_admin or not link.admins_only]
    return render_template("admin/dashboard.html", links=links)


@bp.get("/outbox")
@staff_required
def outbox():
    page = _page()
    messages, total = outbox_page(page, PER_PAGE)
    return render_template("admin/outbox.html", messages=messages, total=total, page=page,
                           pages=max(1, -(-total // PER_PAGE)))


@bp.get("/outbox/<int:message_id>")
@staff_required
def outbox_message(message_id: int):
    message = db.session.get(OutboxMessage, message_id)
    if message is None:
        abort(404)
    return render_template("admin/outbox_message.html", message=message)


@bp.get("/users")
@admin_required
def users():
    page = _page()
    q = request.args.get("q", "").strip()[:100]
    rows, total = account_queries.users_page(q, page, PER_PAGE)
    forms = {user.id: RoleForm(prefix=f"u{user.id}", role=user.role) for user in rows}
    return render_template("admin/users.html", users=rows, forms=forms, total=total, page=page,
                           pages=max(1, -(-total // PER_PAGE)), q=q, role_labels=ROLE_LABELS)


@bp.post("/users/<int:user_id>/role")
@admin_required
def user_role(user_id: int):
    target = account_queries.user_by_id(user_id)
    if target is None or target.deleted_at is not None:
        abort(404)
    form = RoleForm(prefix=f"u{user_id}")
    back = safe_next_url(request.form.get("next"), url_for("admin.users"))
    if not form.validate_on_submit():
        flash("Choose one of the listed roles.", "error")
        return redirect(back)
    try:
        account_services.change_role(current_user.id, user_id, form.role.data)
    except ValidationError as exc:
        db.session.rollback()
        flash(f"{target.email}: {exc.message}", "error")
        return redirect(back)
    db.session.commit()
    flash(f"{target.email} is now {ROLE_LABELS.get(form.role.data, form.role.data)}.", "success")
    return redirect(back)
