"""The supplier programme's jobs."""

from __future__ import annotations

from huey import crontab

from shop.jobs import Progress, job
from shop.suppliers.services import applications


@job("expire-supplier-applications", schedule=crontab(minute="20", hour="3"))
def expire_supplier_applications(progress: Progress) -> dict[str, int]:
    """Daily: close applications whose e-mail address was never confirmed while the link
    worked, so they no longer block the company's next application. Safe to run twice."""
    progress.update(0, 1, "Closing supplier applications left unconfirmed")
    closed = applications.expire_unconfirmed()
    progress.update(1, 1, f"Closed {len(closed)} unconfirmed applications")
    return {"applications": len(closed)}
