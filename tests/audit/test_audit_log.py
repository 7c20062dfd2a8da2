"""The audit log: back-office changes are recorded without the views' help (who, when, what,
before → after), rows cannot be changed or deleted, the page filters, and only staff see it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete, func, select, text, update
from sqlalchemy.exc import DBAPIError

from shop.audit import services as audit
from shop.audit.exceptions import AuditLogIsAppendOnly
from shop.audit.models import AuditEntry
from shop.extensions import db
from shop.orders.models import Order
from tests.accounts.helpers import account, login
from tests.factories import make_product
from tests.orders.factories import make_order


def _entries(app, *where):
    with app.app_context():
        rows = db.session.scalars(select(AuditEntry).where(*where).order_by(AuditEntry.id)).all()
        for row in rows:
            db.session.expunge(row)
        return rows


def _invoice_order(app):
    with app.app_context():
        order = make_order([(make_product(stock=5, price_cents=100_00), 2)])
        db.session.commit()
        return order.id


def test_a_staff_order_action_is_recorded_with_before_and_after(app, client):
    staff = account(app, "staff@example.com", role="staff")
    order_id = _invoice_order(app)
    assert _entries(app) == []  # setup outside a back-office request leaves no entries
    login(client, "staff@example.com")
    assert client.post(f"/admin/orders/{order_id}/mark-paid",
                       data={"note": "Transfer seen"}).status_code == 302
    [order_row] = _entries(app, AuditEntry.target_type == "Order")
    assert order_row.action == "admin.order_action:mark-paid"
    assert order_row.operation == "update" and order_row.target_id == str(order_id)
    assert (order_row.actor_id, order_row.actor_email) == (staff.id, "staff@example.com")
    assert order_row.before["status"] == "awaiting_payment"
    assert order_row.after["status"] == "paid"
    # The event row the service added is there too, as an insert, in the same request.
    [event] = _entries(app, AuditEntry.target_type == "OrderEvent")
    assert event.operation == "insert" and event.after["note"] == "Transfer seen"
    assert event.request_id == order_row.request_id != ""

    assert client.post(f"/admin/orders/{order_id}/pack", data={}).status_code == 302
    assert client.post(f"/admin/orders/{order_id}/ship", data={
        "carrier": "DHL", "tracking_number": "JD0001"}).status_code == 302
    shipped = _entries(app, AuditEntry.action == "admin.order_ship",
                       AuditEntry.target_type == "Order")
    assert [(e.before, e.after) for e in shipped] == [(
        {"status": "packed", "carrier": "", "tracking_number": ""},
        {"status": "shipped", "carrier": "DHL", "tracking_number": "JD0001"})]
    # Stock moved by statements (not objects) is recorded as bulk changes of the levels.
    assert _entries(app, AuditEntry.action == "admin.order_ship",
                    AuditEntry.operation == "bulk update",
                    AuditEntry.target_type == "StockLevel")


def test_a_refused_action_leaves_no_entry(app, client):
    account(app, "staff@example.com", role="staff")
    order_id = _invoice_order(app)
    login(client, "staff@example.com")
    client.post(f"/admin/orders/{order_id}/deliver", data={})  # not allowed: rolled back
    assert _entries(app) == []


def test_requests_outside_the_back_office_are_not_recorded(app, client):
    account(app, "cust@example.com")
    login(client, "cust@example.com")
    client.get("/account/profile")
    client.post("/account/logout")
    assert _entries(app) == []


def test_secrets_are_masked(ctx):
    entry = audit.record("admin.something", "User", 7, {"password_hash": "scrypt:abc"},
                         {"password_hash": "scrypt:def", "api_token": "t0k", "role": "staff"},
                         actor_id=None)
    assert entry.before == {"password_hash": "••••"}
    assert entry.after == {"password_hash": "••••", "api_token": "••••", "role": "staff"}


def test_record_names_the_actor_and_needs_an_action(ctx):
    from tests.factories import make_user

    user = make_user("boss@example.com", role="admin")
    entry = audit.record("stock.bulk_reprice", "Product", None, None, {"rows": 120},
                         actor_id=user.id)
    assert (entry.actor_email, entry.target_id, entry.operation) == (
        "boss@example.com", "", "statement")
    from shop.errors import ValidationError

    with pytest.raises(ValidationError):
        audit.record("", "Product", 1, None, None, actor_id=None)


def test_audit_rows_cannot_be_changed_or_deleted_through_the_orm(ctx):
    entry = audit.record("admin.x", "Order", 1, {"status": "paid"}, {"status": "packed"},
                         actor_id=None, actor_email="a@example.com")
    db.session.commit()
    entry.after = {"status": "cancelled"}
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    db.session.delete(entry)
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.execute(update(AuditEntry).values(action="admin.y"))
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.execute(delete(AuditEntry).where(AuditEntry.id == entry.id))
    db.session.rollback()
    # The database refuses an UPDATE too, whoever sends it.
    with pytest.raises(DBAPIError, match="cannot be changed"):
        db.session.execute(text("UPDATE audit_entry SET action = 'admin.z'"))
    db.session.rollback()
    stored = db.session.get(AuditEntry, entry.id)
    db.session.refresh(stored)
    assert (stored.action, stored.after) == ("admin.x", {"status": "packed"})


def _seed_for_filters(app):
    """Entries made on days in the past (as a core insert: an entry's time is its insert's)."""
    with app.app_context():
        old = datetime(2026, 1, 10, 12, tzinfo=UTC)
        for actor, action, kind, target, when in [
            ("ann@example.com", "admin.order_ship", "Order", 11, old),
            ("ann@example.com", "admin.order_action:pack", "Order", 12, old + timedelta(1)),
            ("bob@example.com", "admin.post_edit", "Post", 11, old + timedelta(2)),
            ("bob@example.com", "admin.user_role", "User", 3, old + timedelta(3)),
        ]:
            db.session.execute(AuditEntry.__table__.insert().values(
                created_at=when, actor_email=actor, action=action, operation="update",
                target_type=kind, target_id=str(target), after={"n": target},
                request_id=""))
        db.session.commit()


def _shown(client, query):
    page = client.get("/admin/audit" + query)
    assert page.status_code == 200, page.text
    return {a for a in ("admin.order_ship", "admin.order_action:pack", "admin.post_edit",
                        "admin.user_role") if f"<code>{a}</code>" in page.text}


def test_the_audit_page_filters(app, client):
    _seed_for_filters(app)
    account(app, "staff@example.com", role="staff")
    login(client, "staff@example.com")
    everything = {"admin.order_ship", "admin.order_action:pack", "admin.post_edit",
                  "admin.user_role"}
    assert _shown(client, "") == everything
    assert _shown(client, "?actor=bob") == {"admin.post_edit", "admin.user_role"}
    assert _shown(client, "?action=admin.order") == {"admin.order_ship",
                                                     "admin.order_action:pack"}
    assert _shown(client, "?target_type=Order&target_id=11") == {"admin.order_ship"}
    assert _shown(client, "?target_id=11") == {"admin.order_ship", "admin.post_edit"}
    assert _shown(client, "?since=2026-01-11&until=2026-01-12") == {
        "admin.order_action:pack", "admin.post_edit"}
    # A malformed date is shown as an error and filters nothing; no 500.
    bad = client.get("/admin/audit?since=yesterday&until=2026-01-10")
    assert bad.status_code == 200 and "Not a valid date value." in bad.text
    assert "admin.order_ship" in bad.text and "admin.post_edit" not in bad.text
    backwards = client.get("/admin/audit?since=2026-01-12&until=2026-01-10")
    assert "The end comes before the start." in backwards.text
    assert client.get("/admin/audit?page=9").status_code == 404
    # The dashboard links to it.
    assert 'href="/admin/audit"' in client.get("/admin/").text


def test_the_audit_page_is_for_staff_only(app, client):
    assert client.get("/admin/audit").status_code == 302
    account(app, "cust@example.com")
    login(client, "cust@example.com")
    assert client.get("/admin/audit").status_code == 403
    client.post("/account/logout")
    account(app, "admin@example.com", role="admin")
    login(client, "admin@example.com")
    assert client.get("/admin/audit").status_code == 200


def test_there_is_no_route_that_changes_an_entry(app):
    rules = [r for r in app.url_map.iter_rules() if "audit" in r.rule]
    assert rules and all(r.methods <= {"GET", "HEAD", "OPTIONS"} for r in rules)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Order)) == 0


def test_one_row_per_object_and_rolled_back_changes_leave_none(clean):
    """Inside an audited request: two flushes of one object make one row (first before,
    last after); what a savepoint's rollback undid is forgotten with it."""
    from flask import g

    from shop.audit.capture import Actor
    from tests.factories import make_user

    with clean.app_context():
        target = make_user("target@example.com")
        db.session.commit()
        target_id = target.id
    with clean.test_request_context("/admin/users"):
        g.audit_actor = Actor(1, "boss@example.com", "admin.user_role", "req-1")
        user = db.session.get(type(target), target_id)
        user.display_name = "First"
        db.session.flush()
        user.display_name = "Second"
        user.password_hash = "scrypt:new-secret"
        db.session.flush()
        try:
            with db.session.begin_nested():
                make_user("ghost@example.com")
                raise RuntimeError("undo the savepoint")
        except RuntimeError:
            pass
        db.session.commit()
    rows = _entries(clean)
    assert [(r.operation, r.target_type, r.target_id) for r in rows] == [
        ("update", "User", str(target_id))]
    assert rows[0].before == {"display_name": "", "password_hash": "••••"}
    assert rows[0].after == {"display_name": "Second", "password_hash": "••••"}
    assert (rows[0].actor_email, rows[0].action, rows[0].request_id) == (
        "boss@example.com", "admin.user_role", "req-1")


def test_the_migrated_schema_refuses_updates_too(database_factory):
    from flask_migrate import upgrade

    from tests.harness import make_test_app

    app = make_test_app(database_factory("audit_migrated"))
    with app.app_context():
        upgrade()
        db.session.execute(AuditEntry.__table__.insert().values(
            created_at=datetime.now(UTC), actor_email="a@example.com", action="admin.x",
            operation="update", target_type="Order", target_id="1", request_id=""))
        db.session.commit()
        with pytest.raises(DBAPIError, match="cannot be changed"):
            db.session.execute(text("UPDATE audit_entry SET action = 'admin.y'"))
        db.session.rollback()
        db.session.remove()
        db.engine.dispose()
