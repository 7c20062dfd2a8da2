"""Low stock: thresholds, the ``low_stock`` query the dashboard reads, and the daily mail to
staff (read from the outbox)."""

from __future__ import annotations

from datetime import datetime, timedelta

from shop import jobs
from shop.db import utcnow
from shop.extensions import db
from shop.inventory import adjustments
from shop.inventory import services as inventory
from shop.inventory.queries import (
    arriving_for,
    arriving_this_week,
    low_stock,
    low_stock_count,
)
from tests.accounts.helpers import outbox
from tests.factories import make_user
from tests.inventory.factories import main_location, make_purchase_order, soon, stocked_product


def _setup():
    east = inventory.get_or_create_location("EAST", "East warehouse")
    out = stocked_product(0, sku="LOW-OUT", name="Gone adapter")
    at = stocked_product(3, sku="LOW-AT", name="At-threshold cable")
    fine = stocked_product(20, sku="LOW-FINE")
    split = stocked_product(1, sku="LOW-SPLIT")
    inventory.receive(split.id, east.id, 1)
    inventory.reserve(split.id, 1, order_id=5, expires_at=utcnow() + timedelta(minutes=5))
    none = stocked_product(0, sku="LOW-NONE")  # no threshold: never low
    for product, threshold in ((out, 2), (at, 3), (fine, 5), (split, 4)):
        adjustments.set_threshold(product.id, threshold, None)
    make_purchase_order([(out, 12, soon(5))])
    db.session.commit()
    return out, at, fine, split, none


def test_low_stock_lists_products_at_or_below_their_threshold(ctx):
    out, at, fine, split, none = _setup()
    rows = low_stock(10)
    assert [(r.sku, r.available, r.threshold) for r in rows] == [
        ("LOW-SPLIT", 1, 4), ("LOW-OUT", 0, 2), ("LOW-AT", 3, 3)]
    assert low_stock_count() == 3 and [r.sku for r in low_stock(1)] == ["LOW-SPLIT"]
    assert arriving_for([out.id, fine.id]) == {out.id: arriving_for([out.id])[out.id]}
    assert arriving_for([out.id])[out.id].batches == ((soon(5), 12),)


def test_products_equally_short_are_listed_by_sku_whatever_the_limit(ctx):
    main_location()
    made = [stocked_product(1, sku=sku) for sku in ("TIE-C", "TIE-A", "TIE-B")]
    worst = stocked_product(0, sku="TIE-Z")
    for product in made:
        adjustments.set_threshold(product.id, 3, None)  # two short each
    adjustments.set_threshold(worst.id, 5, None)
    db.session.commit()
    assert [r.sku for r in low_stock(10)] == ["TIE-Z", "TIE-A", "TIE-B", "TIE-C"]
    assert [r.sku for r in low_stock(3)] == ["TIE-Z", "TIE-A", "TIE-B"]
    assert [r.sku for r in low_stock(1)] == ["TIE-Z"]
    assert low_stock_count() == 4


def test_the_daily_job_mails_every_staff_member_the_list(ctx, monkeypatch):
    _setup()
    staff = make_user("stock@example.com", role="staff")
    admin = make_user("boss@example.com", role="admin")
    make_user("buyer@example.com")  # a customer: no mail
    gone = make_user("gone@example.com", role="staff", deleted_at=utcnow())
    db.session.commit()
    del staff, admin, gone
    kind = jobs.kinds()["low-stock-mail"]
    assert kind.schedule(datetime(2027, 3, 1, 6, 0)) and not kind.schedule(
        datetime(2027, 3, 1, 7, 0))
    job = jobs.start_job("low-stock-mail")
    db.session.expire_all()
    assert job.status == "done", job.error
    assert job.result == {"products": 3, "mails": 2}
    mails = outbox()
    assert sorted(m.to_address for m in mails) == ["boss@example.com", "stock@example.com"]
    text = mails[0].text_body
    assert mails[0].subject == "Low stock: 3 products"
    assert "LOW-OUT Gone adapter: 0 available, threshold 2; 12 on order" in text
    assert "LOW-AT At-threshold cable: 3 available, threshold 3" in text
    assert "LOW-FINE" not in text and "LOW-NONE" not in text
    assert "/admin/inventory?stock=low" in text


def _run_mail_job(**params) -> dict:
    job = jobs.start_job("low-stock-mail", params=params)
    db.session.expire_all()
    assert job.status == "done", job.error
    return job.result


def test_the_mail_goes_to_each_staff_member_once_a_day_unless_resent(ctx, monkeypatch):
    from shop.inventory import tasks
    from shop.inventory.models import LowStockMailSent

    _setup()
    make_user("stock@example.com", role="staff")
    db.session.commit()
    assert _run_mail_job() == {"products": 3, "mails": 1}
    again = _run_mail_job()  # started by hand the same day
    assert again["mails"] == 0 and again["already_mailed"] == 1
    assert "Mailed already on" in again["note"] and "resend=true" in again["note"]
    assert len(outbox()) == 1
    make_user("Night.Shift@example.com", role="staff")  # joined since: gets today's mail
    db.session.commit()
    third = _run_mail_job()
    assert third["mails"] == 1 and third["already_mailed"] == 1
    assert sorted(m.to_address for m in outbox()) == ["Night.Shift@example.com",
                                                      "stock@example.com"]
    cli = ctx.test_cli_runner().invoke(args=["jobs", "start", "low-stock-mail"])
    assert '"mails": 0' in cli.output and "not sent to them again" in cli.output
    assert len(outbox()) == 2
    assert _run_mail_job(resend=True) == {"products": 3, "mails": 2}
    assert len(outbox()) == 4
    tomorrow = utcnow() + timedelta(days=1)
    monkeypatch.setattr(tasks, "utcnow", lambda: tomorrow)
    assert _run_mail_job() == {"products": 3, "mails": 2}
    assert len(outbox()) == 6
    days = db.session.scalars(db.select(LowStockMailSent.day).distinct()).all()
    assert sorted(days) == [tomorrow.date() - timedelta(days=1), tomorrow.date()]


def test_the_job_sends_nothing_when_nothing_is_low(ctx):
    make_user("stock@example.com", role="staff")
    main_location()
    stocked_product(9, sku="LOW-OK")
    db.session.commit()
    job = jobs.start_job("low-stock-mail")
    db.session.expire_all()
    assert job.status == "done" and job.result == {"products": 0, "mails": 0}
    assert outbox() == []


def test_arriving_this_week_lists_open_lines_due_within_seven_days(ctx):
    from datetime import date, timedelta

    main_location()
    a, b, c = stocked_product(0, sku="ARR-A"), stocked_product(0, sku="ARR-B"), \
        stocked_product(0, sku="ARR-C")
    today = date.today()
    order = make_purchase_order([(a, 5, today + timedelta(days=2)),
                                 (b, 3, today + timedelta(days=9)),
                                 (c, 4, today - timedelta(days=1))])
    make_purchase_order([(b, 7, today + timedelta(days=1))], place=False)  # a draft
    db.session.commit()
    rows = arriving_this_week(today=today)
    assert [(r.sku, r.quantity, r.expected_on, r.purchase_order) for r in rows] == [
        ("ARR-C", 4, today - timedelta(days=1), order.number),
        ("ARR-A", 5, today + timedelta(days=2), order.number)]
