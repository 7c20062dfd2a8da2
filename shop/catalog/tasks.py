"""Background jobs of the catalogue."""

from __future__ import annotations

from shop.audit import services as audit
from shop.catalog.bulk import apply_all
from shop.catalog.edit_models import BulkStatus, ProductBulkChange
from shop.extensions import db
from shop.jobs import Progress, job


@job("product-bulk-change")
def product_bulk_change(progress: Progress, *, change_id: int,
                        actor_id: int | None = None) -> dict[str, int]:
    """Apply a confirmed bulk change of products, a batch at a time. Each progress report
    commits the batch with the change's cursor, so running it again carries on where it
    stopped and changes nothing twice."""
    change = db.session.get(ProductBulkChange, change_id)
    if change is None:
        return {"changed": 0, "skipped": 0}

    def report(done: int, total: int) -> None:
        progress.update(done, total, f"{done:,} of {total:,} products")

    finished_before = change.status == BulkStatus.DONE
    apply_all(change, actor_id=actor_id, progress=report)
    change = db.session.get(ProductBulkChange, change_id)
    result = {"changed": change.changed, "skipped": change.skipped}
    if change.status == BulkStatus.DONE and not finished_before:
        # Jobs run outside the back office's requests: the audit log is told here.
        audit.record("product-bulk-change", "product_bulk_change", change_id,
                     {"action": change.action, "params": change.params}, result,
                     actor_id=actor_id, operation="job")
        db.session.commit()
    return result
