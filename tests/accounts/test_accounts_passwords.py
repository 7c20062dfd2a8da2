import pytest

from shop.accounts import passwords
from shop.errors import ValidationError


def test_common_list_is_bundled_and_large():
    common = passwords.common_passwords()
    assert len(common) > 5000
    assert "password1234" in common or "1234567890" in common


@pytest.mark.parametrize("bad, message", [
    ("short1!", "at least 10"),
    ("x" * 129, "at most 128"),
    ("1234567890", "commonly used"),
    ("QwErTyUiOp", "commonly used"),  # compared in lower case
    ("          ", "only spaces"),
])
def test_rules_refuse(bad, message):
    with pytest.raises(ValidationError) as err:
        passwords.check_rules(bad)
    assert err.value.field == "password"
    assert message in err.value.message


def test_password_may_not_be_the_email():
    with pytest.raises(ValidationError):
        passwords.check_rules("Someone@Example.com", email="someone@example.com")


def test_good_password_passes():
    passwords.check_rules("violet kettle on a quiet mountain", email="a@example.com")


def test_hash_is_scrypt_and_verifies(ctx):
    digest = passwords.hash_password("violet kettle on a quiet mountain")
    assert digest.startswith("scrypt:")
    assert passwords.verify_password(digest, "violet kettle on a quiet mountain")
    assert not passwords.verify_password(digest, "violet kettle on a quiet mountaiN")
    assert not passwords.verify_password(None, "anything at all here")
    assert not passwords.verify_password("", "anything at all here")


def test_production_hash_uses_default_scrypt_parameters():
    from werkzeug.security import generate_password_hash

    assert passwords.DEFAULT_METHOD == "scrypt"
    assert generate_password_hash("x" * 12, method="scrypt").startswith("scrypt:32768:8:1$")
