"""Back-office forms for orders: one per action, each with what that action needs."""

from __future__ import annotations

from wtforms import IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from shop.forms import BaseForm


class NoteForm(BaseForm):
    """Pay, pack, deliver, release, cancel: an optional note (required where the rule says)."""

    note = TextAreaField("Note", validators=[Optional(), Length(max=500)])


class ShipForm(BaseForm):
    carrier = StringField("Carrier", validators=[DataRequired("Name the carrier."),
                                                 Length(max=60)])
    tracking_number = StringField("Tracking number", validators=[
        DataRequired("Enter the tracking number."), Length(max=80)])


class RefundForm(BaseForm):
    amount = StringField("Amount to refund", validators=[
        DataRequired("Enter the amount, like 120.00."), Length(max=20)])
    note = TextAreaField("Reason", validators=[Optional(), Length(max=500)])
    error_fields = {"restock": "amount"}


def restock_field(line_id: int, most: int) -> IntegerField:
    return IntegerField(f"Units back in stock (line {line_id})", default=0,
                        validators=[Optional(), NumberRange(min=0, max=most)])
