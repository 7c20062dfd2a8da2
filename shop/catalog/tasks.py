"""Background jobs of the catalogue."""

from __future__ import annotations

from shop.catalog.bulk import apply_all
from shop.catalog.edit_models import ProductBulkChange
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

    apply_all(change, actor_id=actor_id, progress=report)
    change = db.session.get(ProductBulkChange, change_id)
    return {"changed": change.changed, "skipped": change.skipped}
