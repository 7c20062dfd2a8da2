"""An uploaded spreadsheet of products, prices and stock, and the plan built from it: one row
per line of the file saying what applying it would add or change, or why it cannot."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from shop.db import TimestampMixin, utcnow
from shop.extensions import db
from shop.status import transitions


class ImportStatus(StrEnum):
    UPLOADED = "uploaded"  # stored; its preview is being built
    PREVIEWED = "previewed"  # the preview is ready, without errors: it may be applied
    INVALID = "invalid"  # the preview found errors, or the file could not be read
    APPLYING = "applying"  # confirmed: the apply job has it
    APPLIED = "applied"  # every change of the preview was written, in one transaction
    STALE = "stale"  # refused at apply: products or stock changed since the preview
    FAILED = "failed"  # the apply job failed for another reason; nothing was written


# Allowed status changes:
#   uploaded  → previewed, invalid         the preview job finished
#   previewed → applying                   confirmed (staff, or the supplier in the portal)
#   previewed, invalid, stale, failed
#             → uploaded                   preview again (the catalogue may have moved on)
#   applying  → applied, stale, failed     the apply job finished
#   failed    → applying                   confirmed again after a failure
#   applied   → (final)
IMPORT_TRANSITIONS = transitions(ImportStatus, {
    ImportStatus.UPLOADED: {ImportStatus.PREVIEWED, ImportStatus.INVALID},
    ImportStatus.PREVIEWED: {ImportStatus.APPLYING, ImportStatus.UPLOADED},
    ImportStatus.INVALID: {ImportStatus.UPLOADED},
    ImportStatus.APPLYING: {ImportStatus.APPLIED, ImportStatus.STALE, ImportStatus.FAILED},
    ImportStatus.APPLIED: set(),
    ImportStatus.STALE: {ImportStatus.UPLOADED},
    ImportStatus.FAILED: {ImportStatus.APPLYING, ImportStatus.UPLOADED},
})

STATUS_TEXT = {
    ImportStatus.UPLOADED: "Building the preview",
    ImportStatus.PREVIEWED: "Ready to apply",
    ImportStatus.INVALID: "Has errors",
    ImportStatus.APPLYING: "Applying",
    ImportStatus.APPLIED: "Applied",
    ImportStatus.STALE: "Out of date",
    ImportStatus.FAILED: "Failed",
}


class RowKind(StrEnum):
    ADDED = "added"
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    ERROR = "error"


class ProductImport(TimestampMixin, db.Model):
    """One uploaded file, its scope (all products, or one supplier's) and its preview's
    counts. The file itself lives under ``UPLOAD_DIR/imports/`` with a random name."""

    __tablename__ = "product_import"

    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(String(12), default=ImportStatus.UPLOADED, index=True)
    # None: staff, who may create and change any product; else the only supplier whose
    # listings (prices and stock only) the file may change.
    supplier_id: Mapped[int | None] = mapped_column(Integer, index=True)
    currency: Mapped[str] = mapped_column(String(3))  # of prices, where no column says
    original_name: Mapped[str] = mapped_column(String(200))
    stored_path: Mapped[str] = mapped_column(String(120))  # relative to UPLOAD_DIR
    file_format: Mapped[str] = mapped_column(String(8))
    size_bytes: Mapped[int] = mapped_column(Integer)
    revision: Mapped[int] = mapped_column(Integer, default=1)  # previews asked for
    rows_total: Mapped[int] = mapped_column(Integer, default=0)
    added: Mapped[int] = mapped_column(Integer, default=0)
    changed: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[int] = mapped_column(Integer, default=0)
    file_error: Mapped[str | None] = mapped_column(Text)  # the file as a whole was refused
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # what applying wrote
    preview_job_id: Mapped[int | None] = mapped_column(
        ForeignKey("job.id", ondelete="SET NULL"))
    apply_job_id: Mapped[int | None] = mapped_column(ForeignKey("job.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    previewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    applied_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    @property
    def changes(self) -> int:
        return self.added + self.changed

    @property
    def can_apply(self) -> bool:
        return self.status in (ImportStatus.PREVIEWED, ImportStatus.FAILED)

    @property
    def can_preview_again(self) -> bool:
        return ImportStatus.UPLOADED in IMPORT_TRANSITIONS[ImportStatus(self.status)]


class ImportRow(db.Model):
    """One line of the file as the preview saw it.

    ``changes`` lists ``[field, old, new]`` for people (prices in minor units, stock per
    location code); ``errors`` lists ``[column, reason]``; ``plan`` holds what applying
    writes and what it must find unchanged (the product's ``updated_at`` at preview, the
    on-hand each stock change starts from)."""

    __tablename__ = "product_import_row"
    __table_args__ = (
        Index("ix_product_import_row_kind", "import_id", "kind", "row_number"),
        Index("ix_product_import_row_number", "import_id", "row_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    import_id: Mapped[int] = mapped_column(
        ForeignKey("product_import.id", ondelete="CASCADE"))
    row_number: Mapped[int] = mapped_column(Integer)
    sku: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(10))
    product_id: Mapped[int | None] = mapped_column(Integer)
    changes: Mapped[list | None] = mapped_column(JSON)
    errors: Mapped[list | None] = mapped_column(JSON)
    plan: Mapped[dict | None] = mapped_column(JSON)


class ImportEvent(db.Model):
    """A status change of an import (who, when, from, to, note)."""

    __tablename__ = "product_import_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    import_id: Mapped[int] = mapped_column(
        ForeignKey("product_import.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[str] = mapped_column(String(12))
    to_status: Mapped[str] = mapped_column(String(12))
    actor_id: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
