"""The public side of the supplier programme under ``/suppliers``: the programme page, the
application, the links from its mails, and the applicant's status page where they answer
questions and add documents. Views parse a form, call one service, commit once and redirect
(through ``safe_next_url``) or render."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_limiter.util import get_remote_address
from flask_login import current_user
from werkzeug.datastructures import FileStorage

from shop.accounts.exceptions import TokenError, TokenInvalid
from shop.errors import DomainError, ValidationError
from shop.extensions import db, rate_limit
from shop.input_rules import body_limit
from shop.security import mail_target_key, mail_target_limit, safe_next_url
from shop.suppliers import access, links, queries
from shop.suppliers.blueprint import bp
from shop.suppliers.files import send_document
from shop.suppliers.forms import (
    ActionForm,
    AnswerForm,
    ApplyForm,
    DocumentsForm,
    LinkRequestForm,
)
from shop.suppliers.identifiers import format_phone, tax_label
from shop.suppliers.models import (
    ACCEPTS_DOCUMENTS,
    CERTIFICATION_TEXT,
    DOCUMENT_TEXT,
    FAMILY_TEXT,
    STATUS_EXPLAINED,
    STATUS_TEXT,
    Actor,
    ApplicationStatus,
    DocumentKind,
    SupplierApplication,
)
from shop.suppliers.services import applications
from shop.suppliers.services.checks import ApplicationInput, BrandInput
from shop.suppliers.services.documents import (
    MAX_DOCUMENT_BYTES,
    MAX_FILES_PER_UPLOAD,
    MAX_UPLOAD_BODY,
    DocumentUpload,
)
from shop.uploads import Upload

# Bodies larger than this are drained before the "too large" page is sent, so the browser
# reads the page instead of a reset connection (behind nginx, nginx refuses them first).
DRAIN_LIMIT = 256 * 1024 * 1024
PUBLIC_ENDPOINTS = frozenset({"suppliers.programme"})


def _form_limit() -> str:
    return current_app.config["ACCOUNT_FORM_LIMIT"]


@bp.after_request
def private_pages(response):
    """Every page but the programme's shows one applicant's business: no cache keeps it."""
    if request.endpoint not in PUBLIC_ENDPOINTS:
        response.headers["Cache-Control"] = "no-store"
    return response


@bp.errorhandler(413)
def too_large(_exc=None):
    """A body over the limit: say what fits, after reading the rest of it away (so the
    browser gets this page and not a dropped connection)."""
    length = request.content_length or 0
    limit = request.max_content_length or 0
    if limit and limit < length <= DRAIN_LIMIT:
        stream = request.environ.get("wsgi.input")
        remaining = length
        while stream is not None and remaining > 0:
            chunk = stream.read(min(remaining, 1024 * 1024))
            if not chunk:
                break
            remaining -= len(chunk)
    return render_template(
        "suppliers/too_large.html", each_mb=MAX_DOCUMENT_BYTES // (1024 * 1024),
        files=MAX_FILES_PER_UPLOAD, total_mb=MAX_UPLOAD_BODY // (1024 * 1024),
        sent_mb=length // (1024 * 1024) if length else None,
        back=safe_next_url(_referrer_path(), url_for("suppliers.apply"))), 413


@bp.get("/upload-too-large")
def upload_too_large():
    """Where the reverse proxy sends a body it refused for its size (its ``error_page``)."""
    return too_large()


def _referrer_path() -> str | None:
    parts = urlsplit(request.referrer or "")
    return parts.path + (f"?{parts.query}" if parts.query else "") if parts.path else None


# --- the programme and the application ---------------------------------------------------------

@bp.get("")
def programme():
    return render_template("suppliers/programme.html", families=FAMILY_TEXT.values(),
                           certifications=CERTIFICATION_TEXT.values(),
                           each_mb=MAX_DOCUMENT_BYTES // (1024 * 1024),
                           terms_version=applications.TERMS_VERSION)


def _number(text: str | None) -> int | None:
    value = (text or "").strip().replace(",", "").replace(" ", "")
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 9 else None


def application_input(form, email: str) -> ApplicationInput:
    brands = tuple(BrandInput(row.form.name.data or "", bool(row.form.authorised.data))
                   for row in form.brands)
    return ApplicationInput(
        legal_name=form.legal_name.data or "", trading_name=form.trading_name.data or "",
        country_code=form.country_code.data or "", address_line1=form.address_line1.data or "",
        address_line2=form.address_line2.data or "", city=form.city.data or "",
        region=form.region.data or "", postal_code=form.postal_code.data or "",
        website=form.website.data or "", tax_id=form.tax_id.data or "",
        contact_name=form.contact_name.data or "", email=email,
        phone=form.phone.data or "", product_families=tuple(form.product_families.data or ()),
        brands=brands, estimated_products=_number(form.estimated_products.data),
        warehouse_countries=form.warehouse_countries.data or "",
        certifications=tuple(form.certifications.data or ()),
        other_certifications=form.other_certifications.data or "",
        message=form.message.data or "",
        accept_terms=bool(getattr(form, "accept_terms", None) and form.accept_terms.data))


def uploads_of(fields) -> list[DocumentUpload]:
    """The files chosen in ``fields`` (pairs of a file field and the kind it holds)."""
    upload_dir = current_app.config["UPLOAD_DIR"]
    found = []
    for field, kind in fields:
        for item in field.data or ():
            if isinstance(item, FileStorage) and item.filename:
                found.append(DocumentUpload(DocumentKind(kind), field.name,
                                            Upload(item.stream, item.filename, upload_dir)))
    return found


def put_errors(form, exc: ValidationError) -> None:
    for error in getattr(exc, "errors", None) or [exc]:
        form.apply_error(error)


@bp.route("/apply", methods=["GET", "POST"])
@body_limit(MAX_UPLOAD_BODY)
@rate_limit(_form_limit, methods=["POST"], key_func=get_remote_address)
@rate_limit(mail_target_limit, methods=["POST"], key_func=mail_target_key)
def apply():
    form = ApplyForm()
    if form.validate_on_submit():
        try:
            application = applications.submit(
                application_input(form, form.email.data or ""), uploads_of(form.document_fields()),
                upload_dir=current_app.config["UPLOAD_DIR"],
                applicant_user_id=current_user.id if current_user.is_authenticated else None)
        except ValidationError as exc:
            db.session.rollback()
            put_errors(form, exc)
        else:
            db.session.commit()
            session["supplier_applied"] = application.reference
            return redirect(url_for("suppliers.apply_sent"))
    return render_template("suppliers/apply.html", form=form,
                           sent=request.method == "POST")


@bp.get("/apply/sent")
def apply_sent():
    reference = session.get("supplier_applied")
    return render_template("suppliers/apply_sent.html", reference=reference,
                           days=links.max_age_days(links.CONFIRM))


# --- links from mails ------------------------------------------------------------------------

def _link_error(error: TokenError):
    return render_template("suppliers/link_error.html", message=error.message), 400


@bp.route("/confirm/<token>", methods=["GET", "POST"])
def confirm(token: str):
    """GET shows a button (mail scanners only look); the POST confirms."""
    try:
        application = applications.check_confirm_link(token)
    except TokenError as exc:
        return _link_error(exc)
    if application.email_confirmed_at is not None:
        access.grant(application.id)
        flash("Your e-mail address is already confirmed.", "success")
        return redirect(url_for("suppliers.application", application_id=application.id))
    form = ActionForm()
    if form.validate_on_submit():
        try:
            application, _ = applications.confirm_email(token)
        except TokenError as exc:
            db.session.rollback()
            return _link_error(exc)
        db.session.commit()
        access.grant(application.id)
        flash("Thank you: your e-mail address is confirmed and your application is in our "
              "review queue.", "success")
        return redirect(url_for("suppliers.application", application_id=application.id))
    return render_template("suppliers/confirm.html", form=form, application=application)


@bp.get("/status/<token>")
def status_link(token: str):
    """A mailed link to an application's page: this browser may follow it from now on."""
    try:
        data = links.read(token, links.STATUS)
        application = queries.application_by_id(data.user_id)
        if application is None or application.email != data.email:
            raise TokenInvalid()
    except TokenError as exc:
        return _link_error(exc)
    access.grant(application.id)
    return redirect(url_for("suppliers.application", application_id=application.id))


