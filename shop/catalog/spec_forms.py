"""The typed spec form of a product type, built from ``shop.catalog.specs``.

One field per spec the type records, in display order:

* numbers are text inputs read as decimals (never floats typed by hand: ``Decimal`` first),
  with the unit beside them (``field.unit``); several values are separated by commas;
  ``whole`` specs take whole numbers only;
* enums are a select of their closed list of choices, or checkboxes when several apply;
* booleans are a select of "Not stated", "Yes" and "No" (not stated is not "no");
* text specs are a plain input.

Required specs (``specs.REQUIRED_SPECS``) say so beside the field when left empty.

    SpecForm = build_spec_form(ProductType.CABLE)      # a wtforms.Form class (no CSRF)
    form = SpecForm(formdata, data=spec_form_data(product))   # or nest with FormField
    if form.validate():
        values = spec_values(form)   # {"data_rate": [200.0], "media": "DAC", ...}

``spec_values`` gives what ``shop.catalog.services`` and ``shop.catalog.editing`` take as
``specs``: only specs with a value, numbers as floats, enums as strings (lists for multi
specs), booleans as bools, text stripped.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import cache

from wtforms import Form, SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from shop.catalog.specs import (
    REQUIRED_SPECS,
    SPECS,
    TYPE_SPECS,
    ProductType,
    SpecDef,
    SpecKind,
    format_number,
)

MAX_VALUES = 12  # several values of one spec: a VPI adapter's rates, a cable's generations
_NUMBER = re.compile(r"^\d{1,9}(\.\d{1,6})?$")
BOOL_CHOICES = (("", "Not stated"), ("yes", "Yes"), ("no", "No"))


def parse_numbers(raw: str | None, spec: SpecDef) -> list[float]:
    """The numbers typed into a spec's field ("100, 200", "0.5"), or ValueError saying what
    is wrong, in words for the person who typed it."""
    parts = [p.strip() for p in (raw or "").split(",")]
    if parts == [""]:
        return []
    if any(p == "" for p in parts):
        raise ValueError("Separate several values with single commas, like 100, 200.")
    if len(parts) > 1 and not spec.multi:
        raise ValueError("Enter one number.")
    if len(parts) > MAX_VALUES:
        raise ValueError(f"Enter at most {MAX_VALUES} values.")
    out: list[float] = []
    for part in parts:
        text = part.replace(" ", "")
        if not _NUMBER.match(text):
            unit = f" (in {spec.unit})" if spec.unit else ""
            raise ValueError(f"“{part[:20]}” is not a number{unit}. Enter digits with an "
                             "optional decimal point, like 2.5.")
        try:
            value = Decimal(text)
        except InvalidOperation:  # the pattern above rules this out; kept for safety
            raise ValueError(f"“{part[:20]}” is not a number.") from None
        if spec.whole and value != value.to_integral_value():
            raise ValueError("Enter a whole number.")
        out.append(float(value))
    return out


class NumberSpecField(StringField):
    """A number spec: text in, checked as decimals; ``unit`` is shown beside the input."""

    def __init__(self, label=None, validators=None, spec: SpecDef | None = None, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "decimal", "autocomplete": "off"})
        super().__init__(label, validators, **kwargs)
        self.spec = spec
        self.unit = spec.unit if spec else None

    def _value(self):
        if isinstance(self.data, list | tuple):
            return ", ".join(format_number(float(v)) for v in self.data)
        return super()._value()

    def process_data(self, value):
        if isinstance(value, list | tuple):
            value = ", ".join(format_number(float(v)) for v in value)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            value = format_number(float(value))
        self.data = value

    def pre_validate(self, form):
        try:
            self.numbers = parse_numbers(self.data if isinstance(self.data, str) else "",
                                         self.spec)
        except ValueError as exc:
            self.numbers = []
            raise ValidationError(str(exc)) from None

    def typed(self) -> list[float]:
        return parse_numbers(self.data if isinstance(self.data, str) else "", self.spec)


class EnumSpecField(SelectField):
    def __init__(self, label=None, validators=None, spec: SpecDef | None = None, **kwargs):
        super().__init__(label, validators, choices=[SelectChoice("", "Not stated"),
                                                     *[SelectChoice(c) for c in spec.choices]],
                         validate_choice=True, **kwargs)
        self.spec = spec
        self.unit = None

    def pre_validate(self, form):
        if self.data in (None, ""):
            return
        if self.data not in self.spec.choices:
            raise ValidationError(f"Choose one of the listed values for {self.spec.label}.")

    def typed(self):
        return self.data or None


class MultiEnumSpecField(SelectMultipleField):
    """Several values of a closed list: checkboxes, so it works without JavaScript."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, label=None, validators=None, spec: SpecDef | None = None, **kwargs):
        super().__init__(label, validators, choices=[SelectChoice(c) for c in spec.choices],
                         **kwargs)
        self.spec = spec
        self.unit = None

    def process_data(self, value):
        if isinstance(value, str):
            value = [value]
        super().process_data(value)

    def pre_validate(self, form):
        strays = [v for v in (self.data or []) if v not in self.spec.choices]
        if strays:
            raise ValidationError(f"Choose among the listed values for {self.spec.label}.")

    def typed(self):
        chosen = set(self.data or [])
        return [c for c in self.spec.choices if c in chosen]


