"""Errors of suppliers' listings."""

from __future__ import annotations

from collections.abc import Sequence

from shop.errors import Conflict, ValidationError


class ListingErrors(ValidationError):
    """Several fields at once stop the listing (a submission missing a spec, the price and
    a datasheet): each error goes next to its own field. Behaves as its first error
    elsewhere."""

    def __init__(self, errors: Sequence[ValidationError]):
        first = errors[0]
        super().__init__(first.field, first.message)
        self.errors = list(errors)


class ListingChanged(Conflict):
    """The listing changed after the page was opened (another member saved it, it was
    withdrawn, staff decided): nothing was done."""

    def __init__(self, message: str = "This listing changed after you opened the page, so "
                                      "nothing was done. Look at it again and retry."):
        super().__init__(message)


class MoveNotAllowed(Conflict):
    """The status table allows the move, but not for this kind of actor, or not for this
    listing (a rejected new listing is final)."""
