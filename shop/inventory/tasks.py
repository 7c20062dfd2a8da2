"""Inventory jobs: the daily low-stock mail to staff."""

from __future__ import annotations

from flask import render_template
from huey import crontab

from shop.accounts.queries import staff_emails
from shop.inventory.queries import arriving_for, low_stock, low_stock_count
from shop.jobs import Progress, job
from shop.mail import absolute_url, send_mail

MAIL_LIMIT = 200  # products listed in one mail; the link shows them all


@job("low-stock-mail", schedule=crontab(minute="0", hour="6"))
def low_stock_mail(progress: Progress) -> dict[str, int]:
    """Daily at 06:00 UTC: mail every staff member the products at or below their low-stock
    threshold (nothing when none are). Mails are stored or sent when the job's transaction
    commits, so a run that fails sends nothing and a retry sends the mail once."""
    rows = low_stock(MAIL_LIMIT)
    if not rows:
        return {"products": 0, "mails": 0}
    total = low_stock_count()
    recipients = staff_emails()
    progress.update(0, len(recipients), f"{total} products are low on stock")
    arriving = arriving_for([row.product_id for row in rows])
    text = render_template("inventory/mail/low_stock.txt", rows=rows, total=total,
                           arriving=arriving,
                           link=absolute_url("admin.inventory", stock="low"))
    subject = f"Low stock: {total} product{'s' if total != 1 else ''}"
    for address in recipients:
        send_mail(address, subject, text)
    return {"products": total, "mails": len(recipients)}
