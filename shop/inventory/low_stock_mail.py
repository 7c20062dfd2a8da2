"""Which staff the daily low-stock mail still goes to today: each address is mailed once per
day (UTC), however often the job runs (the schedule, or someone starting it by hand); a
resend is asked for explicitly."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite

from shop.db import utcnow
from shop.extensions import db
from shop.inventory.models import LowStockMailSent

KEEP_DAYS = 30  # rows older than this are forgotten as the job runs


def claim_recipients(day: date, addresses: list[str], *, resend: bool = False) -> list[str]:
    """The addresses to mail on ``day``: those not mailed that day yet (all of them with
    ``resend``), each recorded as mailed. Recorded in the caller's transaction, which sends
    the mail as it commits: a run that fails records nothing, and of two runs at the same
    moment the second waits for the first and then finds the addresses taken."""
    wanted: dict[str, str] = {}  # the address as a key (lower case) → as written
    for address in (a.strip() for a in addresses):
        if address:
            wanted.setdefault(address.lower(), address)
    if not wanted:
        return []
    insert = (postgresql.insert if db.session.get_bind().dialect.name == "postgresql"
              else sqlite.insert)
    now = utcnow()
    claimed = {row[0] for row in db.session.execute(
        insert(LowStockMailSent)
        .values([{"day": day, "address": a, "sent_at": now} for a in wanted])
        .on_conflict_do_nothing(index_elements=["day", "address"])
        .returning(LowStockMailSent.address))}
    return [a for key, a in wanted.items() if resend or key in claimed]


def forget_old(today: date) -> None:
    db.session.execute(delete(LowStockMailSent).where(
        LowStockMailSent.day < today - timedelta(days=KEEP_DAYS)))
