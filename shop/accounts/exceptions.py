"""What can go wrong in accounts, as typed errors the views turn into messages."""

from __future__ import annotations

from shop.errors import DomainError, ValidationError

__all__ = [
    "AccountLocked",
    "TokenError",
    "TokenExpired",
    "TokenInvalid",
    "TokenUsed",
    "ValidationError",
    "WrongCredentials",
]


class TokenError(DomainError):
    """A link from an e-mail that cannot be used."""

    message = "This link is not valid. Ask for a new one."

    def __init__(self, message: str | None = None):
        super().__init__(message or self.message)
        if message:
            self.message = message


class TokenInvalid(TokenError):
    message = "This link is not valid: it may have been cut short or changed. Ask for a new one."


class TokenExpired(TokenError):
    message = "This link has expired. Ask for a new one."


class TokenUsed(TokenError):
    message = "This link has already been used. Ask for a new one if you still need it."


class AccountLocked(DomainError):
    """Too many failed sign-ins for one account: it must wait ``retry_after`` seconds."""

    def __init__(self, retry_after: int):
        self.retry_after = max(1, int(retry_after))
        super().__init__(
            "Too many failed sign-in attempts for this account. "
            f"Wait {self.retry_after} second{'s' if self.retry_after != 1 else ''} and try again, "
            "or reset your password."
        )
        self.message = str(self)


class WrongCredentials(ValidationError):
    """The address and password do not match an account: one guess, counted against it."""

    def __init__(self, message: str):
        super().__init__(None, message)
