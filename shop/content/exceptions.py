"""Errors of the content domain. Views turn them into messages next to a form field or into
a flash message."""

from __future__ import annotations

from shop.errors import DomainError, ValidationError

__all__ = [
    "ContentError",
    "InvalidImage",
    "InvalidTransition",
    "NotAllowed",
    "ValidationError",
]


class ContentError(DomainError):
    """A content rule was broken."""


class InvalidTransition(ContentError):
    """A status change the transition table does not allow."""

    def __init__(self, current: str, target: str):
        super().__init__(f"A {current} item cannot become {target}.")
        self.current = current
        self.target = target


class NotAllowed(ContentError):
    """The actor may not do this (not the author, or the edit window has closed)."""


class InvalidImage(ValidationError):
    """An upload that is not an image we accept."""