class BoolSpecField(SelectField):
    def __init__(self, label=None, validators=None, spec: SpecDef | None = None, **kwargs):
        super().__init__(label, validators,
                         choices=[SelectChoice(v, t) for v, t in BOOL_CHOICES], **kwargs)
        self.spec = spec
        self.unit = None

    def process_data(self, value):
        if isinstance(value, bool):
            value = "yes" if value else "no"
        super().process_data(value)

    def typed(self):
        return {"yes": True, "no": False}.get(self.data or "")


class TextSpecField(StringField):
    def __init__(self, label=None, validators=None, spec: SpecDef | None = None, **kwargs):
        super().__init__(label, [*(validators or []), Length(max=200)], **kwargs)
        self.spec = spec
        self.unit = None

    def typed(self):
        text = (self.data or "").strip()
        return text or None


class RequiredSpec:
    """Stops a required spec left empty, with a message beside it."""

    def __init__(self, spec: SpecDef):
        self.spec = spec
        label = spec.label[0].lower() + spec.label[1:] if not spec.label[:2].isupper() \
            else spec.label
        if spec.kind is SpecKind.NUMBER:
            self.message = f"Enter the {label}" + (f" in {spec.unit}." if spec.unit else ".")
        elif spec.kind is SpecKind.ENUM and spec.multi:
            self.message = f"Tick at least one {label}."
        elif spec.kind is SpecKind.TEXT:
            self.message = f"Describe the {label}."
        else:
            self.message = f"Choose the {label}."
        self.field_flags = {"required": True}

    def __call__(self, form, field):
        value = field.data
        empty = value in (None, "") or (isinstance(value, list | tuple) and not value) or \
            (isinstance(value, str) and not value.strip())
        if empty:
            raise ValidationError(self.message)


_FIELD_TYPES = {
    SpecKind.NUMBER: NumberSpecField,
    SpecKind.BOOL: BoolSpecField,
    SpecKind.TEXT: TextSpecField,
}


def _hint(spec: SpecDef) -> str:
    parts = [spec.help.rstrip(".") + "."] if spec.help else []
    if spec.kind is SpecKind.NUMBER and spec.multi:
        parts.append("Several values: separate them with commas.")
    return " ".join(parts)


def build_spec_form(product_type: ProductType | str, *, required: bool = True) -> type[Form]:
    """The spec form class of ``product_type`` (built once per type). ``required=False``
    leaves every spec optional (a filter or a partial import); the product forms keep the
    requirement."""
    return _spec_form(ProductType(product_type).value, required)


@cache
def _spec_form(product_type: str, required: bool) -> type[Form]:
    ptype = ProductType(product_type)
    must = REQUIRED_SPECS[ptype] if required else frozenset()
    attrs: dict[str, object] = {"product_type": ptype, "codes": TYPE_SPECS[ptype]}
    for code in TYPE_SPECS[ptype]:
        spec = SPECS[code]
        if spec.kind is SpecKind.ENUM:
            cls = MultiEnumSpecField if spec.multi else EnumSpecField
        else:
            cls = _FIELD_TYPES[spec.kind]
        validators = [RequiredSpec(spec)] if code in must else []
        attrs[code] = cls(spec.label, validators, spec=spec, description=_hint(spec))
    return type(f"{ptype.value.capitalize()}SpecForm", (Form,), attrs)


def spec_fields(form: Form) -> list:
    """The spec fields of a built spec form, in display order."""
    return [form[code] for code in form.codes]


def spec_values(form: Form) -> dict[str, object]:
    """The typed values of a validated spec form, for the services (only specs with one)."""
    out: dict[str, object] = {}
    for field in spec_fields(form):
        value = field.typed()
        if value is None or value == []:
            continue
        out[field.spec.code] = value
    return out


def spec_form_data(product) -> dict[str, object]:
    """A product's stored specs as a spec form's ``data``."""
    data: dict[str, list] = {}
    for spec in product.specs:
        value = spec.num if spec.num is not None else spec.flag if spec.flag is not None \
            else spec.text
        data.setdefault(spec.code, []).append(value)
    out: dict[str, object] = {}
    for code, values in data.items():
        definition = SPECS.get(code)
        if definition is None:
            continue
        if definition.kind is SpecKind.NUMBER or (definition.kind is SpecKind.ENUM
                                                  and definition.multi):
            out[code] = values
        else:
            out[code] = values[0]
    return out
