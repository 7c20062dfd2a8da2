"""Forms of the supplier portal's stock, feed and message pages (and the back office's
message form). They check shape: a price written as money, a stock written as a whole
number; the services check the rules (whose listing, what changed meanwhile, what orders
hold)."""

from __future__ import annotations

from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length
from wtforms.validators import ValidationError as FieldError

from shop.db import CURRENCY_EXPONENT
from shop.forms import BaseForm
from shop.spreadsheets import CellError, parse_money, parse_quantity
from shop.suppliers.services.messages import BODY_MAX, SUBJECT_MAX
from shop.suppliers.services.portal_stock import StockPriceChange


def _whole(raw) -> int | None:
    """A non-negative whole number from a hidden field, or None."""
    text = str(raw or "").strip()
    if not text or len(text) > 10 or not (text.isascii() and text.isdigit()):
        return None
    return int(text)


class StockPriceForm(BaseForm):
    """One listing's price (in major units, like 1299.00 or 1.299,00) and units on hand.
    Built with ``prefix="p<product id>"`` so that every row of the page has fields of its
    own; ``decimals`` is the listing's currency's."""

    price = StringField("Price", validators=[DataRequired("Enter the price."),
                                             Length(max=30)])
    price_was = HiddenField()
    stock = StringField("On hand", validators=[DataRequired("Enter the units on hand."),
                                               Length(max=12)])
    stock_was = HiddenField()
    next = HiddenField()

    decimals = 2

    def for_currency(self, currency: str) -> StockPriceForm:
        self.decimals = CURRENCY_EXPONENT.get(currency.upper(), 2)
        return self

    def validate_price(self, field) -> None:
        try:
            self.price_cents = parse_money(field.data or "", self.decimals)
        except CellError as exc:
            raise FieldError(exc.message) from None

    def validate_stock(self, field) -> None:
        try:
            self.on_hand = parse_quantity(field.data or "")
        except CellError as exc:
            raise FieldError(exc.message) from None

    def change(self) -> StockPriceChange:
        """What the validated form asks for."""
        return StockPriceChange(price_cents=self.price_cents,
                                price_was=_whole(self.price_was.data),
                                on_hand=self.on_hand, on_hand_was=_whole(self.stock_was.data))


class FeedUploadForm(BaseForm):
    file = FileField(
        "Feed file", validators=[FileRequired("Choose a CSV or XLSX file to upload.")],
        description="CSV (comma, semicolon or tab separated; UTF-8, UTF-16 or Windows-1252) "
                    "or Excel .xlsx (the first sheet). One row per SKU: sku, and price "
                    "and/or stock.")
    currency = SelectField(
        "Currency of the prices", choices=[SelectChoice(c, c) for c in CURRENCY_EXPONENT],
        description="Used for rows without a currency column; it must be the listing's "
                    "currency.")
    default_error_field = "file"


class MessageForm(BaseForm):
    subject = StringField("Subject", validators=[Length(max=SUBJECT_MAX)])
    body = TextAreaField("Message", validators=[Length(max=BODY_MAX)],
                         description="Blank lines separate paragraphs. Every member of the "
                                     "organisation gets it by mail too.",
                         render_kw={"rows": 8})
