"""Jobs of the inventory: the daily low-stock mail to staff; building an import's preview,
applying it, and forgetting old imports.

All are safe to run twice. The preview job builds the preview of the revision it was
started for, only while the import waits for it (a rerun replaces the rows an interrupted
run left), committing its rows with each progress report. The apply job applies only an
import still ``applying`` and commits once, at the end: all of it or nothing (see
``shop.inventory.imports.apply`` for how it reports progress meanwhile).
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app, render_template
from huey import crontab
from sqlalchemy.orm import Session

from shop.accounts.queries import staff_emails
from shop.audit import services as audit
from shop.db import utcnow
from shop.errors import DomainError
from shop.extensions import db
from shop.inventory import low_stock_mail as low_stock_mail_log
from shop.inventory.imports import files, services
from shop.inventory.imports.apply import StalePlan
from shop.inventory.imports.models import ImportStatus
from shop.inventory.imports.queries import get_import
from shop.inventory.queries import arriving_for, low_stock, low_stock_count
from shop.jobs import Progress, job
from shop.jobs_state import services as job_services
from shop.jobs_state.models import Job, JobStatus
from shop.mail import absolute_url, send_mail


@job("catalog-import-preview")
def preview_import(progress: Progress, *, import_id: int, revision: int) -> dict:
    imp = get_import(import_id)
    if imp is None or imp.status != ImportStatus.UPLOADED or imp.revision != revision:
        return {"skipped": "this preview is built already or no longer wanted"}

    def report(done: int, total: int, message: str) -> None:
        progress.update(done, total or None, message)

    settings = services.settings_from(current_app.config)
    try:
        return services.build_preview(get_import(import_id), report=report, settings=settings)
    except Exception:
        db.session.rollback()
        services.preview_failed(get_import(import_id), settings=settings)
        db.session.commit()
        raise


def _side_report(job_id: int):
    """Progress of a job whose own transaction must stay open: written through a session
    of its own on PostgreSQL; on SQLite (one writer at a time, and the job holds the write
    lock) not written until the job ends."""
    if db.engine.dialect.name == "sqlite":
        return lambda done, total, message: None

    def report(done: int, total: int, message: str) -> None:
        with Session(db.engine) as session:
            found = session.get(Job, job_id)
            if found is not None and found.status == JobStatus.RUNNING:
                job_services.report_progress(found, done=done, total=total, message=message)
                session.commit()

    return report


@job("catalog-import-apply")
def apply_import(progress: Progress, *, import_id: int, actor_id: int | None = None) -> dict:
    imp = get_import(import_id)
    if imp is None:
        return {"skipped": "no such import"}
    if imp.status == ImportStatus.APPLIED:
        return imp.result or {}
    if imp.status != ImportStatus.APPLYING:
        return {"skipped": f"the import is {imp.status}"}
    progress.update(0, imp.changes + imp.unchanged, "Applying in one transaction")
    try:
        result = services.apply_import(get_import(import_id), actor_id=actor_id,
                                       report=_side_report(progress.job_id))
        if result is not None:  # the back office's audit log follows the job's writes too
            audit.record("catalog-import-apply", "product_import", import_id, None, result,
                         actor_id=actor_id, operation="job")
        db.session.commit()
    except StalePlan as exc:
        db.session.rollback()
        services.refuse(get_import(import_id), ImportStatus.STALE, exc.args[0])
        db.session.commit()
        return {"refused": exc.args[0]}
    except DomainError as exc:
        db.session.rollback()
        services.refuse(get_import(import_id), ImportStatus.FAILED, str(exc))
        db.session.commit()
        return {"failed": str(exc)}
    except Exception:
        db.session.rollback()
        services.refuse(get_import(import_id), ImportStatus.FAILED,
                        "An unexpected error stopped the apply; nothing was written.")
        db.session.commit()
        raise
    return result if result is not None else {"skipped": "applied already"}


@job("prune-imports", schedule=crontab(minute="55", hour="3"))
def prune_imports(progress: Progress) -> dict:
    """Daily: forget imports (their preview rows and files) older than IMPORT_KEEP_DAYS."""
    days = int(current_app.config.get("IMPORT_KEEP_DAYS") or 30)
    paths = services.prune(utcnow() - timedelta(days=days))
    db.session.commit()
    for path in paths:
        files.delete(current_app.config["UPLOAD_DIR"], path)
    return {"imports": len(paths)}


MAIL_LIMIT = 200  # products listed in one mail; the link shows them all


@job("low-stock-mail", schedule=crontab(minute="0", hour="6"))
def low_stock_mail(progress: Progress, *, resend: bool = False) -> dict[str, object]:
    """Daily at 06:00 UTC: mail every staff member the products at or below their low-stock
    threshold (nothing when none are). Each staff member gets it once a day (UTC): a run on
    a day it was sent already mails only staff who have not had it, and says so; ``resend``
    (``flask jobs start low-stock-mail --param resend=true``) sends it to everyone again.
    Mails are stored or sent when the job's transaction commits, with the record of who got
    them, so a run that fails sends nothing and a retry sends the mail once."""
    rows = low_stock(MAIL_LIMIT)
    if not rows:
        return {"products": 0, "mails": 0}
    total = low_stock_count()
    staff = staff_emails()
    progress.update(0, len(staff), f"{total} products are low on stock")
    today = utcnow().date()
    low_stock_mail_log.forget_old(today)
    recipients = low_stock_mail_log.claim_recipients(today, staff, resend=bool(resend))
    result: dict[str, object] = {"products": total, "mails": len(recipients)}
    if len(recipients) < len(staff):
        result["already_mailed"] = len(staff) - len(recipients)
        result["note"] = (f"Mailed already on {today.isoformat()} (UTC) to "
                          f"{len(staff) - len(recipients)} of {len(staff)} staff: not sent "
                          "to them again. Start the job with resend=true to send it again.")
    if not recipients:
        return result
    arriving = arriving_for([row.product_id for row in rows])
    text = render_template("inventory/mail/low_stock.txt", rows=rows, total=total,
                           arriving=arriving,
                           link=absolute_url("admin.inventory", stock="low"))
    subject = f"Low stock: {total} product{'s' if total != 1 else ''}"
    for address in recipients:
        send_mail(address, subject, text)
    return result
