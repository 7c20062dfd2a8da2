"""Records of catalogue edits: each product's status changes, and bulk changes (what was
previewed, whether and how far it was applied)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from shop.db import utcnow
from shop.extensions import db
from shop.status import transitions


class ProductEvent(db.Model):
    """A status change of a product: who, when, from, to, and a note."""

    __tablename__ = "product_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(
        ForeignKey("product.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[str] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class BulkAction(StrEnum):
    PUBLISH = "publish"
    ARCHIVE = "archive"
    CATEGORY = "category"  # move to another category
    PRICE = "price"  # change prices by a percentage


class BulkStatus(StrEnum):
    PLANNED = "planned"  # previewed, waiting for confirmation
    APPLYING = "applying"  # confirmed; being applied (in the request, or by a job)
    DONE = "done"


# Allowed status changes (``shop.catalog.bulk`` is the only writer; the confirm step is one
# conditional UPDATE, so a form submitted twice applies the change once):
#   planned  → applying    confirmed
#   applying → done        every product handled (changed, or skipped and why)
BULK_TRANSITIONS = transitions(BulkStatus, {
    BulkStatus.PLANNED: {BulkStatus.APPLYING},
    BulkStatus.APPLYING: {BulkStatus.DONE},
    BulkStatus.DONE: set(),
})


class ProductBulkChange(db.Model):
    """One bulk change from the back office's product list.

    ``items`` freezes the selection as previewed: ``[product id, version]`` pairs. A product
    edited after the preview (its version moved on) is skipped, not changed on the strength
    of a preview that no longer shows its values. ``cursor`` is how many items are handled,
    committed with each batch, so a job that runs again carries on where it stopped."""

    __tablename__ = "product_bulk_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    action: Mapped[str] = mapped_column(String(20))
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    items: Mapped[list[Any]] = mapped_column(JSON, default=list)
    total: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(12), default=BulkStatus.PLANNED)
    cursor: Mapped[int] = mapped_column(Integer, default=0)
    changed: Mapped[int] = mapped_column(Integer, default=0)
    skipped: Mapped[int] = mapped_column(Integer, default=0)
    # [product id, why] for the skipped products (the first few hundred): shown afterwards.
    notes: Mapped[list[Any]] = mapped_column(JSON, default=list)
    job_id: Mapped[int | None] = mapped_column(Integer)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
