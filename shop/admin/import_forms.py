"""Back-office forms for spreadsheet imports: the upload, and the buttons that confirm a
preview or ask for it again (CSRF only)."""

from __future__ import annotations

from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice

from shop.db import CURRENCY_EXPONENT
from shop.forms import BaseForm


class ImportUploadForm(BaseForm):
    file = FileField(
        "Spreadsheet", validators=[FileRequired("Choose a CSV or XLSX file to import.")],
        description="CSV (comma, semicolon or tab separated; UTF-8, UTF-16 or Windows-1252) "
                    "or Excel .xlsx (the first sheet). One row per SKU.")
    currency = SelectField(
        "Currency of the prices", choices=[SelectChoice(c, c) for c in CURRENCY_EXPONENT],
        description="Used for rows without a currency column.")
    default_error_field = "file"


class ImportActionForm(BaseForm):
    """Confirm or preview again: the CSRF token only."""
