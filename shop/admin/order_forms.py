"""Back-office forms for orders: the list's filters, and one form per action, each with what
that action needs."""

from __future__ import annotations

from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from shop.forms import BaseForm, LongSelect
from shop.orders.models import PaymentMethod
from shop.orders.refunds import RefundMode


class OrderFilterForm(BaseForm):
    """The order list's filters (a GET form: nothing to protect with a CSRF token)."""

    class Meta:
        csrf = False

    q = StringField("Number, e-mail, company or PO (start of)",
                    validators=[Optional(), Length(max=100)])
    status = SelectField("Status", choices=[SelectChoice("", "Any")], validate_choice=False)
    since = DateField("Placed from", validators=[Optional()])
    until = DateField("Placed to", validators=[Optional()])
    country = SelectField("Ship to", choices=[SelectChoice("", "Any")], validate_choice=False,
                          widget=LongSelect())
    method = SelectField("Payment", choices=[
        SelectChoice("", "Any"), SelectChoice(PaymentMethod.CARD, "Card"),
        SelectChoice(PaymentMethod.INVOICE, "Invoice")], validate_choice=False)
    compliance = SelectField("Export control", choices=[
        SelectChoice("", "Any"), SelectChoice("hold", "On compliance hold"),
        SelectChoice("controlled", "Controlled items")], validate_choice=False)

    def validate_until(self, field) -> None:
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError("The end comes before the start.")


class NoteForm(BaseForm):
    """Pay, pack, deliver, release, cancel: an optional note (required where the rule says)."""

    note = TextAreaField("Note", validators=[Optional(), Length(max=500)])


class ShipForm(BaseForm):
    carrier = StringField("Carrier", validators=[DataRequired("Name the carrier."),
                                                 Length(max=60)])
    tracking_number = StringField("Tracking number", validators=[
        DataRequired("Enter the tracking number."), Length(max=80)])


class RefundForm(BaseForm):
    """A refund as staff ask for it; units per line come as ``units-<line id>`` and
    ``restock-<line id>`` beside it (the view reads them)."""

    mode = RadioField("What to refund", default=RefundMode.LINES, choices=[
        SelectChoice(RefundMode.LINES, "The units chosen below (and shipping if ticked), "
                                       "with their tax"),
        SelectChoice(RefundMode.FULL, "Everything left to refund"),
        SelectChoice(RefundMode.AMOUNT, "An amount (not tied to lines)")])
    shipping = BooleanField("Also refund shipping")
    amount = StringField("Amount", validators=[Optional(), Length(max=20)],
                         description="Only for “An amount”, like 120.00.")
    manual = BooleanField("The money went back another way (bank transfer, the payment "
                          "provider's dashboard): record it only")
    note = TextAreaField("Reason", validators=[Optional(), Length(max=500)])
    error_fields = {"lines": "mode"}


class RefundConfirmForm(RefundForm):
    """The same refund, confirmed: its key makes a second submission change nothing, and
    the amount shown must still be the amount it comes to."""

    key = HiddenField(validators=[DataRequired(), Regexp(r"^[A-Za-z0-9_-]{16,64}$")])
    expected = HiddenField(validators=[DataRequired(), Regexp(r"^\d{1,10}$")])
