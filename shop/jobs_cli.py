"""``flask jobs …``: run the job consumer, start a job by hand, list recent jobs."""

from __future__ import annotations

import json

import click
from flask import Flask, current_app
from flask.cli import AppGroup

jobs_cli = AppGroup("jobs", help="Background jobs: the consumer and the job records.")


@jobs_cli.command("worker")
@click.option("-w", "--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker threads (jobs run at the same time in this process).")
@click.option("--no-periodic", is_flag=True,
              help="Do not run scheduled jobs (when another consumer runs the schedule).")
@click.option("--max-delay", type=click.FloatRange(0.1, 60), default=2.0, show_default=True,
              help="Longest pause, in seconds, between looks at an empty SQLite queue.")
def worker(workers: int, no_periodic: bool, max_delay: float) -> None:
    """Run the job consumer until stopped (Ctrl-C or SIGINT lets running jobs finish;
    SIGTERM stops at once; SIGHUP restarts)."""
    from shop.jobs import run_consumer

    try:
        run_consumer(current_app._get_current_object(), workers=workers,
                     periodic=not no_periodic, max_delay=max_delay)
    except RuntimeError as exc:
        raise click.ClickException(str(exc)) from exc


@jobs_cli.command("start")
@click.argument("kind")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="A parameter for the job (VALUE is read as JSON when it parses).")
@click.option("--key", default=None, help="Start the job only once for this key.")
def start(kind: str, params: tuple[str, ...], key: str | None) -> None:
    """Queue the job KIND now (in immediate mode: run it now)."""
    from shop.jobs import kinds, start_job
    from shop.jobs_state.queries import get_job

    if kind not in kinds():
        raise click.BadParameter(f"choose one of {', '.join(sorted(kinds()))}",
                                 param_hint="KIND")
    values = {}
    for item in params:
        name, sep, raw = item.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"{item!r} is not NAME=VALUE", param_hint="--param")
        try:
            values[name] = json.loads(raw)
        except ValueError:
            values[name] = raw
    job_row = start_job(kind, params=values, key=key)
    job_row = get_job(job_row.id)
    click.echo(f"Job {job_row.id} ({job_row.kind}): {job_row.status}")
    if job_row.result is not None:
        click.echo(f"Result: {json.dumps(job_row.result, sort_keys=True)}")
    if job_row.error:
        click.echo(f"Error: {job_row.error}")


@jobs_cli.command("list")
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True)
@click.option("--kind", default=None, help="Only jobs of this kind.")
def list_jobs(limit: int, kind: str | None) -> None:
    """Recent jobs, newest first."""
    from shop.jobs_state.queries import recent_jobs

    for row in recent_jobs(limit, kind=kind):
        progress = f"{row.progress_done}/{row.progress_total}" if row.progress_total else ""
        created = row.created_at.strftime("%Y-%m-%d %H:%M:%S")
        if row.status == "done":
            note = json.dumps(row.result, sort_keys=True) if row.result is not None else ""
        else:
            note = row.error or row.message
        click.echo(f"{row.id:>6}  {created}  {row.kind:<24} {row.status:<8} {progress:<11} "
                   f"{note}".rstrip())


def register_jobs_cli(app: Flask) -> None:
    app.cli.add_command(jobs_cli)