@bp.route("/link", methods=["GET", "POST"])
@rate_limit(_form_limit, methods=["POST"], key_func=get_remote_address)
@rate_limit(mail_target_limit, methods=["POST"], key_func=mail_target_key)
def request_link():
    form = LinkRequestForm()
    if form.validate_on_submit():
        applications.send_links(form.email.data)
        db.session.commit()
        flash("If that address applied, its links are on their way. Check your inbox.",
              "success")
        return redirect(url_for("suppliers.request_link"))
    return render_template("suppliers/link_request.html", form=form)


# --- the applicant's pages ------------------------------------------------------------------------

def _mine(application_id: int) -> SupplierApplication:
    application = queries.visible_application(application_id, user=current_user,
                                              granted_ids=access.granted_ids())
    if application is None:
        abort(404)
    return application


@bp.get("/applications")
def my_applications():
    found = queries.applications_of(user=current_user, granted_ids=access.granted_ids())
    return render_template("suppliers/applications.html", applications=found,
                           status_text=STATUS_TEXT)


def _status_page(application: SupplierApplication, docs_form=None, status: int = 200):
    return render_template(
        "suppliers/status.html", application=application, status_text=STATUS_TEXT,
        explained=STATUS_EXPLAINED, family_text=FAMILY_TEXT,
        certification_text=CERTIFICATION_TEXT, document_text=DOCUMENT_TEXT,
        docs_form=docs_form or DocumentsForm(), S=ApplicationStatus,
        phone=format_phone(application.phone), tax_label=tax_label(application.country_code),
        accepts_documents=application.status in ACCEPTS_DOCUMENTS,
        events=[e for e in application.events
                if e.is_move or e.actor_kind == Actor.APPLICANT or e.mail_body]), status


