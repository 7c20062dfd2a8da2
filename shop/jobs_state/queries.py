"""Reads of the job record, for pages that show a job's progress and for the command line."""

from __future__ import annotations

from sqlalchemy import select

from shop.extensions import db
from shop.jobs_state.models import Job


def get_job(job_id: int, *, fresh: bool = True) -> Job | None:
    """The job as the database holds it now (``fresh``: not the copy this session loaded
    earlier, which a worker in another process may have moved on from)."""
    statement = select(Job).where(Job.id == job_id)
    if fresh:
        statement = statement.execution_options(populate_existing=True)
    return db.session.scalar(statement)


def latest_job(kind: str) -> Job | None:
    """The most recently created job of ``kind``."""
    return db.session.scalar(
        select(Job).where(Job.kind == kind).order_by(Job.created_at.desc(), Job.id.desc())
        .limit(1))


def recent_jobs(limit: int = 20, kind: str | None = None) -> list[Job]:
    """Newest first."""
    statement = select(Job).order_by(Job.created_at.desc(), Job.id.desc()).limit(limit)
    if kind is not None:
        statement = statement.where(Job.kind == kind)
    return list(db.session.scalars(statement))
