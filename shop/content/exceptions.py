"""Errors of the content domain. Views turn them into messages next to a form field or into
a flash message."""

from __future__ import annotations

from shop.errors import DomainError, ValidationError
from shop.status import InvalidTransition

__all__ = [
    "ContentError",
    "InvalidImage",
    "InvalidTransition",
    "NotAllowed",
    "ValidationError",
]


class ContentError(DomainError):
    """A content rule was broken."""


class NotAllowed(ContentError):
    """The actor may not do this (not the author, or the edit window has closed)."""


class InvalidImage(ValidationError):
    """An upload that is not an image we accept."""
