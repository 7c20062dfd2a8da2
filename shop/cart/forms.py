"""Cart forms. They check shape (a whole number of units in range, a product id); the
services check the rules. No form has a price, currency or discount field: whatever the
browser sends besides these fields is ignored."""

from __future__ import annotations

import re

from wtforms import HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from shop.cart.models import MAX_QUANTITY
from shop.cart.quick import MAX_TEXT
from shop.forms import BaseForm


def parse_quantity(text: str | None) -> int:
    """A whole number of units from 1 to 10,000, or ``ValueError`` with a message for people."""
    value = (text or "").strip()
    if not value:
        raise ValueError("Enter a quantity.")
    if re.fullmatch(r"[-+]?\d+[.,]\d*", value) or re.fullmatch(r"[-+]?\d*[.,]\d+", value):
        raise ValueError("Enter a whole number of units, such as 1 or 4.")
    if not re.fullmatch(r"[-+]?\d{1,9}", value):
        raise ValueError("Enter the quantity as a number, such as 1 or 4.")
    number = int(value)
    if number < 1:
        raise ValueError("The quantity must be at least 1 (use Remove to take a line out).")
    if number > MAX_QUANTITY:
        raise ValueError(f"At most {MAX_QUANTITY:,} units per line; for more, ask us for a "
                         "quote.")
    return number


class QuantityField(StringField):
    """A quantity as typed; ``.number`` is the whole number once the form validated."""

    number: int | None = None

    def pre_validate(self, form) -> None:
        try:
            self.number = parse_quantity(self.data)
        except ValueError as exc:
            self.number = None
            raise ValidationError(str(exc)) from exc


class AddForm(BaseForm):
    default_error_field = "quantity"

    product_id = HiddenField(validators=[DataRequired("Choose a product.")])
    quantity = QuantityField("Quantity", default="1")
    next = HiddenField()

    def product(self) -> int | None:
        value = (self.product_id.data or "").strip()
        return int(value) if value.isdigit() and len(value) < 12 else None


class QuantityForm(BaseForm):
    default_error_field = "quantity"

    quantity = QuantityField("Quantity")


class ActionForm(BaseForm):
    """A button that changes a line (remove, save for later …): only the CSRF token."""


class QuickOrderForm(BaseForm):
    default_error_field = "parts"

    parts = TextAreaField(
        "Parts list",
        description="One part per line with its quantity, e.g. “MCX75310AAS-NEAT 4” or "
                    "“4 x MMA4Z00-NS400”; rows pasted from a spreadsheet work too.",
        validators=[DataRequired("Paste at least one part number."),
                    Length(max=MAX_TEXT, message=f"At most {MAX_TEXT:,} characters.")],
        render_kw={"rows": 6, "spellcheck": "false", "autocapitalize": "characters"},
    )
