"""Password rules and hashing.

Rules: at least ``MIN_LENGTH`` characters, at most ``MAX_LENGTH`` (hashing an endless string
costs the server), not on the bundled list of common passwords, not the e-mail address.
Hashes are scrypt (werkzeug); the parameters live in the hash, so they can be raised later.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

from shop.errors import ValidationError

MIN_LENGTH = 10
MAX_LENGTH = 128
DEFAULT_METHOD = "scrypt"

# Verified when the account does not exist, so an unknown address costs as much time as a
# known one and the timing of sign-in tells nothing.
_DUMMY_HASH: str | None = None


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    text = resources.files("shop.accounts").joinpath("data/common-passwords.txt").read_text(
        encoding="utf-8"
    )
    return frozenset(
        line.strip().lower() for line in text.splitlines()
        if line.strip() and not line.startswith("#")
    )


def is_common(password: str) -> bool:
    return password.strip().lower() in common_passwords()


def check_rules(password: str, *, email: str | None = None, field: str = "password") -> None:
    """Raise ``ValidationError(field, …)`` when ``password`` breaks a rule."""
    if len(password) < MIN_LENGTH:
        raise ValidationError(field, f"Use at least {MIN_LENGTH} characters.")
    if len(password) > MAX_LENGTH:
        raise ValidationError(field, f"Use at most {MAX_LENGTH} characters.")
    if not password.strip():
        raise ValidationError(field, "A password cannot be only spaces.")
    if is_common(password):
        raise ValidationError(
            field, "That password is on a list of commonly used passwords. Choose another."
        )
    if email and password.strip().lower() == email.strip().lower():
        raise ValidationError(field, "Your password cannot be your e-mail address.")


def _method() -> str:
    try:
        return current_app.config.get("PASSWORD_HASH_METHOD") or DEFAULT_METHOD
    except RuntimeError:  # outside an application context
        return DEFAULT_METHOD


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=_method())


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when ``password`` matches; always spends the time of one hash check."""
    global _DUMMY_HASH
    if not password_hash:
        if _DUMMY_HASH is None:
            _DUMMY_HASH = generate_password_hash("not a real password", method=_method())
        check_password_hash(_DUMMY_HASH, password)
        return False
    if len(password) > MAX_LENGTH:
        return False
    return check_password_hash(password_hash, password)
