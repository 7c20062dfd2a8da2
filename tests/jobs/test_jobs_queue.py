"""The queue comes from config, is built on first use (never by the factory), and the
``flask jobs`` commands drive it."""

import os

from huey import RedisHuey, SqliteHuey
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage
from sqlalchemy import select

from shop import jobs
from shop.extensions import db
from shop.jobs_state import queries
from shop.jobs_state.models import Job, JobStatus
from tests.harness import make_test_app


def test_the_factory_does_not_build_the_queue(database_factory, tmp_path):
    path = tmp_path / "queue.sqlite"
    app = make_test_app(database_factory("lazy"), HUEY_IMMEDIATE=False,
                        HUEY_SQLITE_PATH=str(path))
    queue = jobs.queue_for(app)
    assert not queue.built and not path.exists()
    huey = queue.huey
    assert queue.built and path.exists()
    assert isinstance(huey, SqliteHuey) and isinstance(huey.storage, SqliteStorage)
    assert huey.storage.filename == str(path) and not huey.immediate
    assert huey.name == "shop" and huey.results is False
    assert {"prune-accounts", "prune-accounts@schedule"} <= {
        name.rpartition(".")[2] for name in huey._registry._registry}
    huey.storage.close()


def test_sqlite_in_the_instance_folder_by_default(database_factory, monkeypatch):
    built = []
    monkeypatch.setattr(jobs, "SqliteHuey", lambda name, **kw: built.append((name, kw)))
    app = make_test_app(database_factory("default"), HUEY_IMMEDIATE=False)
    jobs.build_huey(app.config, app.instance_path)  # (not created: the test leaves it alone)
    assert built == [("shop", {"filename": os.path.join(app.instance_path, "huey.sqlite"),
                               "results": False, "utc": True, "immediate": False})]


def test_redis_when_a_url_is_set(database_factory):
    app = make_test_app(database_factory("redis"), HUEY_IMMEDIATE=False, HUEY_NAME="orders",
                        HUEY_REDIS_URL="redis://127.0.0.1:6379/3")
    huey = jobs.build_huey(app.config, app.instance_path)  # connects on first command only
    assert isinstance(huey, RedisHuey) and isinstance(huey.storage, RedisStorage)
    assert huey.storage.queue_key == "huey.redis.orders"
    assert huey.storage.pool.connection_kwargs["db"] == 3


def test_testing_runs_tasks_immediately_in_memory(ctx):
    huey = jobs.queue_for(ctx).huey
    assert huey.immediate and isinstance(huey.storage, MemoryStorage)
    assert jobs.huey.immediate  # the module's proxy reads the current app's queue


def test_each_app_keeps_its_own_queue(ctx, database_factory, tmp_path):
    other = make_test_app(database_factory("other"), HUEY_IMMEDIATE=False,
                          HUEY_SQLITE_PATH=str(tmp_path / "q.sqlite"))
    assert jobs.queue_for(other) is not jobs.queue_for(ctx)
    assert not jobs.queue_for(other).built
    assert jobs.huey.immediate  # the app in context is still the testing one


def test_the_worker_refuses_immediate_mode(ctx):
    result = ctx.test_cli_runner().invoke(args=["jobs", "worker"])
    assert result.exit_code != 0
    assert "HUEY_IMMEDIATE is on" in result.output


def test_jobs_start_and_list_from_the_command_line(ctx):
    runner = ctx.test_cli_runner()
    result = runner.invoke(args=["jobs", "start", "test-count", "--param", "items=2"])
    assert result.exit_code == 0, result.output
    job = db.session.scalar(select(Job).where(Job.kind == "test-count"))
    assert f"Job {job.id} (test-count): done" in result.output
    assert 'Result: {"counted": 2}' in result.output
    assert queries.get_job(job.id).params == {"items": 2}

    result = runner.invoke(args=["jobs", "start", "test-fail", "--param", "at=3"])
    assert result.exit_code == 0, result.output
    assert "failed" in result.output and "Error: ValueError: bad row 3" in result.output

    result = runner.invoke(args=["jobs", "list"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == 2
    assert "test-fail" in lines[0] and "failed" in lines[0] and "bad row 3" in lines[0]
    assert "test-count" in lines[1] and "done" in lines[1] and '{"counted": 2}' in lines[1]

    result = runner.invoke(args=["jobs", "start", "no-such-job"])
    assert result.exit_code != 0 and "prune-accounts" in result.output
    result = runner.invoke(args=["jobs", "start", "test-count", "--param", "items"])
    assert result.exit_code != 0 and "NAME=VALUE" in result.output
    assert queries.latest_job("test-count").status == JobStatus.DONE
