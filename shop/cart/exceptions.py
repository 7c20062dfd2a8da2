"""Errors of the cart domain."""

from shop.errors import NotFound, ValidationError


class LineNotFound(NotFound):
    """No such line in this cart (another visitor's line id answers the same)."""


class InvalidQuantity(ValidationError):
    def __init__(self, message: str):
        super().__init__("quantity", message)


class ProductUnavailable(ValidationError):
    def __init__(self, message: str):
        super().__init__("product_id", message)
