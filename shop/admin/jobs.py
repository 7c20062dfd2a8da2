"""Background jobs: the latest runs and one job's progress (a page that follows it until it
finishes, without JavaScript)."""

from __future__ import annotations

from flask import abort, render_template, url_for

from shop.admin.blueprint import bp
from shop.jobs_state.queries import get_job, recent_jobs
from shop.security import staff_required


@bp.get("/jobs")
@staff_required
def jobs():
    return render_template("admin/jobs.html", jobs=recent_jobs(50))


@bp.get("/jobs/<int:job_id>")
@staff_required
def job(job_id: int):
    found = get_job(job_id)
    if found is None:
        abort(404)
    return render_template("jobs/job.html", job=found, title=f"Job {found.id}: {found.kind}",
                           back_url=url_for("admin.jobs"), back_label="All jobs")
