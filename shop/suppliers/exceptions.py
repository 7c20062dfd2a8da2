"""What can go wrong in the supplier programme, as typed errors the views turn into messages."""

from __future__ import annotations

from collections.abc import Sequence

from shop.errors import Conflict, DomainError, NotFound, ValidationError

__all__ = ["ApplicationErrors", "Conflict", "DomainError", "MoveNotAllowed", "NotFound",
           "ValidationError"]


class ApplicationErrors(ValidationError):
    """Several fields at once are wrong: each error goes next to its own field, so the
    applicant fixes everything in one go. Behaves as its first error elsewhere."""

    def __init__(self, errors: Sequence[ValidationError]):
        first = errors[0]
        super().__init__(first.field, first.message)
        self.errors = list(errors)


class MoveNotAllowed(Conflict):
    """The status table allows the move, but not for this kind of actor (an applicant
    cannot approve, staff cannot confirm an applicant's e-mail address)."""
