"""The base of every form. Forms check shape (present, length, format); services check the
rules and raise ``ValidationError(field, message)``, which :meth:`BaseForm.apply_error` shows
next to its field."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import ClassVar

from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms.fields.choices import Choice, SelectChoice
from wtforms.widgets import Select, html_params

from shop.errors import DomainError


class BaseForm(FlaskForm):
    #: A service's field name → the field of this form that shows its errors
    #: (``{"image": "cover"}``: an upload refused by the media service belongs to the cover).
    error_fields: ClassVar[Mapping[str, str]] = {}
    #: Where an error without a field of this form goes; None: above the form.
    default_error_field: ClassVar[str | None] = None

    def apply_error(self, error: DomainError) -> None:
        """Put a service's error on the field it names, else on ``default_error_field``, else
        above the form (``form_errors``). Errors without a field (``AccountLocked`` …) always
        land on the default."""
        message = getattr(error, "message", None) or str(error)
        name = getattr(error, "field", None)
        field = self._field(self.error_fields.get(name, name)) or self._field(
            self.default_error_field)
        if field is None:
            self.form_errors.append(message)
        else:
            field.errors = [*field.errors, message]

    def _field(self, name: str | None):
        return self._fields.get(name) if name else None


class LongSelect(Select):
    """A single select over a long, fixed list of ``(value, label)`` pairs (the countries):
    each option's markup is escaped once per process and a page only picks the chosen one,
    where ``Select`` would build 250 options again for every page (two country lists cost
    the checkout form about 10 ms). The markup is the same as ``Select``'s; any other kind of
    choices is rendered by ``Select``."""

    def __call__(self, field, **kwargs):
        pairs = _plain_pairs(field.choices)
        if self.multiple or field.coerce is not str or pairs is None:
            return super().__call__(field, **kwargs)
        options = _options(pairs)
        kwargs.setdefault("id", field.id)
        flags = getattr(field, "flags", {})
        for k in dir(flags):
            if k in self.validation_attrs and k not in kwargs:
                kwargs[k] = getattr(flags, k)
        chosen = options[1].get(field.data)
        html = [f"<select {html_params(name=field.name, **kwargs)}>"]
        html.extend(options[0] if chosen is None else
                    (*options[0][:chosen], options[2][chosen], *options[0][chosen + 1:]))
        html.append("</select>")
        return Markup("".join(html))


def _plain_pairs(choices) -> tuple[tuple[str, str], ...] | None:
    """The choices as ``(value, label)`` pairs, or None when any has more to it (attributes,
    a group) or the choices are not a plain list."""
    if not isinstance(choices, list | tuple):
        return None
    pairs = []
    for choice in choices:
        if type(choice) is tuple and len(choice) == 2:
            pairs.append(choice)
        elif isinstance(choice, SelectChoice) and not choice.render_kw \
                and choice.optgroup is None:
            pairs.append((choice.value, choice.label))
        else:
            return None
    return tuple(pairs)


@lru_cache(maxsize=16)
def _options(choices: tuple[tuple[str, str], ...]):
    """Every option as plain markup, the index of each value, every option marked selected."""
    plain = tuple(Select.render_option(Choice(v, text, False, {})) for v, text in choices)
    selected = tuple(Select.render_option(Choice(v, text, True, {})) for v, text in choices)
    index: dict[str, int] = {}
    for i, (value, _label) in enumerate(choices):
        index.setdefault(str(value), i)
    return plain, index, selected
