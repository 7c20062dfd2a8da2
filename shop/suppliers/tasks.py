"""The supplier programme's jobs."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from huey import crontab

from shop.db import utcnow
from shop.extensions import db
from shop.jobs import Progress, job
from shop.suppliers.listings import services as listings
from shop.suppliers.services import applications


@job("expire-supplier-applications", schedule=crontab(minute="20", hour="3"))
def expire_supplier_applications(progress: Progress) -> dict[str, int]:
    """Daily: close applications whose e-mail address was never confirmed while the link
    worked, so they no longer block the company's next application. Safe to run twice."""
    progress.update(0, 1, "Closing supplier applications left unconfirmed")
    closed = applications.expire_unconfirmed()
    progress.update(1, 1, f"Closed {len(closed)} unconfirmed applications")
    return {"applications": len(closed)}


@job("prune-withdrawn-listing-files", schedule=crontab(minute="25", hour="3"))
def prune_withdrawn_listing_files(progress: Progress) -> dict[str, int]:
    """Daily: delete the images and PDFs staged with listings that have stayed withdrawn
    for LISTING_WITHDRAWN_KEEP_DAYS (a rejected new listing's go at once). Safe to run
    twice."""
    days = int(current_app.config.get("LISTING_WITHDRAWN_KEEP_DAYS") or 30)
    progress.update(0, 1, "Deleting the staged files of long-withdrawn listings")
    dropped = listings.prune_withdrawn(utcnow() - timedelta(days=days),
                                       current_app.config["UPLOAD_DIR"])
    db.session.commit()
    progress.update(1, 1, f"Deleted {dropped} staged files")
    return {"files": dropped}
