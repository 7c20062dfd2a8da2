"""The audit log (staff): every back-office change, filtered by who, what, which target and
when. Read only: the shop has no way to change or delete an entry."""

from __future__ import annotations

from dataclasses import dataclass

from flask import render_template, request
from wtforms.fields.choices import SelectChoice

from shop.admin.blueprint import bp
from shop.audit.forms import AuditFilterForm
from shop.audit.queries import AuditFilter, entries_page, target_types
from shop.pagination import check_page, page_arg, page_count
from shop.security import staff_required

PER_PAGE = 50


@dataclass(frozen=True)
class Listing:
    page: int
    pages: int


@bp.get("/audit")
@staff_required
def audit():
    page = page_arg(request.args)
    form = AuditFilterForm(formdata=request.args)
    kinds = target_types()
    asked = (request.args.get("target_type") or "").strip()[:60]
    if asked and asked not in kinds:  # a name given by hand to ``services.record``
        kinds.append(asked)
    form.target_type.choices = [SelectChoice("", "Any"), *(SelectChoice(t, t) for t in kinds)]
    form.validate()  # a malformed value shows its error and filters nothing
    found = AuditFilter(
        actor=_clean(form.actor), action=_clean(form.action),
        target_type=_clean(form.target_type), target_id=_clean(form.target_id),
        since=None if form.since.errors else form.since.data,
        until=None if form.until.errors else form.until.data)
    rows, total, more = entries_page(found, page, PER_PAGE)
    pages = page_count(total, PER_PAGE)
    check_page(page, pages)
    return render_template("admin/audit.html", form=form, entries=rows, total=total,
                           more=more, listing=Listing(page, pages))


def _clean(field) -> str:
    return "" if field.errors else str(field.data or "").strip()
