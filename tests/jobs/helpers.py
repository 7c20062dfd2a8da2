"""Jobs registered for the tests only, and a log of what their bodies saw."""

from __future__ import annotations

from sqlalchemy import select

from shop.extensions import db
from shop.jobs import job
from shop.jobs_state import services
from shop.jobs_state.models import Job

CALLS: list[dict] = []


@job("test-count")
def count_items(progress, *, items: int = 3):
    """Reports progress per item, and notes the job's row as its own session sees it."""
    row = db.session.scalar(select(Job).where(Job.id == progress.job_id))
    CALLS.append({"kind": "test-count", "job_id": progress.job_id, "status": row.status,
                  "attempts": row.attempts})
    progress.update(0, items, "Starting")
    for n in range(1, items + 1):
        progress.advance(message=f"Item {n} of {items}")
    return {"counted": items}


@job("test-fail")
def fail_midway(progress, *, at: int = 1):
    """Reports progress, writes a row after the report, then raises."""
    progress.update(at, 4, "Halfway")
    services.create_job("test-written-after-report")  # must be rolled back with the failure
    CALLS.append({"kind": "test-fail", "job_id": progress.job_id})
    raise ValueError(f"bad row {at}")


@job("test-flaky")
def fail_first_time(progress):
    """Raises on its first run, succeeds on the next."""
    runs = [c for c in CALLS if c["kind"] == "test-flaky" and c["job_id"] == progress.job_id]
    CALLS.append({"kind": "test-flaky", "job_id": progress.job_id})
    if not runs:
        raise RuntimeError("the supplier's server did not answer")
    return "ok"


@job("test-unserialisable")
def return_a_set(progress):
    return {1, 2, 3}


def calls(kind: str) -> list[dict]:
    return [c for c in CALLS if c["kind"] == kind]


job("test-flaky-retried", retries=1)(fail_first_time)  # Huey retries it once by itself
