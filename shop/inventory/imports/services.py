"""The use cases of imports, for the back office's pages, the supplier portal and the jobs:
upload (check the file, store it, record the import), build its preview, confirm it, apply
it. Services add and flush; the entry point commits (the jobs pass a ``report`` that
commits progress between chunks of the preview)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, insert, select

from shop.catalog.models import Brand, Category
from shop.db import utcnow
from shop.errors import Conflict, ValidationError
from shop.extensions import db
from shop.inventory.imports import files
from shop.inventory.imports.apply import apply_plan
from shop.inventory.imports.models import (
    IMPORT_TRANSITIONS,
    ImportEvent,
    ImportRow,
    ImportStatus,
    ProductImport,
    RowKind,
)
from shop.inventory.imports.parse import COLUMNS, Location, Lookups, layout, parse_row
from shop.inventory.imports.plan import Context, Scope, batches, mark_duplicates
from shop.inventory.models import Location as LocationRow
from shop.inventory.supplier_locations import (
    ensure_location,
    find_location,
    is_supplier_location,
)
from shop.spreadsheets import (
    MAX_BYTES,
    MAX_ROWS,
    Limits,
    SpreadsheetError,
    file_format,
    read_sheet,
)
from shop.status import change_status

Report = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Settings:
    """What imports read from the app's configuration, as plain values."""

    upload_dir: str
    limits: Limits = Limits()
    main_location: str = ""  # a location code; empty: the first location


def settings_from(config: Mapping) -> Settings:
    """The settings from an app's configuration (``IMPORT_MAX_ROWS``, ``IMPORT_MAX_BYTES``,
    ``IMPORT_MAIN_LOCATION``, ``UPLOAD_DIR``)."""
    return Settings(
        upload_dir=config["UPLOAD_DIR"],
        limits=Limits(max_rows=int(config.get("IMPORT_MAX_ROWS") or MAX_ROWS),
                      max_bytes=int(config.get("IMPORT_MAX_BYTES") or MAX_BYTES)),
        main_location=config.get("IMPORT_MAIN_LOCATION") or "")


def _event(imp: ProductImport):
    return lambda change: ImportEvent(import_id=imp.id, **change.columns(500))


def move(imp: ProductImport, target: ImportStatus, *, actor_id: int | None = None,
         note: str = "") -> None:
    change_status(imp, target, table=IMPORT_TRANSITIONS, actor_id=actor_id,
                  record=_event(imp), note=note)


def locations(main_code: str) -> tuple[list[Location], Location | None]:
    """Every stock location, suppliers' own ones locked (a staff import does not set them),
    and the main one (``stock`` columns): ours whose code is ``main_code``, else our
    first."""
    found = [Location(i, code, bool(locked)) for i, code, locked in db.session.execute(
        select(LocationRow.id, LocationRow.code, is_supplier_location())
        .order_by(LocationRow.id))]
    ours = [loc for loc in found if not loc.locked]
    main = next((loc for loc in ours if loc.code.lower() == main_code.lower()), None)
    return found, main or (ours[0] if ours else None)


def scope_locations(main_code: str, supplier_id: int | None, *, create: bool = False
                    ) -> tuple[list[Location], Location | None]:
    """The locations a file of this scope may set stock at, and the one a plain ``stock``
    column means: for staff our locations (``locations``: suppliers' own ones are locked);
    for a supplier only its own (``shop.inventory.supplier_locations``), made first when
    ``create``."""
    if supplier_id is None:
        return locations(main_code)
    row = ensure_location(supplier_id) if create else find_location(supplier_id)
    if row is None:
        return [], None
    own = Location(row.id, row.code)
    return [own], own


def _currency(code: str) -> str:
    code = (code or "").strip().upper()
    if len(code) != 3 or not code.isalpha():
        raise ValidationError("currency", "Choose the currency of the prices.")
    return code


