"""Background work: the app's Huey queue, the jobs it runs and the runner around them.

A job is a function registered under a kind::

    @job("catalog-import")
    def import_rows(progress, *, upload_id):
        rows = read_upload(upload_id)
        for start in range(0, len(rows), 500):
            batch = rows[start:start + 500]
            import_batch(batch)                         # idempotent: upserts by part number
            done = start + len(batch)
            progress.update(done, len(rows), f"Row {done:,} of {len(rows):,}")
        return {"rows": len(rows)}

and started from a view or a command with ``start_job("catalog-import", params={...},
started_by_id=user.id)``, which records a ``job`` row, commits it and hands its id to the
queue. A worker (``flask --app app jobs worker``) claims the row, runs the function in an
app context, and records the returned value (JSON) as the result, or the exception as the
error. ``progress.update`` commits the session, so a page can show how far the job got
(``templates/jobs/_progress.html``) and work done up to that report stays done: every job
body must be safe to run again, and a job that is already done is never run twice.

``job(kind, schedule=crontab(...))`` also runs the job on a clock (the consumer's scheduler);
each scheduled run is its own job row, keyed by the minute it was due, so two consumers with
schedulers record and run it once.

The queue is built from the app's config on first use, never at import or in the factory:
``SqliteHuey`` in ``instance/huey.sqlite`` by default, ``RedisHuey`` when ``HUEY_REDIS_URL``
(or ``REDIS_URL``) is set, and Huey's immediate mode (each job runs where it is started)
when ``HUEY_IMMEDIATE`` is on, as in the tests.
"""

from __future__ import annotations

import importlib
import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from flask import Flask, current_app
from huey import RedisHuey, SqliteHuey, crontab
from huey.api import Huey, TaskWrapper
from werkzeug.local import LocalProxy

from shop.accounts import services as account_services
from shop.cart import services as cart_services
from shop.catalog import services as catalog_services
from shop.db import utcnow
from shop.extensions import db
from shop.inventory import services as inventory_services
from shop.jobs_state import services as job_services
from shop.jobs_state.models import Job, JobStatus
from shop.orders import services as order_services

log = logging.getLogger(__name__)

EXTENSION = "jobs"


@dataclass(frozen=True)
class JobKind:
    """A registered job: its function, Huey task options and, if periodic, its schedule."""

    name: str
    func: Callable[..., Any]
    schedule: Callable[[Any], bool] | None = None
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def scheduled_task_name(self) -> str:
        return f"{self.name}@schedule"


_KINDS: dict[str, JobKind] = {}


def job(name: str, *, schedule: Callable[[Any], bool] | None = None, **options: Any):
    """Register the decorated function as the job ``name``.

    It is called as ``func(progress, **params)`` inside an app context and returns a small
    JSON value (the result). ``schedule`` (a ``huey.crontab``) also runs it on that clock;
    ``options`` go to Huey's task (``retries``, ``retry_delay``, ``timeout``, …)."""

    def decorator(func: Callable[..., Any]) -> Callable[..., Any]:
        known = _KINDS.get(name)
        if known is not None and known.func is not func:
            raise ValueError(f"a job named {name!r} is already registered")
        _KINDS[name] = JobKind(name, func, schedule, dict(options))
        return func

    return decorator


def kinds() -> dict[str, JobKind]:
    return dict(_KINDS)


class Progress:
    """The first argument of every job: reports how far it got.

    Every report commits the session: the job row's progress, and whatever the job wrote
    since its last report. Report between units of work that are complete."""

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.done = 0
        self.total: int | None = None

    def update(self, done: int | None = None, total: int | None = None,
               message: str | None = None) -> None:
        job_row = db.session.get(Job, self.job_id)
        job_services.report_progress(job_row, done=done, total=total, message=message)
        db.session.commit()
        self.done, self.total = job_row.progress_done, job_row.progress_total

    def advance(self, step: int = 1, message: str | None = None) -> None:
        self.update(self.done + step, message=message)


