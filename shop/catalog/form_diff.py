"""What a form says, field by field, for telling people what changed: the values a product
form showed when it was filled (kept in its ``loaded`` field), the values submitted, and the
values the product has now.

When a save is refused because someone else saved first (``editing.EditConflict``), the page
lists every field that changed meanwhile (what it was, what it is now, and what the person
typed if they changed it too), and the form is shown again with their own changes kept and
everyone else's taken in: fields they did not touch show the current values.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, FormField, HiddenField, SelectFieldBase
from wtforms.csrf.core import CSRFTokenField

from shop.catalog.spec_forms import NumberSpecField
from shop.catalog.specs import format_number

DISPLAY_LIMIT = 160


def flat_fields(form, prefix_label: str = ""):
    """(name, label, field) of every input of ``form``, nested spec fields included; hidden
    bookkeeping fields left out."""
    for field in form:
        if isinstance(field, HiddenField | CSRFTokenField):
            continue
        if isinstance(field, FormField):
            yield from flat_fields(field.form, prefix_label)
            continue
        yield field.name, f"{prefix_label}{field.label.text}", field


def _values(field) -> list[str]:
    if isinstance(field, BooleanField):
        return ["y"] if field.data else []
    if isinstance(field, NumberSpecField):
        try:
            numbers = field.typed()
        except ValueError:
            return [v for v in [(field.data or "").strip()] if v]
        return [", ".join(format_number(n) for n in numbers)] if numbers else []
    if isinstance(field, SelectFieldBase) and isinstance(field.data, list | tuple):
        return sorted(str(v) for v in field.data if v not in (None, ""))
    if hasattr(field, "currency"):  # a MoneyField: the amount as the form writes it
        value = field._value()
        return [value] if value else []
    data = field.data
    if data is None:
        return []
    text = str(data).replace("\r\n", "\n").strip()
    return [text] if text else []


def form_values(form) -> dict[str, list[str]]:
    """Every input's value, as a form submission would carry it."""
    return {name: _values(field) for name, _label, field in flat_fields(form)}


def dump_values(values: dict[str, list[str]]) -> str:
    return json.dumps(values, separators=(",", ":"), ensure_ascii=False)


def load_values(text: str | None) -> dict[str, list[str]]:
    """The ``loaded`` field read back; anything unreadable is no values at all."""
    try:
        data = json.loads(text or "{}")
    except ValueError:
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): [str(x) for x in v] for k, v in data.items()
            if isinstance(v, list) and all(isinstance(x, str) for x in v)}


def display(field, values: list[str]) -> str:
    """Values as people read them: choice labels, Yes/No, "(empty)"."""
    if isinstance(field, BooleanField):
        return "Yes" if values else "No"
    if not values:
        return "(empty)"
    if isinstance(field, SelectFieldBase):
        labels = {str(v): str(label) for v, label, *_ in _choice_pairs(field)}
        text = ", ".join(labels.get(v, v) for v in values)
    else:
        text = ", ".join(values)
    unit = getattr(field, "unit", None)
    if unit and text:
        text = f"{text} {unit}"
    return text if len(text) <= DISPLAY_LIMIT else text[:DISPLAY_LIMIT - 1] + "…"


def _choice_pairs(field):
    for choice in field.choices or []:
        if hasattr(choice, "value"):
            yield choice.value, choice.label
        elif isinstance(choice, tuple | list):
            yield choice[0], choice[1]
        else:
            yield choice, choice


@dataclass(frozen=True)
class Difference:
    name: str
    label: str
    was: str  # when the form was filled
    now: str  # saved by someone else since
    yours: str  # what was submitted
    you_changed: bool  # the person changed this field too: theirs is kept in the form


def conflict(submitted_form, current_form, loaded: dict[str, list[str]]):
    """The fields changed since the form was filled, and the form data to show again: the
    submitter's changes kept, every other field at its current value."""
    yours, now = form_values(submitted_form), form_values(current_form)
    differences: list[Difference] = []
    merged = MultiDict()
    for name, label, field in flat_fields(submitted_form):
        mine, current = yours.get(name, []), now.get(name, [])
        was = loaded.get(name, current) if loaded else current
        you_changed = mine != was
        moved = current != was
        keep = mine if you_changed else current
        for value in keep:
            merged.add(name, value)
        if moved or (you_changed and mine != current and not loaded):
            differences.append(Difference(name, label, display(field, was),
                                          display(field, current), display(field, mine),
                                          you_changed))
    return differences, merged
