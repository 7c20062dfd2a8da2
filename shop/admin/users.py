"""User management (admins only): find accounts and change their roles."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from shop.accounts import queries as account_queries
from shop.accounts import services as account_services
from shop.admin.blueprint import bp
from shop.admin.forms import ROLE_LABELS, RoleForm
from shop.errors import ValidationError
from shop.extensions import db
from shop.pagination import check_page, page_arg, page_count
from shop.security import admin_required, safe_next_url

PER_PAGE = 50


@bp.get("/users")
@admin_required
def users():
    page = page_arg(request.args)
    q = request.args.get("q", "").strip()[:100]
    rows, total = account_queries.users_page(q, page, PER_PAGE)
    pages = page_count(total, PER_PAGE)
    check_page(page, pages)
    forms = {user.id: RoleForm(prefix=f"u{user.id}", role=user.role) for user in rows}
    return render_template("admin/users.html", users=rows, forms=forms, total=total, page=page,
                           pages=pages, q=q, role_labels=ROLE_LABELS)


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
