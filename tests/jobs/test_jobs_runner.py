"""Jobs in Huey's immediate mode (the testing config): a job row goes queued → running →
done with its progress and result, a failing job records why, and running a job twice
never does its work twice."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from shop import jobs
from shop.db import utcnow
from shop.extensions import db
from shop.jobs_state import queries, services
from shop.jobs_state.models import Job, JobStatus
from tests.accounts.helpers import user
from tests.jobs.helpers import calls


def _queued(kind: str, **params) -> Job:
    job, created = services.create_job(kind, params=params)
    db.session.commit()
    assert created and job.status == JobStatus.QUEUED
    return job


def test_a_job_goes_from_queued_to_running_to_done_with_progress_and_result(ctx):
    starter = user("ops@example.com", role="staff")
    job = _queued("test-count", items=3)
    job.started_by_id = starter.id
    db.session.commit()
    assert (job.progress_done, job.progress_total, job.attempts) == (0, None, 0)
    assert job.started_at is None and job.finished_at is None

    jobs.enqueue(job)

    # The body ran in its own session and saw its row running.
    assert calls("test-count") == [
        {"kind": "test-count", "job_id": job.id, "status": "running", "attempts": 1}]
    job = queries.get_job(job.id)
    assert job.status == JobStatus.DONE and job.is_finished
    assert (job.progress_done, job.progress_total, job.percent) == (3, 3, 100)
    assert job.message == "Item 3 of 3"
    assert job.result == {"counted": 3}
    assert job.error is None and job.attempts == 1
    assert job.started_by_id == starter.id
    assert job.created_at <= job.started_at <= job.heartbeat_at <= job.finished_at
    assert job.duration_seconds is not None and job.duration_seconds >= 0


def test_start_job_records_commits_and_runs(ctx):
    job = jobs.start_job("test-count", params={"items": 2})
    db.session.rollback()  # the row was committed before it was queued
    job = queries.get_job(job.id)
    assert job.status == JobStatus.DONE and job.result == {"counted": 2}
    assert job.params == {"items": 2} and job.started_by_id is None


def test_progress_is_committed_as_it_is_reported(ctx):
    seen = []

    @jobs.job("test-watch")
    def watched(progress):
        progress.update(1, 4, "First quarter")
        # What another connection (a page in another worker) reads right now:
        with db.engine.connect() as conn:
            seen.append(conn.execute(
                select(Job.status, Job.progress_done, Job.progress_total, Job.message)
                .where(Job.id == progress.job_id)).one())
        return None

    job = jobs.start_job("test-watch")
    assert seen == [("running", 1, 4, "First quarter")]
    assert queries.get_job(job.id).status == JobStatus.DONE


def test_a_failing_job_records_failed_and_the_error(ctx):
    job = jobs.start_job("test-fail", params={"at": 2})
    job = queries.get_job(job.id)
    assert job.status == JobStatus.FAILED and job.is_finished
    assert job.error == "ValueError: bad row 2"
    assert (job.progress_done, job.progress_total, job.message) == (2, 4, "Halfway")
    assert job.finished_at is not None and job.result is None
    # What the body wrote after its last progress report was rolled back.
    assert db.session.scalar(
        select(func.count(Job.id)).where(Job.kind == "test-written-after-report")) == 0


def test_a_result_that_is_not_json_fails_the_job(ctx):
    job = queries.get_job(jobs.start_job("test-unserialisable").id)
    assert job.status == JobStatus.FAILED
    assert job.error.startswith("ValueError: a job's result must be JSON")


def test_running_a_done_job_again_does_nothing(ctx):
    job = jobs.start_job("test-count")
    first = queries.get_job(job.id)
    finished_at, attempts = first.finished_at, first.attempts

    jobs.enqueue(first)  # a second delivery of the same job
    jobs.run_job(ctx, job.id)  # or the runner called directly

    again = queries.get_job(job.id)
    assert len(calls("test-count")) == 1
    assert again.status == JobStatus.DONE and again.attempts == attempts
    assert again.finished_at == finished_at and again.result == {"counted": 3}


def test_a_job_running_in_another_worker_is_left_alone_until_it_goes_stale(ctx):
    job = _queued("test-count")
    claimed = services.claim(job.id, now=utcnow())
    db.session.commit()
    assert claimed.status == JobStatus.RUNNING and claimed.attempts == 1

    jobs.run_job(ctx, job.id)  # its heartbeat is fresh: another worker has it
    assert calls("test-count") == []
    assert queries.get_job(job.id).status == JobStatus.RUNNING

    job = queries.get_job(job.id)
    job.heartbeat_at = utcnow() - timedelta(seconds=ctx.config["JOBS_STALE_AFTER"] + 1)
    db.session.commit()
    jobs.run_job(ctx, job.id)  # that worker died: the next delivery runs it
    job = queries.get_job(job.id)
    assert job.status == JobStatus.DONE and job.attempts == 2
    assert len(calls("test-count")) == 1


def test_two_claims_of_one_job_cannot_both_win(ctx):
    job = _queued("test-count")
    now = utcnow()
    assert services.claim(job.id, now=now) is not None
    assert services.claim(job.id, now=now) is None
    db.session.rollback()


def test_a_failed_job_runs_again_and_can_succeed(ctx):
    job = jobs.start_job("test-flaky")
    failed = queries.get_job(job.id)
    assert failed.status == JobStatus.FAILED
    assert failed.error == "RuntimeError: the supplier's server did not answer"

    jobs.enqueue(failed)
    job = queries.get_job(job.id)
    assert job.status == JobStatus.DONE and job.result == "ok"
    assert job.error is None and job.attempts == 2
    assert len(calls("test-flaky")) == 2


def test_a_key_starts_a_job_once(ctx):
    first = jobs.start_job("test-count", key="count:once")
    second = jobs.start_job("test-count", key="count:once")
    assert first.id == second.id
    assert len(calls("test-count")) == 1
    assert db.session.scalar(select(func.count(Job.id))) == 1


def test_a_key_starts_a_failed_job_again(ctx):
    first = jobs.start_job("test-flaky", key="flaky:once")
    assert queries.get_job(first.id).status == JobStatus.FAILED
    second = jobs.start_job("test-flaky", key="flaky:once")
    assert second.id == first.id
    job = queries.get_job(first.id)
    assert job.status == JobStatus.DONE and job.attempts == 2


def test_a_job_the_queue_refuses_is_marked_failed_not_lost(ctx, monkeypatch):
    queue = jobs.queue_for(ctx)

    def unreachable(task):
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(queue.huey, "enqueue", unreachable)
    job = jobs.start_job("test-count")
    job = queries.get_job(job.id)
    assert job.status == JobStatus.FAILED
    assert job.error.startswith("Could not be queued: ConnectionError: Error 111")
    assert calls("test-count") == []


def test_unknown_kinds_are_refused(ctx):
    with pytest.raises(LookupError):
        jobs.start_job("no-such-job")
    with pytest.raises(ValueError):
        jobs.job("test-count")(lambda progress: None)  # one function per name


def test_job_status_changes_follow_the_table(ctx):
    job = _queued("test-count")
    with pytest.raises(services.InvalidJobTransition):
        services.finish(job, {"counted": 0})  # never claimed
    with pytest.raises(services.InvalidJobTransition):
        services.report_progress(job, done=1)
    claimed = services.claim(job.id)
    services.finish(claimed, None)
    with pytest.raises(services.InvalidJobTransition):
        services.fail(claimed, "too late")
    db.session.rollback()


def test_queries_read_recent_and_latest_jobs(ctx):
    a = jobs.start_job("test-count", params={"items": 1})
    b = jobs.start_job("test-fail")
    c = jobs.start_job("test-count", params={"items": 2})
    assert [j.id for j in queries.recent_jobs()] == [c.id, b.id, a.id]
    assert [j.id for j in queries.recent_jobs(kind="test-fail")] == [b.id]
    assert queries.latest_job("test-count").id == c.id
    assert queries.latest_job("prune-accounts") is None
    assert queries.get_job(10**9) is None


def test_huey_retries_a_job_whose_options_allow_it(ctx):
    job = queries.get_job(jobs.start_job("test-flaky-retried").id)
    assert job.status == JobStatus.DONE and job.result == "ok"
    assert job.attempts == 2 and job.error is None


def test_progress_starts_again_with_each_attempt(ctx):
    job = queries.get_job(jobs.start_job("test-fail", params={"at": 3}).id)
    assert (job.progress_done, job.progress_total, job.message) == (3, 4, "Halfway")
    again = services.claim(job.id)
    assert (again.progress_done, again.progress_total, again.message) == (0, None, "")
    assert again.attempts == 2 and again.error is None and again.finished_at is None
    db.session.rollback()


def test_a_queued_job_whose_kind_is_gone_fails_with_a_reason(ctx):
    job = _queued("retired-kind")
    with pytest.raises(LookupError):
        jobs.run_job(ctx, job.id)
    job = queries.get_job(job.id)
    assert job.status == JobStatus.FAILED
    assert job.error == "LookupError: no job named 'retired-kind' is registered"
