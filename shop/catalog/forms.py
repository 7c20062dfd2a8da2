"""Product forms, shared by the back office and the supplier portal.

``product_form_class(product_type, staff=...)`` builds (once per type) a form with the
product's details, identifiers, price, export classification and the typed spec form of its
type nested as ``specs`` (``shop.catalog.spec_forms``); ``staff=True`` adds what only staff
set (supplier, end of life and successor). ``draft_from(form, ...)`` turns a validated form
into the ``ProductDraft`` that ``shop.catalog.editing`` saves; ``product_form_data(product)``
fills a form from a stored product.

Forms check shape (present, format, checksum, amounts); the services check rules (a SKU in
use, a successor that exists) and their errors land next to the field through
``apply_error``, ``spec:<code>`` errors on the spec's own field.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import cache

from stdnum import ean
from wtforms import (
    BooleanField,
    FormField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, StopValidation, ValidationError

from shop.catalog.editing import ProductDraft, StaffFields
from shop.catalog.spec_forms import build_spec_form, spec_form_data, spec_values
from shop.catalog.specs import ProductType
from shop.db import CURRENCY_EXPONENT
from shop.forms import BaseForm
from shop.pagination import MAX_DB_INT, db_id

_PLAIN = re.compile(r"^\d+(\.\d+)?$")
_GROUPED = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$")
_ECCN = re.compile(r"^\d[A-E]\d{3}(\.[a-z0-9]{1,3}){0,4}$")
MAX_PRICE_CENTS = MAX_DB_INT  # the price column is a 32-bit integer


def parse_price(text: str | None, currency: str = "USD", noun: str = "price") -> int | None:
    """A price (or another amount: ``noun`` names it in the messages) typed in major units
    as minor units, exactly (``Decimal``, never a float).

    "1299", "1299.00" and "1,299.00" (commas between thousands only) are accepted; "12,99",
    "1.299,00", "abc", "-5" and more decimals than the currency has are refused with a
    ValueError that says why. Empty is None."""
    raw = (text or "").strip().replace(" ", "")
    if not raw:
        return None
    exponent = CURRENCY_EXPONENT.get(currency.upper(), 2)
    example = "1299.00" if exponent else "1299"
    if raw.startswith(("-", "\u2212")):
        raise ValueError(f"A {noun} cannot be negative.")
    if _GROUPED.match(raw):
        raw = raw.replace(",", "")
    elif "," in raw:
        raise ValueError(f"Use a dot before the cents and commas only between thousands, "
                         f"like {example} or 1,{example[1:]}.")
    if not _PLAIN.match(raw):
        raise ValueError(f"Enter the {noun} as a number, like {example}.")
    whole, _, fraction = raw.partition(".")
    if len(fraction) > exponent:
        raise ValueError(f"Enter at most {exponent} decimals." if exponent
                         else "Enter a whole amount, without decimals.")
    try:
        cents = int(Decimal(raw).scaleb(exponent))
    except InvalidOperation:
        raise ValueError(f"Enter the {noun} as a number, like {example}.") from None
    if cents > MAX_PRICE_CENTS:
        raise ValueError(f"That {noun} is too large.")
    return cents


def format_price_input(cents: int | None, currency: str = "USD") -> str:
    """Minor units as a form shows them: 129900 → "1299.00" (no grouping, no symbol)."""
    if cents is None:
        return ""
    exponent = CURRENCY_EXPONENT.get(currency.upper(), 2)
    return str(Decimal(int(cents)).scaleb(-exponent)) if exponent else str(int(cents))


class MoneyField(StringField):
    """A price in major units; ``data`` is minor units (int) or None."""

    def __init__(self, label=None, validators=None, currency: str = "USD", **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "decimal", "autocomplete": "off"})
        super().__init__(label, validators, **kwargs)
        self.currency = currency
        self.raw = None

    def process_data(self, value):
        self.data = value

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        self.raw = valuelist[0]
        try:
            self.data = parse_price(self.raw, self.currency)
        except ValueError:
            self.data = None
            raise

    def _value(self):
        if self.raw is not None and self.data is None:
            return self.raw
        return format_price_input(self.data, self.currency)


def normalise_gtin(text: str | None) -> str | None:
    """A GTIN (EAN-8, UPC-A, EAN-13, GTIN-14) as digits, checked; ValueError if wrong."""
    raw = re.sub(r"[\s-]", "", text or "")
    if not raw:
        return None
    if not raw.isdigit() or len(raw) not in (8, 12, 13, 14):
        raise ValueError("A GTIN (EAN/UPC) has 8, 12, 13 or 14 digits.")
    if not ean.is_valid(raw):
        raise ValueError("That GTIN's check digit is wrong: check the number.")
    return raw


def normalise_eccn(text: str | None) -> str | None:
    """An export classification: EAR99 or an ECCN like 5A992.c; ValueError if neither."""
    raw = (text or "").strip().replace(" ", "")
    if not raw:
        return None
    if raw.upper() == "EAR99":
        return "EAR99"
    value = raw[:2].upper() + raw[2:].lower()
    if not _ECCN.match(value):
        raise ValueError("Enter an ECCN like 5A992.c, or EAR99.")
    return value


def price_required(form, field):
    """A price must be given (zero is a price; a refused one already says why)."""
    if field.data is None and not field.errors:
        raise StopValidation("Enter the price, like 1299.00.")


def _check(normaliser):
    def validator(form, field):
        try:
            normaliser(field.data)
        except ValueError as exc:
            raise ValidationError(str(exc)) from None
    return validator


class ProductForm(BaseForm):
    """The fields every product form has; see ``product_form_class``."""

    version = HiddenField()  # the product's version when the form was filled
    loaded = HiddenField()  # the values shown then (``shop.catalog.form_diff``)
    name = StringField("Name", [DataRequired("Enter the product's name."), Length(max=200)])
    brand_id = SelectField("Brand", choices=[], validate_choice=False)
    category_id = SelectField("Category", choices=[], validate_choice=False)
    sku = StringField("SKU", [DataRequired("Enter our SKU."), Length(max=64)],
                      description="Our own stock-keeping number; unique.")
    mpn = StringField("Manufacturer part number", [
        DataRequired("Enter the manufacturer part number."), Length(max=64)])
    alt_part_number = StringField("Alternative part number", [Optional(), Length(max=64)],
                                  description="A legacy or second ordering number.")
    gtin = StringField("GTIN / EAN", [Optional(), Length(max=20), _check(normalise_gtin)],
                       description="8, 12, 13 or 14 digits; the check digit is verified.")
    summary = StringField("Summary", [Optional(), Length(max=300)],
                          description="One line under the name on the product page.")
    description = TextAreaField("Description", [Optional(), Length(max=20_000)],
                                description="Paragraphs separated by a blank line.")
    price = MoneyField("Price", [price_required])
    eccn = StringField("Export classification (ECCN)", [Optional(), Length(max=20),
                                                         _check(normalise_eccn)],
                       description="5A992.c, 5A002.a.1 … or EAR99.")

    error_fields = {"successor": "successor_sku", "product_type": "name",
                    "brand": "brand_id", "category": "category_id"}

    def apply_error(self, error) -> None:
        name = getattr(error, "field", None) or ""
        if name.startswith("spec:") and "specs" in self._fields:
            field = self.specs.form._fields.get(name[5:])
            if field is not None:
                field.errors = [*field.errors, getattr(error, "message", str(error))]
                return
        super().apply_error(error)

    def validate_brand_id(self, field):
        if db_id(field.data) is None or field.data not in {c.value for c in field.choices}:
            raise ValidationError("Choose the brand.")

    def validate_category_id(self, field):
        if db_id(field.data) is None or field.data not in {c.value for c in field.choices}:
            raise ValidationError("Choose the category.")


class StaffProductFields:
    """What only staff set on a product."""

    supplier_id = StringField("Supplier number", [Optional(), Length(max=10)],
                              description="Empty for the shop's own stock.")
    eol = BooleanField("End of life", description="No longer made; the product page says so.")
    successor_sku = StringField("Successor (SKU)", [Optional(), Length(max=64)],
                                description="The product that replaces it, by our SKU.")

    def validate_supplier_id(self, field):
        if field.data and db_id(field.data) is None:
            raise ValidationError("Enter the supplier's number (digits only).")


def product_form_class(product_type: ProductType | str, *, staff: bool = True,
                       currency: str = "USD") -> type[ProductForm]:
    """The product form of ``product_type``: ``ProductForm`` with the type's spec form as
    ``specs`` (and the staff fields when ``staff``). Built once per combination."""
    return _product_form(ProductType(product_type).value, staff, currency.upper())


@cache
def _product_form(product_type: str, staff: bool, currency: str) -> type[ProductForm]:
    ptype = ProductType(product_type)
    bases = (StaffProductFields, ProductForm) if staff else (ProductForm,)
    attrs = {"specs": FormField(build_spec_form(ptype), label="Specifications"),
             "price": MoneyField("Price", [price_required], currency=currency,
                                 description=f"In {currency}, like 1299.00."),
             "product_type": ptype, "staff": staff}
    return type(f"{ptype.value.capitalize()}{'Staff' if staff else ''}ProductForm", bases, attrs)


def set_choices(form: ProductForm, brands, categories) -> ProductForm:
    """Fill the brand and category selects: ``(id, label)`` pairs."""
    form.brand_id.choices = [SelectChoice("", "Choose a brand"),
                             *[SelectChoice(str(i), n) for i, n in brands]]
    form.category_id.choices = [SelectChoice("", "Choose a category"),
                                *[SelectChoice(str(i), n) for i, n in categories]]
    return form


def product_form_data(product) -> dict:
    """A stored product as a product form's ``data``."""
    data = {
        "version": str(product.version), "name": product.name,
        "brand_id": str(product.brand_id), "category_id": str(product.category_id),
        "sku": product.sku, "mpn": product.mpn, "alt_part_number": product.alt_part_number or "",
        "gtin": product.gtin or "", "summary": product.summary or "",
        "description": product.description or "", "price": product.price_cents,
        "eccn": product.eccn or "", "specs": spec_form_data(product),
        "supplier_id": str(product.supplier_id) if product.supplier_id else "",
        "eol": bool(product.eol),
        "successor_sku": product.successor.sku if product.successor else "",
    }
    return data


def draft_from(form: ProductForm, currency: str = "USD") -> ProductDraft:
    """The validated form as the service's input."""
    staff = None
    if getattr(form, "staff", False):
        staff = StaffFields(
            eol=bool(form.eol.data),
            successor_sku=(form.successor_sku.data or "").strip() or None,
            supplier_id=db_id(form.supplier_id.data) if form.supplier_id.data else None,
        )
    return ProductDraft(
        name=(form.name.data or "").strip(), product_type=form.product_type.value,
        brand_id=int(form.brand_id.data), category_id=int(form.category_id.data),
        sku=(form.sku.data or "").strip(), mpn=(form.mpn.data or "").strip(),
        alt_part_number=(form.alt_part_number.data or "").strip() or None,
        gtin=normalise_gtin(form.gtin.data), summary=(form.summary.data or "").strip(),
        description=(form.description.data or "").strip(), price_cents=form.price.data,
        currency=currency, eccn=normalise_eccn(form.eccn.data),
        specs=spec_values(form.specs.form), staff=staff,
    )
