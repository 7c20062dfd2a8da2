"""The forms of a product's images, documents and ports or ends, shared by the back office
(``shop.admin.product_media``) and the supplier portal's listings
(``shop.suppliers.listing_media_views``). They check shape; ``shop.catalog.media`` (and a
listing's media service) check the files and the rules."""

from __future__ import annotations

from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from shop.catalog.fit import LANE_COUNTS, LANE_RATES, PROTOCOLS, ROLES, TOPS
from shop.catalog.media import DOCUMENT_KINDS, ImageUpload
from shop.catalog.specs import CAGES
from shop.forms import BaseForm
from shop.uploads import Upload

IMAGE_SLOTS = 4
IMAGE_TYPES = "image/jpeg,image/png,image/webp,image/gif"


class ImageUploadForm(BaseForm):
    """Up to four images at once, each with its description."""

    default_error_field = "file_1"

    def slot_fields(self, n: int):
        return self[f"file_{n}"], self[f"alt_{n}"]

    def images(self, upload_dir: str) -> list[ImageUpload] | None:
        """The chosen images in slot order, or None after putting what is wrong beside
        the fields (a description without its image, no image at all)."""
        items = []
        for n in range(1, IMAGE_SLOTS + 1):
            file, alt = self.slot_fields(n)
            upload = file.data
            if upload and getattr(upload, "filename", ""):
                items.append(ImageUpload(Upload(upload.stream, upload.filename, upload_dir),
                                         alt.data, n))
            elif (alt.data or "").strip():
                file.errors = ["Choose the image this description belongs to."]
        files = [self.slot_fields(n)[0] for n in range(1, IMAGE_SLOTS + 1)]
        if not items and not any(f.errors for f in files):
            self.file_1.errors = ["Choose at least one image to upload."]
        return None if any(f.errors for f in files) else items


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

    def upload(self, upload_dir: str) -> Upload | None:
        """The chosen PDF, or None when only an address was given."""
        file = self.file.data
        if file and getattr(file, "filename", ""):
            return Upload(file.stream, file.filename, upload_dir)
        return None


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

    def items(self, *, part: bool) -> list[dict]:
        """The rows to keep (not ticked for removal, with a cage or modes), as the
        catalogue's ``set_interfaces`` reads them; ``part``: ends of a cable or
        transceiver, which say what they belong in."""
        items = []
        for row in self.rows:
            data = row.form
            if data.remove.data or not (data.cage.data or (data.modes.data or "").strip()):
                continue
            items.append({"label": (data.label.data or "").strip(),
                          "count": data.count.data or 1, "cage": data.cage.data,
                          "top": data.top.data or "",
                          "role": (data.role.data or "") if part else "",
                          "modes": (data.modes.data or "").split(),
                          "protocols": data.protocols.data or []})
        return items
