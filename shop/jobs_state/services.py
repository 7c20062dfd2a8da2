"""Writes to the job record. Each function adds and flushes; the caller commits.

The job runner in ``shop.jobs`` is the entry point that commits: once after claiming a job,
at every progress report (so a page can watch), and once when the job finishes or fails.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.exc import IntegrityError

from shop.db import utcnow
from shop.errors import DomainError
from shop.extensions import db
from shop.jobs_state.models import FINISHED, JOB_TRANSITIONS, Job, JobStatus

MESSAGE_LENGTH = 255
ERROR_LENGTH = 4000
RESULT_BYTES = 16_000  # the result is for a page to show, not a payload


class InvalidJobTransition(DomainError):
    def __init__(self, current: str, target: str):
        super().__init__(f"a {current} job cannot become {target}")
        self.current = current
        self.target = target


def _move(job: Job, target: JobStatus) -> None:
    """The one place a job's status changes outside the claim."""
    current = JobStatus(job.status)
    if target not in JOB_TRANSITIONS[current]:
        raise InvalidJobTransition(current, target)
    job.status = target


def _json_value(value: Any, what: str) -> Any:
    try:
        text = json.dumps(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"a job's {what} must be JSON: {exc}") from exc
    if what == "result" and len(text) > RESULT_BYTES:
        raise ValueError(f"a job's result must stay under {RESULT_BYTES} bytes of JSON")
    return json.loads(text)  # stored as it will read back (tuples become lists, …)


def create_job(kind: str, *, params: dict[str, Any] | None = None,
               started_by_id: int | None = None, key: str | None = None,
               now: datetime | None = None) -> tuple[Job, bool]:
    """Record a queued job. With a ``key`` already recorded, returns that job instead
    (also when a concurrent caller recorded it a moment ago). Returns (job, created)."""
    if key is not None:
        existing = db.session.scalar(select(Job).where(Job.key == key))
        if existing is not None:
            return existing, False
    job = Job(kind=kind, status=JobStatus.QUEUED, key=key,
              params=_json_value(dict(params or {}), "params"), started_by_id=started_by_id,
              created_at=now or utcnow(), progress_done=0, message="", attempts=0)
    if key is None:
        db.session.add(job)
        db.session.flush()
        return job, True
    try:
        with db.session.begin_nested():
            db.session.add(job)
    except IntegrityError:
        existing = db.session.scalar(select(Job).where(Job.key == key))
        if existing is None:
            raise
        return existing, False
    return job, True


def requeue(job: Job) -> Job:
    """A failed job, started again: queued until a worker claims it."""
    _move(job, JobStatus.QUEUED)
    job.error = None
    job.finished_at = None
    job.message = ""
    db.session.flush()
    return job


def claim(job_id: int, *, now: datetime | None = None, stale_after: float = 3600
          ) -> Job | None:
    """Mark the job running for this worker, or return None when it must not run: done
    already, or running with a recent heartbeat (another worker has it).

    One conditional UPDATE, so two deliveries of the same job cannot both claim it."""
    now = now or utcnow()
    stale = now - timedelta(seconds=stale_after)
    result = db.session.execute(
        update(Job)
        .where(Job.id == job_id, or_(
            Job.status.in_([JobStatus.QUEUED, JobStatus.FAILED]),
            (Job.status == JobStatus.RUNNING)
            & or_(Job.heartbeat_at.is_(None), Job.heartbeat_at < stale),
        ))
        .values(status=JobStatus.RUNNING, started_at=now, heartbeat_at=now, finished_at=None,
                error=None, attempts=Job.attempts + 1,
                progress_done=0, progress_total=None, message="")  # progress is per attempt
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return None
    return db.session.scalar(
        select(Job).where(Job.id == job_id).execution_options(populate_existing=True))


def report_progress(job: Job, *, done: int | None = None, total: int | None = None,
                    message: str | None = None, now: datetime | None = None) -> Job:
    """How far a running job got: ``done`` of ``total`` units (either may be left as is)
    and a line for people. Also the job's heartbeat."""
    if job.status != JobStatus.RUNNING:
        raise InvalidJobTransition(job.status, "reporting progress")
    if total is not None:
        job.progress_total = max(int(total), 0)
    if done is not None:
        job.progress_done = max(int(done), 0)
    if message is not None:
        job.message = message[:MESSAGE_LENGTH]
    job.heartbeat_at = now or utcnow()
    db.session.flush()
    return job


def finish(job: Job, result: Any = None, *, now: datetime | None = None) -> Job:
    """The job returned ``result`` (JSON, small)."""
    value = _json_value(result, "result")
    _move(job, JobStatus.DONE)
    job.result = value
    job.error = None
    if job.progress_total is not None:
        job.progress_done = job.progress_total
    job.finished_at = job.heartbeat_at = now or utcnow()
    db.session.flush()
    return job


def fail(job: Job, error: str, *, now: datetime | None = None) -> Job:
    """The job raised (or never reached a worker); ``error`` says what, for people."""
    _move(job, JobStatus.FAILED)
    job.error = (error or "failed")[:ERROR_LENGTH]
    job.finished_at = job.heartbeat_at = now or utcnow()
    db.session.flush()
    return job


def prune_finished(older_than: timedelta, *, now: datetime | None = None) -> int:
    """Housekeeping: delete done and failed jobs that finished before ``now - older_than``.
    Queued and running jobs stay whatever their age."""
    cutoff = (now or utcnow()) - older_than
    result = db.session.execute(
        delete(Job)
        .where(Job.status.in_(list(FINISHED)), Job.finished_at < cutoff)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0
