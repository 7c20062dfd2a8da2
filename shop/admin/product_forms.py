"""Back-office forms for products, besides the product form itself (``shop.catalog.forms``)
and the media forms the supplier portal shares (``shop.catalog.media_forms``): status
changes and bulk changes."""

from __future__ import annotations

from wtforms import HiddenField, RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from shop.catalog.bulk import ACTION_TEXT
from shop.forms import BaseForm


class ActionForm(BaseForm):
    """A button that needs nothing but the CSRF token."""


class StatusForm(BaseForm):
    target = HiddenField()
    note = StringField("Note (optional)", [Optional(), Length(max=200)])


class BulkForm(BaseForm):
    """The list's bulk change: what to do, to which products."""

    action = SelectField("With the chosen products", choices=[
        SelectChoice("", "Choose an action"),
        *[SelectChoice(a.value, label) for a, label in ACTION_TEXT.items()]])
    category = SelectField("New category", choices=[], validate_choice=False)
    percent = StringField("Price change (%)", [Optional(), Length(max=10)],
                          description="10 raises prices by 10 %, -5 lowers them by 5 %.",
                          render_kw={"inputmode": "decimal", "autocomplete": "off"})
    scope = RadioField("Products", choices=[
        SelectChoice("ticked", "The products ticked below"),
        SelectChoice("all", "All products matching the filter")],
                       default="ticked")
    error_fields = {"ids": "scope"}
