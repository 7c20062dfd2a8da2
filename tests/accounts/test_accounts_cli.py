from sqlalchemy import func, select

from shop.accounts.models import User
from shop.accounts.passwords import verify_password
from shop.extensions import db
from tests.accounts.helpers import user


def test_create_admin_from_stdin(ctx):
    runner = ctx.test_cli_runner()
    result = runner.invoke(args=["create-admin", "Boss@Example.com", "--password-stdin"],
                           input="a very good admin password\n")
    assert result.exit_code == 0, result.output
    assert "Created admin boss@example.com" in result.output
    db.session.expire_all()
    admin = db.session.scalar(select(User).where(User.email == "boss@example.com"))
    assert admin.role == "admin" and admin.is_verified
    assert verify_password(admin.password_hash, "a very good admin password")


def test_create_admin_prompts_and_promotes(ctx):
    u = user("staffer@example.com", role="staff")
    runner = ctx.test_cli_runner()
    result = runner.invoke(args=["create-admin", "staffer@example.com"],
                           input="another good password\nanother good password\n")
    assert result.exit_code == 0, result.output
    assert "Promoted" in result.output
    db.session.expire_all()
    assert db.session.get(User, u.id).role == "admin"


def test_create_admin_refuses_weak_password(ctx):
    runner = ctx.test_cli_runner()
    result = runner.invoke(args=["create-admin", "x@example.com", "--password-stdin"],
                           input="password1\n")
    assert result.exit_code != 0 and "at least 10" in result.output
    result = runner.invoke(args=["create-admin", "not-an-email", "--password-stdin"],
                           input="a very good admin password\n")
    assert result.exit_code != 0 and "valid e-mail" in result.output
    assert db.session.scalar(select(User.id)) is None


def test_prune_accounts_forgets_only_what_can_no_longer_matter(ctx):
    from datetime import timedelta

    import pytest

    from shop.accounts import sessions, throttle, tokens
    from shop.accounts.exceptions import TokenExpired
    from shop.accounts.models import LoginThrottle, UsedToken, UserSession
    from shop.db import utcnow

    u = user("pruned@example.com")
    now = utcnow()
    day = timedelta(days=1)
    # A reset link lives an hour; a verification link three days.
    old_reset = tokens.make_token(tokens.RESET, u.id, u.email, now=(now - day).timestamp())
    for purpose, token_id, used_at in [
        (tokens.RESET, tokens.read_token(old_reset, tokens.RESET, max_age=10**9).token_id,
         now - day),
        (tokens.RESET, "reset-recent", now - timedelta(minutes=30)),
        (tokens.VERIFY, "verify-two-days", now - 2 * day),
        (tokens.VERIFY, "verify-old", now - 4 * day),
    ]:
        db.session.add(UsedToken(token_id=token_id, purpose=purpose, user_id=u.id,
                                 used_at=used_at))
    db.session.add_all([
        LoginThrottle(key="stale", failures=9, last_failure_at=now - 2 * day),
        LoginThrottle(key="recent", failures=2, last_failure_at=now - timedelta(minutes=5)),
        # stale failures but still locked (a lock longer than the window): kept
        LoginThrottle(key="locked", failures=30, last_failure_at=now - 2 * day,
                      locked_until=now + timedelta(minutes=1)),
    ])
    live = sessions.start(u.id, remember=True, now=now)
    sessions.start(u.id, remember=False, now=now - day)  # lived twelve hours: expired
    db.session.commit()

    result = ctx.test_cli_runner().invoke(args=["prune-accounts"])
    assert result.exit_code == 0, result.output
    assert ("Pruned 1 sign-in counters, 2 used-link records and 1 expired sessions."
            in result.output)
    db.session.expire_all()
    assert set(db.session.scalars(select(UsedToken.token_id))) == {
        "reset-recent", "verify-two-days"}
    assert set(db.session.scalars(select(LoginThrottle.key))) == {"recent", "locked"}
    # The pruned reset link is still refused: its age alone rules it out.
    with pytest.raises(TokenExpired):
        tokens.read_token(old_reset, tokens.RESET)
    assert throttle.prune() == 0 and tokens.prune_used() == 0
    assert db.session.scalar(select(func.count(UserSession.id))) == 1
    assert sessions.find(u.id, live) is not None
