"""The base of every form. Forms check shape (present, length, format); services check the
rules and raise ``ValidationError(field, message)``, which :meth:`BaseForm.apply_error` shows
next to its field."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from flask_wtf import FlaskForm

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
