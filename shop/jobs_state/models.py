"""The ``job`` table: one row per run of a background job, with its progress and result."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from shop.db import utcnow
from shop.extensions import db


class JobStatus(StrEnum):
    QUEUED = "queued"  # recorded and handed to the queue; no worker has it yet
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


# Allowed status changes (``shop.jobs_state.services`` is the only writer):
#
#   from      to
#   queued  → running           a worker claims it
#   queued  → failed            the queue refused it (unreachable)
#   running → done, failed      the job returned, or raised
#   running → running           reclaimed: nothing was reported for JOBS_STALE_AFTER seconds
#                               (its worker died), so the next delivery may run it again
#   failed  → running           a retry, or the same job run again
#   failed  → queued            started again with the same key
#   done    → (nothing)         running a done job again changes nothing
JOB_TRANSITIONS: dict[JobStatus, frozenset[JobStatus]] = {
    JobStatus.QUEUED: frozenset({JobStatus.RUNNING, JobStatus.FAILED}),
    JobStatus.RUNNING: frozenset({JobStatus.DONE, JobStatus.FAILED, JobStatus.RUNNING}),
    JobStatus.FAILED: frozenset({JobStatus.RUNNING, JobStatus.QUEUED}),
    JobStatus.DONE: frozenset(),
}
FINISHED = frozenset({JobStatus.DONE, JobStatus.FAILED})


def _aware(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; every time stored here is UTC."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


class Job(db.Model):
    __tablename__ = "job"
    __table_args__ = (Index("ix_job_kind_created_at", "kind", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(64))  # a name registered with shop.jobs.job
    status: Mapped[str] = mapped_column(String(16), default=JobStatus.QUEUED, index=True)
    # Starting a job with a key that is already recorded returns that job instead of a second
    # one (a form submitted twice, a schedule fired by two consumers).
    key: Mapped[str | None] = mapped_column(String(160), unique=True)
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    progress_done: Mapped[int] = mapped_column(Integer, default=0)
    progress_total: Mapped[int | None] = mapped_column(Integer)  # None: not known (yet)
    message: Mapped[str] = mapped_column(String(255), default="")
    result: Mapped[Any | None] = mapped_column(JSON)  # small: counts, an id, a file name
    error: Mapped[str | None] = mapped_column(Text)  # the exception; the traceback is logged
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    started_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )  # None: the schedule or the command line
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Last sign of life from the worker running it (claim and every progress report).
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True),
                                                         index=True)

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED

    @property
    def percent(self) -> int | None:
        """Whole per cent done, or None while the total is unknown."""
        if self.status == JobStatus.DONE:
            return 100
        if not self.progress_total:
            return None
        share = min(max(self.progress_done, 0), self.progress_total) / self.progress_total
        return int(share * 100)

    @property
    def duration_seconds(self) -> float | None:
        start, end = _aware(self.started_at), _aware(self.finished_at)
        if start is None or end is None:
            return None
        return (end - start).total_seconds()

    def __repr__(self) -> str:
        return f"<Job {self.id} {self.kind} {self.status}>"
