"""The steps the back office's imports and the supplier portal's feed share: start a preview,
confirm an apply, preview again. Like the views that call them they are entry-point code:
each commits and starts its job (``shop.jobs.start_job``); services below never do.

Each returns what to tell the person (a flash message and its category) or None."""

from __future__ import annotations

from shop.errors import Conflict
from shop.extensions import db
from shop.inventory.imports import queries, services
from shop.inventory.imports.models import ProductImport
from shop.jobs import start_job


def start_preview(imp: ProductImport, *, actor_id: int) -> None:
    """Queue the preview job of the import's current revision (once per revision)."""
    import_id, revision = imp.id, imp.revision
    job = start_job("catalog-import-preview",
                    params={"import_id": import_id, "revision": revision},
                    started_by_id=actor_id, key=f"catalog-import-preview:{import_id}:{revision}")
    queries.get_import(import_id).preview_job_id = job.id
    db.session.commit()


def confirm_apply(imp: ProductImport, *, actor_id: int, noun: str) -> tuple[str, str] | None:
    """Confirm the previewed import and start the apply job. A second confirmation finds
    the import applying and starts nothing; a second run of the job finds it applied."""
    import_id = imp.id
    try:
        confirmed = services.request_apply(imp, actor_id=actor_id)
        db.session.commit()
    except Conflict as exc:
        db.session.rollback()
        return str(exc), "error"
    if not confirmed:
        return f"This {noun} was confirmed already; it is applied once.", "info"
    job = start_job("catalog-import-apply", params={"import_id": import_id, "actor_id": actor_id},
                    started_by_id=actor_id)
    queries.get_import(import_id).apply_job_id = job.id
    db.session.commit()
    return None


def preview_again(imp: ProductImport, *, actor_id: int) -> tuple[str, str] | None:
    """Build the preview again (the catalogue moved since, or the plan went stale)."""
    import_id = imp.id
    try:
        asked = services.request_preview(imp, actor_id=actor_id)
        db.session.commit()
    except Conflict as exc:
        db.session.rollback()
        return str(exc), "error"
    if asked:
        start_preview(queries.get_import(import_id), actor_id=actor_id)
    return None
