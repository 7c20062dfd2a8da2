"""Errors of the catalogue domain."""

from shop.errors import NotFound, ValidationError


class ProductNotFound(NotFound):
    pass


class InvalidProduct(ValidationError):
    pass
