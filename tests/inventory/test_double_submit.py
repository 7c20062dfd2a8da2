"""The same form sent twice at the same moment changes stock once: a delivery received, an
adjustment, a count posted. Each pair of requests runs in two threads with their own
sessions; on PostgreSQL they really overlap (SQLite serialises writers)."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from shop.errors import DomainError
from shop.extensions import db
from shop.inventory import adjustments, counts, purchasing
from shop.inventory.models import StockLevel, StockMovement
from tests.inventory.factories import main_location, make_purchase_order, stocked_product


def twice(ctx, work) -> list[str]:
    """Run ``work()`` and commit in two threads at once; the outcome of each."""
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def one():
        with ctx.app_context():
            try:
                barrier.wait(10)
                work()
                db.session.commit()
                outcomes.append("done")
            except DomainError as exc:
                db.session.rollback()
                outcomes.append(type(exc).__name__)
            except Exception as exc:  # a unique key refused the second one
                db.session.rollback()
                outcomes.append(type(exc).__name__)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=one) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return sorted(outcomes)


def _on_hand(product_id: int) -> int:
    db.session.expire_all()
    return db.session.scalar(select(StockLevel.on_hand).where(
        StockLevel.product_id == product_id))


def test_a_delivery_received_twice_at_once_counts_once(ctx):
    product = stocked_product(0)
    order = make_purchase_order([(product, 10, None)])
    db.session.commit()
    order_id, line_id, product_id = order.id, order.lines[0].id, product.id
    outcomes = twice(ctx, lambda: purchasing.receive(order_id, {line_id: 4}, actor_id=None,
                                                     request_key="same-form"))
    assert outcomes[0] == "AlreadyRecorded" or outcomes[0] == "IntegrityError", outcomes
    assert outcomes[1] == "done"
    assert _on_hand(product_id) == 4
    assert db.session.scalar(select(func.count(StockMovement.id)).where(
        StockMovement.purchase_order_id == order_id)) == 1


def test_an_adjustment_sent_twice_at_once_applies_once(ctx):
    product = stocked_product(10)
    location = main_location()
    db.session.commit()
    product_id, location_id = product.id, location.id
    outcomes = twice(ctx, lambda: adjustments.adjust_stock(
        product_id, location_id, -2, reason="damaged", note="Dropped", actor_id=None,
        request_key="adjust-form"))
    assert outcomes[1] == "done" and outcomes[0] in ("AlreadyRecorded", "IntegrityError")
    assert _on_hand(product_id) == 8


def test_a_count_posted_twice_at_once_posts_once(ctx):
    product = stocked_product(10)
    count = counts.start_count(main_location().id, "Spot check", None)
    counts.record_by_product(count, {product.id: 7})
    db.session.commit()
    count_id, product_id = count.id, product.id
    outcomes = twice(ctx, lambda: counts.post_count(count_id, None))
    assert outcomes[1] == "done" and outcomes[0] in ("AlreadyRecorded", "IntegrityError")
    assert _on_hand(product_id) == 7
