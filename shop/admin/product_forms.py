"""Back-office forms for products, besides the product form itself (``shop.catalog.forms``):
status changes, bulk changes, images, documents and ports or ends."""

from __future__ import annotations

from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from shop.catalog.bulk import ACTION_TEXT
from shop.catalog.fit import LANE_COUNTS, LANE_RATES, PROTOCOLS, ROLES, TOPS
from shop.catalog.media import DOCUMENT_KINDS
from shop.catalog.specs import CAGES
from shop.forms import BaseForm

IMAGE_SLOTS = 4
IMAGE_TYPES = "image/jpeg,image/png,image/webp,image/gif"


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


class ImageUploadForm(BaseForm):
    """Up to four images at once, each with its description."""

    default_error_field = "file_1"


for _n in range(1, IMAGE_SLOTS + 1):
    setattr(ImageUploadForm, f"file_{_n}", FileField(
        f"Image {_n}", render_kw={"accept": IMAGE_TYPES}))
    setattr(ImageUploadForm, f"alt_{_n}", StringField(
        f"Description of image {_n} (alt text)", [Optional(), Length(max=200)],
        description="What the image shows, for people who cannot see it."))


class DocumentForm(BaseForm):
    title = StringField("Title", [Optional(), Length(max=200)],
                        description="Like “Datasheet” or “Product brief”.")
    kind = SelectField("Kind", choices=[SelectChoice(k, t) for k, t in DOCUMENT_KINDS.items()])
    url = StringField("Address (URL)", [Optional(), Length(max=500)],
                      description="The manufacturer's copy, starting with https://.")
    file = FileField("PDF file", render_kw={"accept": "application/pdf"},
                     description="Checked by its content: a plain PDF, no scripts.")


class _Checkboxes(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ConnectorRow(Form):
    """One group of ports, or one end of a cable or transceiver."""

    label = StringField("Label", [Optional(), Length(max=60)])
    count = IntegerField("How many", [Optional(), NumberRange(min=1, max=1024)])
    cage = SelectField("Cage", choices=[SelectChoice("", "—"), *map(SelectChoice, CAGES)])
    # Left out of a submission, these mean "none"; the catalogue checks the values.
    top = SelectField("Top (OSFP)", choices=[SelectChoice(t, t or "—") for t in TOPS],
                      validate_choice=False)
    role = SelectField("Belongs in", choices=[SelectChoice(r, r or "any port") for r in ROLES],
                       validate_choice=False)
    modes = StringField("Modes", [Optional(), Length(max=120)],
                        description=f"Lanes x Gb/s per lane, like 4x50 4x25 (lanes "
                                    f"{', '.join(map(str, LANE_COUNTS))}; rates "
                                    f"{', '.join(map(str, LANE_RATES))}).")
    protocols = _Checkboxes("Protocols", choices=[SelectChoice(p) for p in PROTOCOLS])
    remove = BooleanField("Remove")


class ConnectorsForm(BaseForm):
    version = HiddenField()
    rows = FieldList(FormField(ConnectorRow), min_entries=1)
    error_fields = {"ports": "rows", "ends": "rows"}
