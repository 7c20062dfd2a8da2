"""Back-office forms for stock: adjustments, thresholds, purchase orders, counts. They check
shape (whole numbers, dates, lines of text); the inventory services check the rules."""

from __future__ import annotations

import re
import secrets
from datetime import date

from flask import current_app
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional
from wtforms.validators import ValidationError as FieldError

from shop.db import CURRENCY_EXPONENT
from shop.forms import BaseForm
from shop.inventory.adjustments import REASONS
from shop.inventory.counts import CountInput
from shop.inventory.purchasing import LineInput

_WHOLE = re.compile(r"[+-]?\d{1,9}")


def new_key() -> str:
    """A one-time key for a form: the same form sent twice is applied once."""
    return secrets.token_urlsafe(24)


def whole_number(text: str | None, *, signed: bool = False) -> int:
    """A whole number as typed (``ValueError`` with a message for people otherwise)."""
    value = (text or "").strip().replace("\u2212", "-")
    if not value:
        raise ValueError("Enter a number.")
    if not _WHOLE.fullmatch(value):
        raise ValueError("Enter a whole number, like 5" + (" or -2." if signed else "."))
    number = int(value)
    if number < 0 and not signed:
        raise ValueError("Enter 0 or more.")
    return number


def parse_date(text: str | None) -> date | None:
    value = (text or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"“{value[:20]}” is not a date like 2027-03-14.") from exc


class NumberField(StringField):
    """A whole number as typed; ``.number`` holds it once the form validated."""

    number: int | None = None

    def __init__(self, label=None, validators=None, signed: bool = False, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.signed = signed

    def pre_validate(self, form) -> None:
        self.number = None
        if not (self.data or "").strip() and any(isinstance(v, Optional)
                                                 for v in self.validators):
            return
        try:
            self.number = whole_number(self.data, signed=self.signed)
        except ValueError as exc:
            raise FieldError(str(exc)) from exc


class HiddenErrorsForm(BaseForm):
    """A form whose hidden fields' errors (a missing or malformed one-time key) are shown
    above it, where people can read them."""

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for field in self:
            if isinstance(field, HiddenField) and field.errors and field.name != "csrf_token":
                self.form_errors.extend(field.errors)
        return valid


class AdjustForm(HiddenErrorsForm):
    default_error_field = "delta"
    error_fields = {"product": "delta", "request_key": "delta"}

    location = SelectField("Location", coerce=int, validate_choice=True)
    reason = SelectField("Reason", choices=[SelectChoice(v, label) for v, label in REASONS.items()])
    delta = NumberField("Change in units on hand", signed=True,
                        description="5 adds five units, -2 takes two away.")
    note = TextAreaField("Note (required)", validators=[
        DataRequired("Say why the stock changes."), Length(max=200)],
        description="Kept in the ledger with the change: a delivery note, what broke, who "
                    "counted.")
    request_key = HiddenField(validators=[Length(max=64)])


class ThresholdForm(BaseForm):
    default_error_field = "threshold"

    threshold = NumberField("Low-stock threshold", validators=[Optional()],
                            description="Empty: never low.")
    next = HiddenField()


class PurchaseOrderForm(HiddenErrorsForm):
    error_fields = {"request_key": "lines"}
    default_error_field = "lines"

    supplier_name = StringField("Supplier", validators=[
        DataRequired("Name the supplier."), Length(max=120)])
    supplier_id = NumberField("Supplier organisation id", validators=[Optional()],
                              description="Only for an approved supplier of ours; else leave "
                                          "empty.")
    location = SelectField("Deliver to", coerce=int, validate_choice=True)
    currency = SelectField("Currency of the unit costs",
                           choices=[SelectChoice(c, c) for c in CURRENCY_EXPONENT],
                           default=lambda: current_app.config.get("SHOP_CURRENCY", "USD"),
                           description="Unit costs are entered per line on the order's page.")
    lines = TextAreaField("Lines", validators=[DataRequired("Add at least one line.")],
                          description="One product per line: SKU or part number, quantity, "
                                      "expected date (optional), e.g. "
                                      "“MCX75310AAS-NEAT, 20, 2027-03-14”.")
    note = TextAreaField("Note", validators=[Optional(), Length(max=2000)])
    request_key = HiddenField(validators=[Length(max=64)])

    def line_inputs(self) -> list[LineInput]:
        """The lines typed, checked for shape (``FieldError`` on the lines field)."""
        out, problems = [], []
        for row, raw in enumerate((self.lines.data or "").splitlines(), start=1):
            text = raw.strip()
            if not text:
                continue
            parts = [p.strip() for p in re.split(r"[,;\t]", text)]
            if len(parts) < 2 or len(parts) > 3 or not parts[0]:
                problems.append(f"Line {row}: write the SKU, the quantity and, optionally, "
                                "the expected date, separated by commas.")
                continue
            try:
                quantity = whole_number(parts[1])
                expected = parse_date(parts[2]) if len(parts) == 3 else None
            except ValueError as exc:
                problems.append(f"Line {row}: {exc}")
                continue
            out.append(LineInput(row, parts[0][:64], quantity, expected))
        if problems:
            self.lines.errors = [*self.lines.errors, " ".join(problems[:10])]
            raise FieldError(problems[0])
        return out


class NoteForm(BaseForm):
    default_error_field = "note"

    note = TextAreaField("Note", validators=[Optional(), Length(max=200)])


class ReceiveForm(HiddenErrorsForm):
    default_error_field = "note"

    note = StringField("Delivery note or reference", validators=[Optional(), Length(max=150)])
    request_key = HiddenField(validators=[
        DataRequired("This form has no one-time key: reload the page and enter the units "
                     "again."), Length(max=64)])


class CountStartForm(BaseForm):
    location = SelectField("Location", coerce=int, validate_choice=True)
    note = StringField("What and why", validators=[
        DataRequired("Say what is counted and why."), Length(max=200)],
        description="For example “Aisle 3, quarterly count”. Kept in the ledger.")


class CountPasteForm(BaseForm):
    default_error_field = "lines"

    lines = TextAreaField("Counted units", validators=[DataRequired("Paste at least one line.")],
                          description="One product per line: SKU or part number, a comma, "
                                      "the units counted (“MCX75310AAS-NEAT, 12”).")

    def count_inputs(self) -> list[CountInput]:
        out, problems = [], []
        for row, raw in enumerate((self.lines.data or "").splitlines(), start=1):
            text = raw.strip()
            if not text:
                continue
            parts = [p.strip() for p in re.split(r"[,;\t]", text)]
            if len(parts) != 2 or not parts[0]:
                problems.append(f"Line {row}: write the SKU, a comma, then the count.")
                continue
            try:
                out.append(CountInput(row, parts[0][:64], whole_number(parts[1])))
            except ValueError as exc:
                problems.append(f"Line {row}: {exc}")
        if problems:
            self.lines.errors = [*self.lines.errors, " ".join(problems[:10])]
            raise FieldError(problems[0])
        return out


class ActionForm(BaseForm):
    """A button with nothing but its CSRF token (post a count, cancel it)."""
