"""Import and export (staff): upload a CSV or XLSX of products, prices and stock, follow its
preview being built, read it (what would be added or changed, old → new, and every error
with its row and column), confirm it and follow it being applied; download the catalogue as
CSV. The preview and the apply run as background jobs (``shop.inventory.tasks``)."""

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

from shop.admin.blueprint import bp
from shop.admin.import_forms import ImportActionForm, ImportUploadForm
from shop.errors import ValidationError
from shop.extensions import db
from shop.input_rules import body_limit
from shop.inventory.imports import queries, services, steps
from shop.inventory.imports.export import export_csv
from shop.inventory.imports.files import UPLOAD_BODY_LIMIT
from shop.inventory.imports.models import STATUS_TEXT, ImportStatus, ProductImport
from shop.inventory.imports.plan import Scope
from shop.jobs_state.queries import get_job
from shop.pagination import check_page, page_arg, page_count
from shop.security import staff_required
from shop.spreadsheets import read_limited

PER_PAGE = 50


def _upload_page(form: ImportUploadForm, status: int = 200):
    limits = _settings().limits
    return render_template("admin/imports.html", form=form, imports=queries.recent_imports(),
                           status_text=STATUS_TEXT, max_mb=limits.max_bytes // (1024 * 1024),
                           max_rows=limits.max_rows), status


def _settings() -> services.Settings:
    return services.settings_from(current_app.config)


def _tell(message: tuple[str, str] | None) -> None:
    if message is not None:
        flash(*message)


@bp.get("/imports")
@staff_required
def imports():
    form = ImportUploadForm(formdata=None, currency=current_app.config["SHOP_CURRENCY"])
    return _upload_page(form)


@bp.post("/imports")
@staff_required
@body_limit(UPLOAD_BODY_LIMIT)
def import_upload():
    form = ImportUploadForm()
    if not form.validate_on_submit():
        return _upload_page(form, 400)
    upload = form.file.data
    try:
        config = _settings()
        data = read_limited(upload.stream, config.limits.max_bytes)
        imp = services.create_import(data, upload.filename or "", settings=config,
                                     currency=form.currency.data, actor_id=current_user.id)
        db.session.commit()
    except ValidationError as exc:
        db.session.rollback()
        form.apply_error(exc)
        return _upload_page(form, 400)
    steps.start_preview(imp, actor_id=current_user.id)
    return redirect(url_for("admin.import_detail", import_id=imp.id))


def _import(import_id: int) -> ProductImport:
    found = queries.get_import(import_id)
    if found is None:
        abort(404)
    return found


@bp.get("/imports/<int:import_id>")
@staff_required
def import_detail(import_id: int):
    imp = _import(import_id)
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
        "admin/import.html", imp=imp, rows=rows, total=total, page=page, pages=pages,
        kind=kind, kinds=queries.KINDS, job=get_job(job_id) if job_id else None,
        events=queries.events(imp.id), status_text=STATUS_TEXT, S=ImportStatus,
        form=ImportActionForm())


@bp.post("/imports/<int:import_id>/apply")
@staff_required
def import_apply(import_id: int):
    imp = _import(import_id)
    if not ImportActionForm().validate_on_submit():
        abort(400)
    _tell(steps.confirm_apply(imp, actor_id=current_user.id, noun="import"))
    return redirect(url_for("admin.import_detail", import_id=import_id))


@bp.post("/imports/<int:import_id>/preview")
@staff_required
def import_preview(import_id: int):
    imp = _import(import_id)
    if not ImportActionForm().validate_on_submit():
        abort(400)
    _tell(steps.preview_again(imp, actor_id=current_user.id))
    return redirect(url_for("admin.import_detail", import_id=import_id))


@bp.get("/imports/export.csv")
@staff_required
def import_export():
    """Every product with its price and stock, streamed as it is read. Each piece of the
    body is read in an app context (and database session) of its own, held only while that
    piece is read, never while the client takes it."""
    app = current_app._get_current_object()

    def body():
        chunks = None
        while True:
            with app.app_context():
                chunks = chunks or export_csv(Scope())
                chunk = next(chunks, None)
            if chunk is None:
                return
            yield chunk

    name = f"products-{datetime.now(UTC):%Y%m%d-%H%M}.csv"
    return Response(body(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