def create_import(data: bytes, filename: str, *, settings: Settings, currency: str,
                  supplier_id: int | None = None, actor_id: int | None = None
                  ) -> ProductImport:
    """Check an uploaded file, store it and record its import (its preview is built by the
    ``catalog-import-preview`` job). A file that cannot be imported raises
    ``ValidationError("file", …)`` with what is wrong, and nothing is stored.

    Checked here: size, format (by content), encoding, the header (columns missing,
    unknown, twice; stock columns naming no location), a CSV's rows (count and shape) and
    a workbook's declared size and row count. The rows' values are the preview's."""
    currency = _currency(currency)
    kind = file_format(filename, data)
    sheet = read_sheet(data, filename, COLUMNS, limits=settings.limits,
                       header_only=kind == "xlsx")
    layout(sheet.columns, *scope_locations(settings.main_location, supplier_id, create=True))
    if kind == "csv" and not sheet.rows:
        raise SpreadsheetError("The file has a header but no rows under it.")
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1].strip()[:200] or kind
    imp = ProductImport(
        status=ImportStatus.UPLOADED, supplier_id=supplier_id, currency=currency,
        original_name=name, stored_path=files.store(data, settings.upload_dir, kind),
        file_format=kind, size_bytes=len(data), revision=1, created_by_id=actor_id,
        rows_total=len(sheet.rows), added=0, changed=0, unchanged=0, errors=0)
    db.session.add(imp)
    db.session.flush()
    db.session.add(ImportEvent(import_id=imp.id, from_status=ImportStatus.UPLOADED,
                               to_status=ImportStatus.UPLOADED, actor_id=actor_id,
                               note=f"Uploaded {name} ({len(data):,} bytes)"))
    db.session.flush()
    return imp


def request_preview(imp: ProductImport, *, actor_id: int | None) -> bool:
    """Ask for the preview to be built again (the catalogue may have moved on). False when
    one is being built already."""
    if imp.status == ImportStatus.UPLOADED:
        return False
    if imp.file_error:
        raise Conflict("This file could not be read; upload a corrected file instead.")
    move(imp, ImportStatus.UPLOADED, actor_id=actor_id, note="Preview asked for again")
    imp.revision += 1
    db.session.flush()
    return True


def request_apply(imp: ProductImport, *, actor_id: int | None) -> bool:
    """Confirm a preview. True when this call confirmed it; False when it was confirmed
    already (a form sent twice). Raises ``Conflict`` when it cannot be applied."""
    if imp.status in (ImportStatus.APPLYING, ImportStatus.APPLIED):
        return False
    if imp.status == ImportStatus.INVALID:
        raise Conflict("This file has errors. Correct them in the file and upload it again; "
                       "nothing is applied while any row has an error.")
    if imp.status == ImportStatus.STALE:
        raise Conflict("The catalogue changed after this preview. Preview the file again "
                       "first.")
    if imp.status == ImportStatus.UPLOADED:
        raise Conflict("The preview is not ready yet.")
    move(imp, ImportStatus.APPLYING, actor_id=actor_id, note="Confirmed")
    return True


def lookups(currency: str) -> Lookups:
    categories = {slug.lower(): cid for cid, slug in
                  db.session.execute(select(Category.id, Category.slug))}
    brands = {name.lower(): (bid, name) for bid, name in
              db.session.execute(select(Brand.id, Brand.name))}
    return Lookups(categories=categories, brands=brands, currency=currency)


