"""The progress partial and page: a <progress> element and the job's message, and a page
that reloads itself (no JavaScript) until the job is done or failed."""

from flask import render_template, render_template_string

from shop import jobs
from shop.db import utcnow
from shop.extensions import db
from shop.jobs_state import queries, services

PARTIAL = ('{% from "jobs/_progress.html" import job_progress, job_refresh %}'
           '<head>{{ job_refresh(job) }}</head>{{ job_progress(job, "Price list import") }}')
REFRESH = '<meta http-equiv="refresh" content="2">'


def _render(app, job) -> str:
    with app.test_request_context("/"):
        return render_template_string(PARTIAL, job=job)


def test_a_queued_job_waits_and_refreshes(ctx):
    job, _ = services.create_job("test-count")
    db.session.commit()
    html = _render(ctx, job)
    assert REFRESH in html
    assert "Price list import" in html and "Waiting for a worker" in html
    assert "<progress" in html and "value=" not in html  # indeterminate


def test_a_running_job_shows_how_far_it_got(ctx):
    job, _ = services.create_job("test-count")
    db.session.commit()
    job = services.claim(job.id, now=utcnow())
    services.report_progress(job, done=1234, total=5000, message="Row 1,234 of 5,000")
    db.session.commit()
    html = _render(ctx, queries.get_job(job.id))
    assert REFRESH in html
    assert 'max="5000" value="1234"' in html and ">24%</progress>" in html
    assert "24% · 1,234 of 5,000 · Row 1,234 of 5,000" in html
    assert 'role="status"' in html


def test_a_running_job_without_a_total_is_indeterminate(ctx):
    job, _ = services.create_job("test-count")
    db.session.commit()
    job = services.claim(job.id, now=utcnow())
    services.report_progress(job, message="Reading the file")
    db.session.commit()
    html = _render(ctx, queries.get_job(job.id))
    assert REFRESH in html and "value=" not in html
    assert "Running · Reading the file" in html


def test_a_done_job_shows_its_result_and_stops_refreshing(ctx):
    job = queries.get_job(jobs.start_job("test-count", params={"items": 1200}).id)
    html = _render(ctx, job)
    assert REFRESH not in html
    assert 'max="1" value="1"' in html and "Done at " in html and " UTC, in " in html
    assert "<dt>Counted</dt><dd>1,200</dd>" in html


def test_a_failed_job_shows_why_and_stops_refreshing(ctx):
    job = queries.get_job(jobs.start_job("test-fail", params={"at": 1}).id)
    html = _render(ctx, job)
    assert REFRESH not in html
    assert 'role="alert"' in html
    assert "after 1 of 4: ValueError: bad row 1" in html


def test_the_page_template_refreshes_itself_in_its_head(ctx):
    job, _ = services.create_job("test-count")
    db.session.commit()
    with ctx.test_request_context("/"):
        html = render_template("jobs/job.html", job=job, title="Import price list",
                               back_url="/admin/", back_label="Back to the dashboard")
    head, _, body = html.partition("</head>")
    assert REFRESH in head and REFRESH not in body
    assert '<meta name="robots" content="noindex">' in head
    assert "<h1>Import price list</h1>" in body and f"Job {job.id} · test-count" in body
    assert '<a href="/admin/">Back to the dashboard</a>' in body
    assert "<script>" not in html  # works without JavaScript (and within the CSP)

    job = queries.get_job(jobs.start_job("test-count").id)
    with ctx.test_request_context("/"):
        html = render_template("jobs/job.html", job=job)
    assert REFRESH not in html and "<h1>test-count</h1>" in html