def _describe(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def run_job(app: Flask, job_id: int) -> None:
    """Claim the job and run it in a fresh app context of ``app`` (its own session, as in a
    consumer thread). A job that is done, or running in another worker, is left alone."""
    with app.app_context():
        stale_after = app.config.get("JOBS_STALE_AFTER", 3600)
        job_row = job_services.claim(job_id, now=utcnow(), stale_after=stale_after)
        db.session.commit()
        if job_row is None:
            log.info("job %s: done already or running elsewhere, not run again", job_id)
            return
        kind_name = job_row.kind
        kind = _KINDS.get(kind_name)
        try:
            if kind is None:
                raise LookupError(f"no job named {kind_name!r} is registered")
            result = kind.func(Progress(job_id), **(job_row.params or {}))
            job_services.finish(db.session.get(Job, job_id), result, now=utcnow())
            db.session.commit()
        except Exception as exc:
            db.session.rollback()
            job_services.fail(db.session.get(Job, job_id), _describe(exc), now=utcnow())
            db.session.commit()
            raise  # Huey logs it, and retries when the job's options allow
        log.info("job %s (%s) done", job_id, kind_name)


def due_minute(schedule: Callable[[Any], bool], now: datetime) -> datetime:
    """The latest minute at or before ``now`` that ``schedule`` matches (looking back an hour
    at most, else ``now``'s minute): the same for every consumer that runs the schedule."""
    minute = now.replace(second=0, microsecond=0, tzinfo=None)
    for back in range(61):
        candidate = minute - timedelta(minutes=back)
        if schedule(candidate):
            return candidate
    return minute


def run_scheduled(app: Flask, kind_name: str) -> None:
    """A periodic run: one job row per due minute (its key), then run it like any job."""
    with app.app_context():
        due = due_minute(_KINDS[kind_name].schedule, utcnow())
        job_row, created = job_services.create_job(
            kind_name, key=f"{kind_name}@{due:%Y-%m-%dT%H:%MZ}")
        db.session.commit()
        job_id = job_row.id
        if not created:
            log.info("job %s: %s for %s is recorded already", job_id, kind_name, due)
    run_job(app, job_id)


class JobQueue:
    """The app's Huey and its tasks, built from the app's config on first use."""

    def __init__(self, app: Flask):
        self.app = app
        self._huey: Huey | None = None
        self._tasks: dict[str, TaskWrapper] = {}
        self._lock = threading.RLock()

    @property
    def built(self) -> bool:
        return self._huey is not None

    @property
    def huey(self) -> Huey:
        with self._lock:
            if self._huey is None:
                self._huey = build_huey(self.app.config, self.app.instance_path)
            for kind in _KINDS.values():  # kinds registered after the first use
                if kind.name not in self._tasks:
                    self._register(self._huey, kind)
            return self._huey

    def _register(self, huey: Huey, kind: JobKind) -> None:
        app, name = self.app, kind.name

        def run(job_id: int) -> None:
            run_job(app, job_id)

        self._tasks[name] = huey.task(name=name, **kind.options)(run)
        if kind.schedule is not None:
            def scheduled() -> None:
                run_scheduled(app, name)

            self._tasks[kind.scheduled_task_name] = huey.periodic_task(
                kind.schedule, name=kind.scheduled_task_name, **kind.options)(scheduled)

    def task(self, name: str) -> TaskWrapper:
        """The Huey task of job ``name`` (or ``name@schedule``, its periodic task)."""
        self.huey  # noqa: B018  (builds and registers)
        try:
            return self._tasks[name]
        except KeyError:
            raise LookupError(f"no job named {name!r} is registered") from None


def build_huey(config, instance_path: str) -> Huey:
    """A Huey from config: Redis when a URL is set, else a SQLite file; immediate mode
    keeps tasks in memory and runs them where they are enqueued."""
    options = {"results": False, "utc": True, "immediate": bool(config.get("HUEY_IMMEDIATE"))}
    name = config.get("HUEY_NAME") or "shop"
    if config.get("HUEY_REDIS_URL"):
        return RedisHuey(name, url=config["HUEY_REDIS_URL"], **options)
    path = config.get("HUEY_SQLITE_PATH") or os.path.join(instance_path, "huey.sqlite")
    return SqliteHuey(name, filename=path, **options)


# Jobs of a domain live beside it, in ``shop/<domain>/tasks.py`` (``from shop.jobs import
# job``), and are named here so every process that builds the app registers them.
TASK_MODULES: tuple[str, ...] = (
    "shop.catalog.tasks",
    "shop.inventory.tasks",
    "shop.suppliers.tasks",
)


def init_app(app: Flask) -> None:
    """Register the domains' jobs and give the app its (not yet built) queue."""
    for module in TASK_MODULES:
        importlib.import_module(module)
    app.extensions[EXTENSION] = JobQueue(app)


def queue_for(app: Flask | None = None) -> JobQueue:
    app = app or current_app._get_current_object()
    return app.extensions[EXTENSION]


# The current app's Huey (``huey.pending_count()``, ``huey.flush()`` …), inside an app context.
huey: Huey = LocalProxy(lambda: queue_for().huey)  # type: ignore[assignment]


def enqueue(job_row: Job) -> Job:
    """Hand a recorded, committed job to the queue. In immediate mode it runs now. When the
    queue cannot be reached the job is marked failed (and the error logged), not lost."""
    job_id = job_row.id
    try:
        queue_for().task(job_row.kind)(job_id)
    except LookupError:
        raise
    except Exception as exc:
        log.exception("job %s could not be queued", job_id)
        db.session.rollback()
        failed = db.session.get(Job, job_id)
        if failed is not None and failed.status == JobStatus.QUEUED:
            job_services.fail(failed, f"Could not be queued: {_describe(exc)}", now=utcnow())
            db.session.commit()
    return job_row


def start_job(kind: str, *, params: dict[str, Any] | None = None,
              started_by_id: int | None = None, key: str | None = None) -> Job:
    """Record a job, commit, and queue it; returns the job (its id is what a page follows).

    The one write that commits on behalf of its caller, as checkout does before Stripe: the
    worker must find the row. With ``key``, a job recorded under that key before is
    returned and queued only if it had failed."""
    if kind not in _KINDS:
        raise LookupError(f"no job named {kind!r} is registered")
    job_row, created = job_services.create_job(kind, params=params,
                                               started_by_id=started_by_id, key=key)
    if not created and job_row.status == JobStatus.FAILED:
        job_services.requeue(job_row)
        created = True
    db.session.commit()
    if created:
        enqueue(job_row)
    return job_row


def run_consumer(app: Flask, *, workers: int = 1, periodic: bool = True,
                 max_delay: float = 2.0) -> None:
    """Run Huey's consumer for this app until it is stopped (SIGINT: finish running jobs
    first; SIGTERM: stop now; SIGHUP: restart)."""
    queue = queue_for(app).huey
    if queue.immediate:
        raise RuntimeError("HUEY_IMMEDIATE is on: jobs run where they are started, so a "
                           "consumer has nothing to do")
    logging.getLogger("huey").setLevel(app.config.get("LOG_LEVEL", "INFO"))
    consumer = queue.create_consumer(workers=workers, periodic=periodic, worker_type="thread",
                                     initial_delay=0.1, backoff=1.15, max_delay=max_delay)
    consumer.run()


# Housekeeping: what runs on a clock. Times are UTC.

@job("prune-accounts", schedule=crontab(minute="15", hour="3"))
def prune_accounts(progress: Progress) -> dict[str, int]:
    """Daily: the same clean-up as ``flask prune-accounts``."""
    progress.update(0, 1, "Deleting expired sign-in counters, used-link records and sessions")
    counters, used, ended = account_services.prune_expired_records()
    return {"sign_in_counters": counters, "used_links": used, "sessions": ended}


@job("prune-jobs", schedule=crontab(minute="45", hour="3"))
def prune_jobs(progress: Progress) -> dict[str, int]:
    """Daily: forget finished jobs older than JOBS_KEEP_DAYS."""
    days = current_app.config.get("JOBS_KEEP_DAYS", 30)
    progress.update(0, 1, f"Deleting jobs that finished more than {days} days ago")
    return {"jobs": job_services.prune_finished(timedelta(days=days))}


@job("prune-changes", schedule=crontab(minute="30", hour="3"))
def prune_changes(progress: Progress) -> dict[str, int]:
    """Daily: the same clean-up as ``flask prune-changes`` (two days of change feed kept)."""
    progress.update(0, 1, "Deleting catalogue change-feed rows older than two days")
    return {"rows": catalog_services.prune_changes(utcnow() - timedelta(days=2))}


@job("release-expired-holds", schedule=crontab())
def release_expired_holds(progress: Progress) -> dict[str, int]:
    """Every minute: give back the units of unpaid checkouts whose reservation ran out, as
    ``flask inventory release-expired`` does (availability ignores them at once anyway; this
    moves the rows and tells the facet index)."""
    return {"orders": len(inventory_services.release_expired())}


@job("prune-carts", schedule=crontab(minute="50", hour="3"))
def prune_carts(progress: Progress) -> dict[str, int]:
    """Daily: forget guest carts nobody has touched for CART_KEEP_DAYS (default 60)."""
    days = current_app.config.get("CART_KEEP_DAYS", 60)
    return {"carts": cart_services.prune_guest_carts(utcnow() - timedelta(days=days))}


@job("cancel-unpaid-orders", schedule=crontab(minute="*/15"))
def cancel_unpaid_orders(progress: Progress) -> dict[str, int]:
    """Every quarter hour: cancel card orders left unpaid for UNPAID_ORDER_HOURS (default
    24); a payment that arrives later is refunded by staff from the order page."""
    hours = current_app.config.get("UNPAID_ORDER_HOURS", 24)
    return {"orders": len(order_services.cancel_unpaid(utcnow() - timedelta(hours=hours)))}
