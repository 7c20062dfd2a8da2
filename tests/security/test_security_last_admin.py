"""The shop always keeps an admin: two admins demoting each other at the same moment cannot
both succeed (lock, then count), and the last admin cannot delete their own account."""

from __future__ import annotations

import threading

from shop.accounts import queries, services
from shop.accounts.models import Role, User
from shop.errors import ValidationError
from shop.extensions import db
from tests.accounts.helpers import PASSWORD, login, user


def test_two_admins_demoting_each_other_at_once_leave_one_admin(app, client, monkeypatch):
    with app.app_context():
        a = user("a@example.com", role=Role.ADMIN)
        b = user("b@example.com", role=Role.ADMIN)
        a_id, b_id = a.id, b.id
    # Both requests count before either writes, unless the count waits for a lock.
    barrier = threading.Barrier(2, timeout=1.5)
    real_count = queries.count_admins

    def count_then_wait():
        counted = real_count()
        try:
            barrier.wait()
        except threading.BrokenBarrierError:
            pass
        return counted

    monkeypatch.setattr(queries, "count_admins", count_then_wait)
    results: dict[int, str] = {}

    def demote(actor_id: int, target_id: int) -> None:
        with app.app_context():
            try:
                services.change_role(actor_id, target_id, Role.CUSTOMER)
                db.session.commit()
                results[actor_id] = "done"
            except ValidationError as exc:
                db.session.rollback()
                results[actor_id] = exc.message
            finally:
                db.session.remove()

    threads = [threading.Thread(target=demote, args=(a_id, b_id)),
               threading.Thread(target=demote, args=(b_id, a_id))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    with app.app_context():
        assert real_count() == 1, results
    assert list(results.values()).count("done") == 1, results


def test_the_last_admin_cannot_delete_their_account(app, client):
    with app.app_context():
        user("only@example.com", role=Role.ADMIN)
    assert login(client, "only@example.com").status_code == 302
    r = client.post("/account/delete", data={"password": PASSWORD, "confirm": "y"})
    assert r.status_code == 200 and "last admin" in r.text
    with app.app_context():
        assert queries.count_admins() == 1
        user("second@example.com", role=Role.ADMIN)
    r = client.post("/account/delete", data={"password": PASSWORD, "confirm": "y"})
    assert r.status_code == 302
    with app.app_context():
        gone = db.session.query(User).filter_by(role=Role.ADMIN).all()
        assert [u.email for u in gone] == ["second@example.com"]


def test_a_demoted_admin_can_no_longer_change_roles(app, client):
    with app.app_context():
        a = user("x@example.com", role=Role.ADMIN)
        b = user("y@example.com", role=Role.ADMIN)
        c = user("z@example.com")
        services.change_role(a.id, b.id, Role.STAFF)
        db.session.commit()
        try:
            services.change_role(b.id, c.id, Role.ADMIN)
        except ValidationError as exc:
            assert "no longer" in exc.message
        else:
            raise AssertionError("a former admin changed a role")