@bp.get("/applications/<int:application_id>")
def application(application_id: int):
    return _status_page(_mine(application_id))


@bp.post("/applications/<int:application_id>/documents")
@body_limit(MAX_UPLOAD_BODY)
def add_documents(application_id: int):
    application = _mine(application_id)
    form = DocumentsForm()
    if not form.validate_on_submit():
        return _status_page(application, form, 400)
    kind = DocumentKind(form.kind.data)
    try:
        applications.add_documents(application.id, uploads_of([(form.documents, kind)]),
                                   upload_dir=current_app.config["UPLOAD_DIR"],
                                   actor=Actor.APPLICANT,
                                   actor_id=current_user.id if current_user.is_authenticated
                                   else None)
    except ValidationError as exc:
        db.session.rollback()
        put_errors(form, exc)
        return _status_page(_mine(application_id), form, 400)
    except DomainError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    else:
        db.session.commit()
        flash("Your documents were added to the application.", "success")
    return redirect(url_for("suppliers.application", application_id=application_id))


def _answer_data(application: SupplierApplication) -> dict:
    return {
        **{name: getattr(application, name) for name in (
            "legal_name", "trading_name", "country_code", "address_line1", "address_line2",
            "city", "region", "postal_code", "website", "tax_id", "contact_name", "phone",
            "other_certifications", "message")},
        "product_families": application.family_codes,
        "certifications": application.certification_codes,
        "estimated_products": str(application.estimated_products),
        "warehouse_countries": ", ".join(application.warehouse_codes),
        "brands": [{"name": b.name, "authorised": b.authorised} for b in application.brands],
    }


@bp.route("/applications/<int:application_id>/answer", methods=["GET", "POST"])
@body_limit(MAX_UPLOAD_BODY)
def answer(application_id: int):
    application = _mine(application_id)
    if application.status != ApplicationStatus.MORE_INFO:
        flash("This application is not waiting for an answer from you.", "error")
        return redirect(url_for("suppliers.application", application_id=application_id))
    form = AnswerForm() if request.method == "POST" else AnswerForm(
        data=_answer_data(application))
    if form.validate_on_submit():
        try:
            applications.answer(
                application.id, application_input(form, application.email),
                form.reply.data or "", uploads_of(form.document_fields()),
                upload_dir=current_app.config["UPLOAD_DIR"],
                actor_id=current_user.id if current_user.is_authenticated else None)
        except ValidationError as exc:
            db.session.rollback()
            put_errors(form, exc)
        except DomainError as exc:
            db.session.rollback()
            flash(str(exc), "error")
            return redirect(url_for("suppliers.application", application_id=application_id))
        else:
            db.session.commit()
            flash("Thank you: your answer was sent and your application is back in review.",
                  "success")
            return redirect(url_for("suppliers.application", application_id=application_id))
    requested = next((e for e in reversed(application.events)
                      if e.to_status == ApplicationStatus.MORE_INFO and e.is_move), None)
    return render_template("suppliers/answer.html", form=form,
                           application=_mine(application_id), request_event=requested,
                           sent=request.method == "POST")


@bp.get("/applications/<int:application_id>/documents/<int:document_id>")
def document(application_id: int, document_id: int):
    application = _mine(application_id)
    return send_document(current_app.config["UPLOAD_DIR"], application.id, document_id)
