"""The supplier portal's feed: upload a CSV or XLSX of prices and stock, follow its preview
being built, read it (every change old → new, unchanged rows, errors by row and column),
confirm it and follow it being applied, all or nothing; download the organisation's
listings as a file to start from. The same import services and jobs as the back office's
(``shop.inventory.imports``, ``shop.inventory.tasks``), in the organisation's scope: only
its own listings' prices and stock, the stock at its own location. Another organisation's
import is as good as missing (404)."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from shop.errors import ERROR_TITLES, ValidationError, request_id
from shop.extensions import db
from shop.input_rules import body_limit
from shop.inventory.imports import queries, services, steps
from shop.inventory.imports.export import export_csv
from shop.inventory.imports.files import UPLOAD_BODY_LIMIT
from shop.inventory.imports.models import STATUS_TEXT, ImportStatus, ProductImport
from shop.inventory.imports.plan import Scope
from shop.inventory.supplier_locations import location_code
from shop.jobs_state.queries import get_job
from shop.pagination import check_page, page_arg, page_count
from shop.spreadsheets import read_limited, size_text
from shop.suppliers.access import current_organisation, supplier_member_required, supplier_required
from shop.suppliers.blueprint import portal_bp as bp
from shop.suppliers.forms import ActionForm
from shop.suppliers.portal_forms import FeedUploadForm
from shop.suppliers.services import portal_stock

PER_PAGE = 50


def _settings() -> services.Settings:
    return services.settings_from(current_app.config)


def _feed_page(form: FeedUploadForm, status: int = 200):
    organisation = current_organisation()
    limits = _settings().limits
    return render_template(
        "supplier/feed.html", organisation=organisation, form=form,
        imports=queries.recent_imports(supplier_id=organisation.id), status_text=STATUS_TEXT,
        max_mb=limits.max_bytes // (1024 * 1024), max_rows=limits.max_rows,
        location=location_code(organisation.id)), status


def _tell(message: tuple[str, str] | None) -> None:
    if message is not None:
        flash(*message)


@bp.get("/feed")
@supplier_member_required
def feed():
    return _feed_page(FeedUploadForm(formdata=None,
                                     currency=current_app.config["SHOP_CURRENCY"]))


@bp.post("/feed")
@supplier_required
@body_limit(UPLOAD_BODY_LIMIT)
def feed_upload():
    form = FeedUploadForm()
    if not form.validate_on_submit():
        return _feed_page(form, 400)
    organisation = current_organisation()
    upload = form.file.data
    try:
        config = _settings()
        data = read_limited(upload.stream, config.limits.max_bytes)
        imp = portal_stock.upload_feed(
            organisation.id, data, upload.filename or "", settings=config,
            currency=form.currency.data, organisation_name=organisation.display_name,
            actor_id=current_user.id)
        db.session.commit()
    except ValidationError as exc:
        db.session.rollback()
        form.apply_error(exc)
        return _feed_page(form, 400)
    steps.start_preview(imp, actor_id=current_user.id)
    return redirect(url_for("supplier.feed_detail", import_id=imp.id))


DRAIN_LIMIT = 256 * 1024 * 1024  # read away bodies up to this, so the browser gets the page


@bp.errorhandler(413)
def too_large(_exc=None):
    """A request past its limit, refused before it was read: the feed form says what fits
    beside its file field (other portal forms get the shop's page)."""
    length = request.content_length or 0
    stream = request.environ.get("wsgi.input")
    remaining = length if length <= DRAIN_LIMIT else 0
    while stream is not None and remaining > 0:
        chunk = stream.read(min(remaining, 1024 * 1024))
        if not chunk:
            break
        remaining -= len(chunk)
    db.session.rollback()
    if request.endpoint != "supplier.feed_upload" or current_organisation() is None:
        title, message = ERROR_TITLES[413]
        return render_template("errors/error.html", code=413, title=title, message=message,
                               request_id=request_id()), 413
    return _too_large_page()


def _too_large_page():
    form = FeedUploadForm(formdata=None, currency=current_app.config["SHOP_CURRENCY"])
    form.file.errors = [f"That file is too large: a feed may have up to "
                        f"{size_text(_settings().limits.max_bytes)}. Split it into several "
                        f"files."]
    return _feed_page(form, 413)


@bp.get("/feed/too-large")
@supplier_member_required
def feed_too_large():
    """Where the reverse proxy sends a feed it refused for its size (its ``error_page``)."""
    return _too_large_page()


@bp.get("/feed/export.csv")
@supplier_member_required
def feed_export():
    """The organisation's listings with their price and stock (at its own location), as a
    feed that previews as all unchanged: the file to edit and upload. Streamed, each piece
    read in an app context of its own."""
    app = current_app._get_current_object()
    scope = Scope(supplier_id=current_organisation().id)

    def body():
        chunks = None
        while True:
            with app.app_context():
                chunks = chunks or export_csv(scope)
                chunk = next(chunks, None)
            if chunk is None:
                return
            yield chunk

    name = f"feed-{datetime.now(UTC):%Y%m%d-%H%M}.csv"
    return Response(body(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"',
                             "Cache-Control": "no-store"})


def _own_import(import_id: int) -> ProductImport:
    found = queries.get_import(import_id, supplier_id=current_organisation().id)
    if found is None:
        abort(404)
    return found


@bp.get("/feed/<int:import_id>")
@supplier_member_required
def feed_detail(import_id: int):
    imp = _own_import(import_id)
    kind = request.args.get("kind", "")
    if kind not in queries.KINDS:
        kind = ""
    page = page_arg(request.args)
    rows, total = queries.rows_page(imp.id, kind or None, page, PER_PAGE)
    pages = page_count(total, PER_PAGE)
    check_page(page, pages)
    job_id = {ImportStatus.UPLOADED: imp.preview_job_id,
              ImportStatus.APPLYING: imp.apply_job_id}.get(imp.status)
    return render_template(
        "supplier/feed_import.html", organisation=current_organisation(), imp=imp,
        rows=rows, total=total, page=page, pages=pages, kind=kind,
        job=get_job(job_id) if job_id else None, status_text=STATUS_TEXT, S=ImportStatus,
        form=ActionForm())


@bp.post("/feed/<int:import_id>/apply")
@supplier_required
def feed_apply(import_id: int):
    imp = _own_import(import_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    _tell(steps.confirm_apply(imp, actor_id=current_user.id, noun="feed"))
    return redirect(url_for("supplier.feed_detail", import_id=import_id))


@bp.post("/feed/<int:import_id>/preview")
@supplier_required
def feed_preview(import_id: int):
    imp = _own_import(import_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    _tell(steps.preview_again(imp, actor_id=current_user.id))
    return redirect(url_for("supplier.feed_detail", import_id=import_id))