def build_preview(imp: ProductImport, *, settings: Settings, report: Report) -> dict:
    """Read the stored file and write the preview's rows, a chunk at a time (``report``
    after each). Rows of an earlier, unfinished run are replaced. The import becomes
    ``previewed``, or ``invalid`` when any row has an error or the file cannot be read
    (then the file is deleted: nothing of it is kept)."""
    db.session.execute(delete(ImportRow).where(ImportRow.import_id == imp.id))
    try:
        data = files.read(settings.upload_dir, imp.stored_path)
        sheet = read_sheet(data, imp.original_name, COLUMNS, limits=settings.limits,
                           on_rows=lambda n: report(0, 0, f"Reading row {n:,} of the file"))
        if not sheet.rows:
            raise SpreadsheetError("The file has a header but no rows under it.")
        all_locations, main = scope_locations(settings.main_location, imp.supplier_id)
        where = layout(sheet.columns, all_locations, main)
    except ValidationError as exc:
        files.delete(settings.upload_dir, imp.stored_path)
        imp.file_error = exc.message
        imp.rows_total = imp.added = imp.changed = imp.unchanged = imp.errors = 0
        move(imp, ImportStatus.INVALID, note=exc.message)
        return {"file_error": exc.message}
    found = lookups(imp.currency)
    rows = [parse_row(row, where, found) for row in sheet.rows]
    mark_duplicates(rows)
    context = Context(Scope(imp.supplier_id), found, {loc.id: loc for loc in all_locations},
                      {cid: slug for slug, cid in found.categories.items()},
                      {bid: name for bid, name in found.brands.values()},
                      {loc.id: where.columns[position] for position, loc in where.stock})
    counts = dict.fromkeys(RowKind, 0)
    done = 0
    for batch in batches(rows, context):
        for row in batch:
            row["import_id"] = imp.id
            counts[RowKind(row["kind"])] += 1
        db.session.execute(insert(ImportRow.__table__), batch)
        done += len(batch)
        report(done, len(rows), f"Compared {done:,} of {len(rows):,} rows with the catalogue")
    imp.rows_total = len(rows)
    imp.added, imp.changed = counts[RowKind.ADDED], counts[RowKind.CHANGED]
    imp.unchanged, imp.errors = counts[RowKind.UNCHANGED], counts[RowKind.ERROR]
    imp.previewed_at = utcnow()
    move(imp, ImportStatus.INVALID if imp.errors else ImportStatus.PREVIEWED,
         note=f"{imp.added} to add, {imp.changed} to change, {imp.unchanged} unchanged, "
              f"{imp.errors} with errors")
    return {"rows": imp.rows_total, "added": imp.added, "changed": imp.changed,
            "unchanged": imp.unchanged, "errors": imp.errors}


def preview_failed(imp: ProductImport, *, settings: Settings) -> None:
    """The preview job failed for a reason of its own (logged with the job): the import is
    closed with a message, its rows and file deleted."""
    if imp.status != ImportStatus.UPLOADED:
        return
    db.session.execute(delete(ImportRow).where(ImportRow.import_id == imp.id))
    files.delete(settings.upload_dir, imp.stored_path)
    imp.file_error = ("The preview could not be built because of an error on our side. "
                      "Upload the file again; if it happens again, tell the developers.")
    move(imp, ImportStatus.INVALID, note="The preview job failed")


def apply_import(imp: ProductImport, *, actor_id: int | None, report: Report) -> dict | None:
    """Apply a confirmed preview, all or nothing (``shop.inventory.imports.apply``), and
    mark the import applied. None when it was not waiting to be applied. Raises
    ``StalePlan`` (then the caller rolls back and calls ``refuse``)."""
    result = apply_plan(imp, actor_id=actor_id, report=report)
    if result is None:
        return None
    imp.result = result
    imp.applied_at = utcnow()
    move(imp, ImportStatus.APPLIED, actor_id=actor_id,
         note=", ".join(f"{v} {k.replace('_', ' ')}" for k, v in result.items()))
    return result


def refuse(imp: ProductImport, target: ImportStatus, reason: str) -> None:
    """The apply job could not apply the import (after its rollback): stale or failed."""
    if imp.status == ImportStatus.APPLYING:
        move(imp, target, note=reason)
        imp.result = {"refused": reason[:1000]}
        db.session.flush()


def prune(older_than: datetime) -> list[str]:
    """Forget imports created before ``older_than`` that no job is working on, with their
    rows and events. Returns their files' paths, for the caller to delete once committed."""
    done = (ImportStatus.PREVIEWED, ImportStatus.INVALID, ImportStatus.APPLIED,
            ImportStatus.STALE, ImportStatus.FAILED)
    old = list(db.session.execute(
        select(ProductImport.id, ProductImport.stored_path)
        .where(ProductImport.created_at < older_than, ProductImport.status.in_(done))))
    for start in range(0, len(old), 500):
        ids = [import_id for import_id, _path in old[start:start + 500]]
        db.session.execute(delete(ImportRow).where(ImportRow.import_id.in_(ids)))
        db.session.execute(delete(ImportEvent).where(ImportEvent.import_id.in_(ids)))
        db.session.execute(delete(ProductImport).where(ProductImport.id.in_(ids)))
    return [path for _import_id, path in old]
