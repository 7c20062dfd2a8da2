"""Forms of listings. The supplier's listing form is the catalogue's product form
(``shop.catalog.forms``) with the typed spec form of its product type, relaxed so that a
draft may be saved incomplete: what a submission needs is marked required and checked by
the submission (``services.submission_problems``), each message next to its field."""

from __future__ import annotations

from functools import cache
from typing import Any

from wtforms import FormField, HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional
from wtforms.validators import ValidationError as FieldError

from shop.catalog.forms import MoneyField, ProductForm, normalise_eccn, normalise_gtin
from shop.catalog.spec_forms import build_spec_form, spec_fields
from shop.catalog.specs import REQUIRED_SPECS, SPECS, TYPE_SPECS, ProductType
from shop.forms import BaseForm
from shop.pagination import db_id
from shop.suppliers.listings import content as wc

# Working-copy keys whose form field has another name.
FIELD_NAMES = {"price_cents": "price"}


class ListingForm(ProductForm):
    """See ``listing_form_class``."""

    error_fields = {**ProductForm.error_fields, "price_cents": "price"}

    def validate_brand_id(self, field):
        if field.data not in (None, ""):
            super().validate_brand_id(field)

    def validate_category_id(self, field):
        if field.data not in (None, ""):
            super().validate_category_id(field)


def listing_form_class(product_type: ProductType | str, currency: str = "USD"):
    """The listing form of ``product_type`` (built once per type and currency)."""
    return _listing_form(ProductType(product_type).value, currency.upper())


@cache
def _listing_form(product_type: str, currency: str):
    ptype = ProductType(product_type)
    attrs = {
        "sku": StringField("SKU", [Optional(), Length(max=64)],
                           description="Your stock-keeping number for it; no other product "
                                       "in the shop may have it."),
        "mpn": StringField("Manufacturer part number", [Optional(), Length(max=64)]),
        "price": MoneyField("Price", [Optional()], currency=currency,
                            description=f"What customers pay, in {currency}, like 1299.00."),
        "specs": FormField(build_spec_form(ptype, required=False), label="Specifications"),
        "product_type": ptype, "staff": False,
    }
    return type(f"{ptype.value.capitalize()}ListingForm", (ListingForm,), attrs)


def mark_required(form: ListingForm) -> ListingForm:
    """Mark what a submission needs, so the labels say "(required)"."""
    for key in wc.REQUIRED_FIELDS:
        form[FIELD_NAMES.get(key, key)].flags.required = True
    for code in REQUIRED_SPECS[form.product_type]:
        form.specs.form[code].flags.required = True
    return form


def form_data(data: dict[str, Any]) -> dict[str, Any]:
    """A working copy as the listing form's ``data``."""
    out: dict[str, Any] = {key: data.get(key) or "" for key in wc.FIELD_KEYS}
    out["brand_id"] = str(data["brand_id"]) if data.get("brand_id") else ""
    out["category_id"] = str(data["category_id"]) if data.get("category_id") else ""
    out["price"] = data.get("price_cents")
    out["specs"] = {key[5:]: value for key, value in data.items()
                    if key.startswith("spec:") and value is not None}
    return out


def values_of(form: ListingForm) -> dict[str, Any]:
    """A validated listing form as working-copy values (fields and specs)."""
    out: dict[str, Any] = {
        "name": (form.name.data or "").strip(), "brand_id": db_id(form.brand_id.data),
        "category_id": db_id(form.category_id.data), "sku": (form.sku.data or "").strip(),
        "mpn": (form.mpn.data or "").strip(),
        "alt_part_number": (form.alt_part_number.data or "").strip() or None,
        "gtin": normalise_gtin(form.gtin.data), "summary": (form.summary.data or "").strip(),
        "description": (form.description.data or "").strip(), "price_cents": form.price.data,
        "eccn": normalise_eccn(form.eccn.data),
    }
    for field in spec_fields(form.specs.form):
        out[wc.spec_key(field.spec.code)] = field.typed()
    return out


def field_for(form: ListingForm, key: str):
    """The form field that shows the working-copy key ``key`` (None: not in the form)."""
    if key.startswith("spec:"):
        return form.specs.form._fields.get(key[5:])
    return form._fields.get(FIELD_NAMES.get(key, key))


def spec_codes(product_type: str) -> list[str]:
    return [c for c in TYPE_SPECS[ProductType(product_type)] if c in SPECS]


class ActionForm(BaseForm):
    """A button that needs nothing but the CSRF token."""


class VersionForm(BaseForm):
    """A button that acts on the listing as the page showed it."""

    version = HiddenField()

    def validate_version(self, field):
        if db_id(field.data) is None:
            raise FieldError("This form is missing the listing's version: reload the page.")


class WithdrawForm(VersionForm):
    note = StringField("Why (optional)", [Optional(), Length(max=500)])


class ApproveForm(VersionForm):
    note = TextAreaField("Note to the supplier (optional)", [Optional(), Length(max=2000)],
                         description="Added to the approval mail.")


class ChangesForm(VersionForm):
    """Staff's comments per field are read by name (``comment-<key>``); the general one is
    a field of its own."""

    general = TextAreaField("About the listing as a whole", [Optional(), Length(max=1000)])


class RejectForm(VersionForm):
    reason = TextAreaField("Reason", [DataRequired("Say why: the supplier reads it."),
                                      Length(max=2000)],
                           description="Mailed to the supplier's members.")
