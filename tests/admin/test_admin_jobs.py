"""Background jobs in the back office: the latest runs and a page that follows one."""

from shop import jobs
from shop.extensions import db
from shop.jobs_state.models import Job, JobStatus
from tests.accounts.helpers import login, user


def test_staff_follow_a_job_until_it_finishes(app, client):
    with app.app_context():
        user("staff@example.com", role="staff")
        user("cust@example.com")
        running = Job(kind="catalog-import", status=JobStatus.RUNNING, params={},
                      progress_done=250, progress_total=1000, message="Row 250 of 1,000")
        db.session.add(running)
        db.session.commit()
        running_id = running.id
        done_id = jobs.start_job("prune-changes").id
    login(client, "cust@example.com")
    assert client.get(f"/admin/jobs/{running_id}").status_code == 403
    client.post("/account/logout")

    login(client, "staff@example.com")
    listing = client.get("/admin/jobs").text
    assert f"/admin/jobs/{running_id}" in listing and "250 of 1000" in listing
    assert "prune-changes" in listing and "Background jobs" in client.get("/admin/").text
    page = client.get(f"/admin/jobs/{running_id}").text
    assert 'http-equiv="refresh"' in page and "Row 250 of 1,000" in page
    assert "<progress" in page
    finished = client.get(f"/admin/jobs/{done_id}").text
    assert 'http-equiv="refresh"' not in finished and "done" in finished.lower()
    assert client.get("/admin/jobs/999999").status_code == 404
