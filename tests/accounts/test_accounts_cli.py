from sqlalchemy import select

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
