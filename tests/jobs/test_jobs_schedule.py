"""Housekeeping on a clock: prune-accounts and prune-jobs run daily as periodic Huey tasks
that record a job each, once per due time, and call the same service as the command."""

from datetime import datetime, timedelta

from sqlalchemy import func, select

from shop import jobs
from shop.accounts import services as account_services
from shop.accounts.models import LoginThrottle
from shop.db import utcnow
from shop.extensions import db
from shop.jobs_state import queries, services
from shop.jobs_state.models import Job, JobStatus


def _matching_minutes(schedule, day: datetime) -> list[datetime]:
    start = day.replace(hour=0, minute=0, second=0, microsecond=0)
    minutes = (start + timedelta(minutes=m) for m in range(24 * 60))
    return [m for m in minutes if schedule(m)]


def test_housekeeping_jobs_are_scheduled_daily(ctx):
    kinds = jobs.kinds()
    for name, hour, minute in [("prune-accounts", 3, 15), ("prune-jobs", 3, 45)]:
        schedule = kinds[name].schedule
        assert schedule is not None
        for day in (datetime(2026, 12, 1), datetime(2027, 2, 28), datetime(2027, 7, 4)):
            assert _matching_minutes(schedule, day) == [day.replace(hour=hour, minute=minute)]
    registered = {t.__name__ for t in jobs.queue_for(ctx).huey._registry._periodic_tasks}
    assert {"prune-accounts@schedule", "prune-jobs@schedule"} <= registered


def test_the_due_minute_is_the_same_for_every_consumer(ctx):
    schedule = jobs.kinds()["prune-accounts"].schedule
    due = datetime(2026, 12, 1, 3, 15)
    for late in (0, 5, 59, 61 * 60 - 1):
        assert jobs.due_minute(schedule, due + timedelta(seconds=late)) == due
    later = datetime(2026, 12, 1, 9, 0, 30)  # nothing due within the hour: that minute
    assert jobs.due_minute(schedule, later) == later.replace(second=0)


def _stale_counters() -> None:
    now = utcnow()
    db.session.add_all([
        LoginThrottle(key="stale", failures=9, last_failure_at=now - timedelta(days=2)),
        LoginThrottle(key="recent", failures=2, last_failure_at=now - timedelta(minutes=5)),
    ])
    db.session.commit()


def test_the_periodic_prune_records_a_job_and_prunes(ctx, monkeypatch):
    _stale_counters()
    periodic = jobs.queue_for(ctx).task("prune-accounts@schedule")
    at_0315 = utcnow().replace(hour=3, minute=15, second=2)
    monkeypatch.setattr(jobs, "utcnow", lambda: at_0315)
    periodic()  # what the consumer's scheduler enqueues at 03:15
    monkeypatch.setattr(jobs, "utcnow", lambda: at_0315 + timedelta(seconds=98))
    periodic()  # another consumer's scheduler, a little late

    rows = list(db.session.scalars(select(Job).where(Job.kind == "prune-accounts")))
    assert len(rows) == 1
    job = queries.get_job(rows[0].id)
    assert job.status == JobStatus.DONE and job.started_by_id is None
    assert job.key == f"prune-accounts@{utcnow():%Y-%m-%d}T03:15Z"
    assert job.result == {"sign_in_counters": 1, "used_links": 0, "sessions": 0}
    assert (job.progress_done, job.progress_total) == (1, 1)
    assert set(db.session.scalars(select(LoginThrottle.key))) == {"recent"}


def test_the_job_and_the_command_call_the_same_service(ctx, monkeypatch):
    seen = []

    def spy(now=None):
        seen.append(now)
        return 4, 2, 3

    monkeypatch.setattr(account_services, "prune_expired_records", spy)
    result = ctx.test_cli_runner().invoke(args=["prune-accounts"])
    assert result.exit_code == 0, result.output
    assert ("Pruned 4 sign-in counters, 2 used-link records and 3 expired sessions."
            in result.output)
    job = jobs.start_job("prune-accounts")
    assert queries.get_job(job.id).result == {"sign_in_counters": 4, "used_links": 2,
                                                  "sessions": 3}
    assert len(seen) == 2


def test_prune_jobs_forgets_old_finished_jobs_only(ctx):
    now = utcnow()
    keep_days = ctx.config["JOBS_KEEP_DAYS"]
    old = now - timedelta(days=keep_days + 1)
    for status, finished_at in [(JobStatus.DONE, old), (JobStatus.FAILED, old),
                                (JobStatus.DONE, now - timedelta(days=1)),
                                (JobStatus.RUNNING, None), (JobStatus.QUEUED, None)]:
        db.session.add(Job(kind="test-count", status=status, params={},
                           created_at=old, finished_at=finished_at))
    db.session.commit()

    job = jobs.start_job("prune-jobs")
    assert queries.get_job(job.id).result == {"jobs": 2}
    left = sorted(db.session.scalars(select(Job.status).where(Job.kind == "test-count")))
    assert left == ["done", "queued", "running"]
    # Running it again finds nothing more to delete (and keeps its own record).
    assert services.prune_finished(timedelta(days=keep_days)) == 0
    assert db.session.scalar(select(func.count(Job.id)).where(Job.kind == "prune-jobs")) == 1


def test_the_change_feed_is_pruned_daily_and_lapsed_holds_every_minute(ctx):
    from shop.inventory import services as inventory
    from shop.inventory.models import StockHold
    from tests.factories import make_product

    kinds = jobs.kinds()
    day = datetime(2026, 12, 1)
    assert _matching_minutes(kinds["prune-changes"].schedule, day) == [day.replace(hour=3,
                                                                                  minute=30)]
    assert len(_matching_minutes(kinds["release-expired-holds"].schedule, day)) == 24 * 60
    registered = {t.__name__ for t in jobs.queue_for(ctx).huey._registry._periodic_tasks}
    assert {"prune-changes@schedule", "release-expired-holds@schedule"} <= registered

    product = make_product(stock=2)
    inventory.reserve(product.id, 2, order_id=5, expires_at=utcnow() - timedelta(seconds=1))
    db.session.commit()
    job = jobs.start_job("release-expired-holds")
    assert queries.get_job(job.id).result == {"orders": 1}
    db.session.expire_all()
    assert db.session.scalar(select(StockHold.status)) == "released"
    job = jobs.start_job("prune-changes")
    assert queries.get_job(job.id).result == {"rows": 0}  # everything is recent
