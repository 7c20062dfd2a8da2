"""A real consumer (``flask --app app jobs worker`` in its own process) runs a queued job:
once with the queue in a SQLite file, once in Redis. Each test is bounded in time and
always stops its consumer."""

import os
import subprocess
import sys
import time
import uuid
from datetime import timedelta

import pytest

from shop import jobs
from shop.accounts.models import LoginThrottle
from shop.db import utcnow
from shop.extensions import db
from shop.jobs_state import queries
from shop.jobs_state.models import JobStatus
from tests.harness import IN_CI, make_test_app

PROJECT_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
DEADLINE = 30  # seconds for the consumer to start and finish the job


def _redis_available() -> bool:
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
        return True
    except Exception:  # noqa: BLE001
        return False


def _start_consumer(url: str, queue: dict[str, str], log_path) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HUEY_")}
    env.update({"SHOP_ENV": "testing", "DATABASE_URL": url, "HUEY_IMMEDIATE": "0",
                "LOG_LEVEL": "INFO", **queue})
    with open(log_path, "wb") as log:
        return subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "app", "jobs", "worker",
             "--workers", "1", "--max-delay", "0.5"],
            cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()  # SIGTERM: the consumer stops at once
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _run_one_job_through_a_consumer(database_factory, tmp_path, label: str,
                                    queue: dict[str, str]) -> None:
    url = database_factory(label)
    app = make_test_app(url, HUEY_IMMEDIATE=False, **queue)
    log_path = tmp_path / "consumer.log"
    with app.app_context():
        try:
            db.create_all()
            db.session.add(LoginThrottle(key="stale", failures=9,
                                         last_failure_at=utcnow() - timedelta(days=2)))
            db.session.commit()
            job = jobs.start_job("prune-accounts")  # recorded, committed, queued, not run
            job_id = job.id
            assert queries.get_job(job_id).status == JobStatus.QUEUED
            assert jobs.huey.pending_count() == 1

            consumer = _start_consumer(url, queue, log_path)
            try:
                job = _wait_until_finished(job_id, consumer, log_path)
            finally:
                _stop(consumer)
            log = log_path.read_text()
            assert job.status == JobStatus.DONE, f"{job.status}: {job.error}\n{log}"
            assert job.result == {"sign_in_counters": 1, "used_links": 0, "sessions": 0}
            assert (job.progress_done, job.progress_total) == (1, 1)
            assert job.attempts == 1 and job.started_at and job.finished_at
            assert db.session.query(LoginThrottle).count() == 0
            assert "Huey consumer started" in log and "shop.jobs.prune-accounts" in log
            assert jobs.huey.pending_count() == 0
        finally:
            jobs.huey.flush()  # whatever is left in this test's queue
            db.session.remove()
            db.engine.dispose()


def _wait_until_finished(job_id: int, consumer: subprocess.Popen, log_path):
    deadline = time.monotonic() + DEADLINE
    while True:
        db.session.rollback()  # a new snapshot on every look
        job = queries.get_job(job_id)
        if job.is_finished:
            return job
        if consumer.poll() is not None:
            pytest.fail(f"the consumer exited ({consumer.returncode}) with job {job_id} "
                        f"{job.status}:\n{log_path.read_text()}")
        if time.monotonic() > deadline:
            pytest.fail(f"job {job_id} still {job.status} after {DEADLINE} s; "
                        f"consumer log:\n{log_path.read_text()}")
        time.sleep(0.2)


def test_a_consumer_runs_a_job_queued_in_sqlite(database_factory, tmp_path):
    queue = {"HUEY_SQLITE_PATH": str(tmp_path / "queue.sqlite"),
             "HUEY_NAME": f"test_{uuid.uuid4().hex[:10]}"}
    _run_one_job_through_a_consumer(database_factory, tmp_path, "consumer_sqlite", queue)


def test_a_consumer_runs_a_job_queued_in_redis(database_factory, tmp_path):
    if not _redis_available():
        if IN_CI:
            pytest.fail("Redis is not reachable at " + REDIS_URL)
        pytest.skip(f"Redis is not reachable at {REDIS_URL}: outside CI this one test needs "
                    "a local Redis (.ci/run starts it, and in CI its absence fails)")
    name = f"shoptest_{uuid.uuid4().hex[:10]}"  # a queue of its own
    queue = {"HUEY_REDIS_URL": REDIS_URL, "HUEY_NAME": name}
    _run_one_job_through_a_consumer(database_factory, tmp_path, "consumer_redis", queue)

    import redis

    leftovers = list(redis.Redis.from_url(REDIS_URL).scan_iter(f"huey.*{name}*"))
    assert leftovers == []
