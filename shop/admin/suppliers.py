"""Supplier applications in the back office: the review queue (filters: status, country,
product family, time waiting), one application with its full history, documents and
screenings, and every move staff may make — each through a form prefilled with the mail the
applicant gets, which staff edit before it is sent. Also the organisations approved
applications became."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from shop.admin.blueprint import bp
from shop.compliance.models import ScreeningSubject
from shop.compliance.queries import screenings_for
from shop.errors import DomainError, ValidationError
from shop.extensions import db
from shop.pagination import check_page, page_arg, page_count
from shop.security import staff_required
from shop.suppliers import queries
from shop.suppliers.files import send_document
from shop.suppliers.forms import ActionForm, DecisionForm, NoteForm
from shop.suppliers.identifiers import format_phone, tax_label
from shop.suppliers.mail_texts import default_mail
from shop.suppliers.models import (
    CERTIFICATION_TEXT,
    DOCUMENT_TEXT,
    FAMILY_TEXT,
    STATUS_TEXT,
    ApplicationStatus,
    ProductFamily,
    SupplierApplication,
)
from shop.suppliers.services import history, review

PER_PAGE = 50
ACTION_LABELS = {
    ApplicationStatus.IN_REVIEW: "Back to review",
    ApplicationStatus.MORE_INFO: "Ask for more information",
    ApplicationStatus.APPROVED: "Approve",
    ApplicationStatus.REJECTED: "Reject",
    ApplicationStatus.SUSPENDED: "Suspend",
}
AGE_TEXT = {"": "Any time", "2": "More than 2 days", "7": "More than a week",
            "30": "More than a month"}


def _filter() -> queries.QueueFilter:
    args = request.args
    status = args.get("status", "")
    family = args.get("family", "")
    country = args.get("country", "").strip().upper()[:2]
    return queries.QueueFilter(
        status=status if status in {s.value for s in ApplicationStatus} else "",
        country=country if country.isascii() and country.isalpha() else "",
        family=family if family in {f.value for f in ProductFamily} else "",
        age=args.get("age", "") if args.get("age", "") in queries.AGES else "",
        q=args.get("q", "").strip()[:100])


@bp.get("/suppliers", endpoint="supplier_applications")
@staff_required
def supplier_applications():
    page = page_arg(request.args)
    flt = _filter()
    rows, total = queries.queue_page(flt, page, PER_PAGE)
    pages = page_count(total, PER_PAGE)
    check_page(page, pages)
    return render_template(
        "admin/supplier_applications.html", applications=rows, total=total, page=page,
        pages=pages, flt=flt, counts=queries.count_by_status(), status_text=STATUS_TEXT,
        statuses=list(ApplicationStatus), families=FAMILY_TEXT, ages=AGE_TEXT,
        countries=queries.countries_in_use())


def _application(application_id: int) -> SupplierApplication:
    application = queries.application_by_id(application_id)
    if application is None:
        abort(404)
    return application


def _detail(application: SupplierApplication, note_form=None, status: int = 200):
    return render_template(
        "admin/supplier_application.html", application=application,
        status_text=STATUS_TEXT, family_text=FAMILY_TEXT,
        certification_text=CERTIFICATION_TEXT, document_text=DOCUMENT_TEXT,
        moves=[(target, ACTION_LABELS[target])
               for target in history.staff_moves(application.status)],
        screenings=screenings_for(ScreeningSubject.APPLICATION, application.id),
        duplicates=queries.open_duplicates(
            tax_key=application.tax_key, name_keys=[application.name_key],
            email_domain=None, except_id=application.id),
        members=(queries.members(application.organisation_id)
                 if application.organisation_id else []),
        invitations=(queries.pending_invitations(application.organisation_id)
                     if application.organisation_id else []),
        tax_label=tax_label(application.country_code), phone=format_phone(application.phone),
        note_form=note_form or NoteForm(), action_form=ActionForm(), S=ApplicationStatus,
    ), status


@bp.get("/suppliers/<int:application_id>")
@staff_required
def supplier_application(application_id: int):
    return _detail(_application(application_id))


def _target(status: str) -> ApplicationStatus:
    try:
        return ApplicationStatus(status)
    except ValueError:
        abort(404)


@bp.route("/suppliers/<int:application_id>/decide/<status>", methods=["GET", "POST"])
@staff_required
def supplier_decide(application_id: int, status: str):
    """The form of one move, prefilled with the mail for it; its POST makes the move."""
    application = _application(application_id)
    target = _target(status)
    if target not in ACTION_LABELS:
        abort(404)
    if not history.may_move("staff", application.status, target):
        flash(f"An application that is “{STATUS_TEXT[application.status].lower()}” cannot "
              f"be moved to “{STATUS_TEXT[target].lower()}”.", "error")
        return redirect(url_for("admin.supplier_application", application_id=application_id))
    if request.method == "GET":
        subject, body = default_mail(application, target)
        form = DecisionForm(data={"subject": subject, "body": body})
    else:
        form = DecisionForm()
    code = 200
    if form.validate_on_submit():
        decision = review.Decision(target=target, reason=form.reason.data or "",
                                   subject=form.subject.data or "", body=form.body.data or "")
        try:
            review.decide(application_id, decision, actor_id=current_user.id)
        except ValidationError as exc:
            db.session.rollback()
            for error in getattr(exc, "errors", None) or [exc]:
                form.apply_error(error)
            code = 400
        except DomainError as exc:  # moved meanwhile, or refused by the screening
            db.session.rollback()
            flash(str(exc), "error")
            return redirect(url_for("admin.supplier_application",
                                    application_id=application_id))
        else:
            db.session.commit()
            flash(f"{ACTION_LABELS[target]}: done, and the applicant was mailed.", "success")
            return redirect(url_for("admin.supplier_application",
                                    application_id=application_id))
    elif request.method == "POST":
        code = 400
    return render_template("admin/supplier_decide.html", application=_application(
        application_id), form=form, target=target, label=ACTION_LABELS[target],
        status_text=STATUS_TEXT), code


@bp.post("/suppliers/<int:application_id>/note")
@staff_required
def supplier_note(application_id: int):
    application = _application(application_id)
    form = NoteForm()
    if form.validate_on_submit():
        try:
            review.add_note(application.id, form.note.data or "", actor_id=current_user.id)
        except ValidationError as exc:
            db.session.rollback()
            form.apply_error(exc)
            return _detail(_application(application_id), note_form=form, status=400)
        db.session.commit()
        flash("Note added.", "success")
    return redirect(url_for("admin.supplier_application", application_id=application_id))


@bp.post("/suppliers/<int:application_id>/invite")
@staff_required
def supplier_invite_again(application_id: int):
    _application(application_id)
    if ActionForm().validate_on_submit():
        try:
            invitation = review.invite_contact_again(application_id, actor_id=current_user.id)
        except DomainError as exc:
            db.session.rollback()
            flash(getattr(exc, "message", None) or str(exc), "error")
        else:
            db.session.commit()
            flash(f"A new invitation was sent to {invitation.email}.", "success")
    return redirect(url_for("admin.supplier_application", application_id=application_id))


@bp.get("/suppliers/<int:application_id>/documents/<int:document_id>")
@staff_required
def supplier_document(application_id: int, document_id: int):
    return send_document(current_app.config["UPLOAD_DIR"], application_id, document_id)


@bp.get("/suppliers/organisations")
@staff_required
def supplier_organisations():
    page = page_arg(request.args)
    rows, total = queries.organisations_page(page, PER_PAGE)
    pages = page_count(total, PER_PAGE)
    check_page(page, pages)
    return render_template("admin/supplier_organisations.html", rows=rows, total=total,
                           page=page, pages=pages)
