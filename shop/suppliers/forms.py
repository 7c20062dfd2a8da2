"""Forms of the supplier programme. They check shape (lengths, choices, the CSRF token);
the services check every rule (required fields, tax IDs, phone numbers, countries,
documents, duplicates, screening) and report all broken ones at once."""

from __future__ import annotations

from wtforms import (
    BooleanField,
    EmailField,
    FieldList,
    Form,
    FormField,
    MultipleFileField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from shop.accounts.countries import country_choices
from shop.forms import BaseForm, LongSelect
from shop.suppliers.models import (
    CERTIFICATION_TEXT,
    DOCUMENT_TEXT,
    FAMILY_TEXT,
    DocumentKind,
)
from shop.suppliers.services.documents import MAX_DOCUMENT_BYTES, MAX_FILES_PER_UPLOAD

BRAND_ROWS = 6
_FILES_HINT = (f"PDF, PNG or JPEG, up to {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB each and "
               f"{MAX_FILES_PER_UPLOAD} files in all. You can choose several at once.")
_ACCEPT = {"accept": ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"}
# The file fields of the forms and the kind of document each holds.
DOCUMENT_FIELDS = {
    "registration_documents": DocumentKind.REGISTRATION,
    "brand_documents": DocumentKind.BRAND_LETTER,
    "certificate_documents": DocumentKind.CERTIFICATE,
}


class CheckboxList(SelectMultipleField):
    """Several choices as a list of checkboxes (works without JavaScript)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class BrandRow(Form):
    name = StringField("Brand", validators=[Optional(), Length(max=80)])
    authorised = BooleanField("We are authorised by the brand owner")


def _text(label: str, limit: int, hint: str = "", **render_kw) -> StringField:
    return StringField(label, validators=[Optional(), Length(max=limit)], description=hint,
                       render_kw=render_kw or None)


class CompanyForm(BaseForm):
    """The fields of an application that describe the company and what it sells (the
    application form and the answer to a request for more information share them)."""

    legal_name = _text("Legal name", 200, "As in the trade register, with its legal form "
                       "(GmbH, B.V., Ltd, Inc …).", autocomplete="organization")
    trading_name = _text("Trading name (optional)", 200, "The name customers know you by, "
                         "if it differs.")
    country_code = SelectField("Country of registration", widget=LongSelect(),
                               render_kw={"autocomplete": "country"})
    address_line1 = _text("Street and number", 200, autocomplete="address-line1")
    address_line2 = _text("Building, floor, unit (optional)", 200,
                          autocomplete="address-line2")
    city = _text("City", 120, autocomplete="address-level2")
    region = _text("State, province or region (optional)", 120,
                   autocomplete="address-level1")
    postal_code = _text("Postal code (optional)", 20, autocomplete="postal-code")
    website = _text("Website (optional)", 300, "Like https://example.com.", type="url",
                    autocomplete="url", inputmode="url")
    tax_id = _text("VAT or tax ID", 40, "In the EU, the VAT number (NL004495445B01); in the "
                   "US, the EIN (12-3456789); elsewhere your national tax or company number. "
                   "We check its format and check digit for the country above.",
                   autocomplete="off", spellcheck="false")
    contact_name = _text("Contact name", 120, "The person we talk to about the application.",
                         autocomplete="name")
    phone = TelField("Phone", validators=[Optional(), Length(max=40)],
                     description="With the country code, like +31 20 123 4567.",
                     render_kw={"autocomplete": "tel"})
    product_families = CheckboxList(
        "Product families you offer",
        choices=[SelectChoice(k.value, v) for k, v in FAMILY_TEXT.items()])
    brands = FieldList(FormField(BrandRow), min_entries=BRAND_ROWS, max_entries=20)
    estimated_products = _text("How many products would you list?", 9,
                               "An estimate is fine: count each part number once.",
                               inputmode="numeric", pattern="[0-9]*")
    warehouse_countries = _text("Countries of your warehouses", 400,
                                "Names or two-letter codes, separated by commas: "
                                "“Netherlands, DE, United States”.")
    certifications = CheckboxList("Certifications",
                                  choices=[SelectChoice(k.value, v)
                                           for k, v in CERTIFICATION_TEXT.items()])
    other_certifications = _text("Other certifications (optional)", 300,
                                 "Separated by commas.")
    registration_documents = MultipleFileField(
        "Company registration", description="An extract of the trade register or your "
        "certificate of incorporation. " + _FILES_HINT,
        render_kw=_ACCEPT)
    brand_documents = MultipleFileField(
        "Brand authorisation letters (optional)",
        description="For the brands you are authorised for.",
        render_kw=_ACCEPT)
    certificate_documents = MultipleFileField(
        "Certificates (optional)", description="ISO 9001, ISO 14001, R2 and the others above.",
        render_kw=_ACCEPT)
    message = TextAreaField("Anything else we should know? (optional)",
                            validators=[Optional(), Length(max=5000)],
                            render_kw={"rows": 4})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.country_code.choices = [
            SelectChoice("", "Choose a country"),
            *(SelectChoice(code, name) for code, name in country_choices())]

    def pre_validate_choices(self) -> None:
        """Unknown choices are the service's to report (next to their field), not a
        reason to skip the rules."""
        for name in ("country_code", "product_families", "certifications"):
            self[name].pre_validate = lambda form: None

    def validate(self, extra_validators=None) -> bool:
        self.pre_validate_choices()
        return super().validate(extra_validators)

    def document_fields(self):
        return [(self[name], kind) for name, kind in DOCUMENT_FIELDS.items()
                if name in self._fields]


class ApplyForm(CompanyForm):
    email = EmailField("E-mail address", validators=[Optional(), Length(max=254)],
                       description="We send a link to confirm it; every message about the "
                                   "application goes there.",
                       render_kw={"autocomplete": "email"})
    accept_terms = BooleanField("I have read and accept the supplier terms",
                                description="They are on the programme page, under "
                                            "“Supplier terms”.")


class AnswerForm(CompanyForm):
    """The applicant's answer to a request for more information: the whole application to
    correct, more documents, and the answer itself."""

    reply = TextAreaField("Your answer", validators=[Optional(), Length(max=5000)],
                          description="Answer our questions; say what you changed below.",
                          render_kw={"rows": 5})
    registration_documents = MultipleFileField(
        "Company registration (optional)", description=_FILES_HINT,
        render_kw=_ACCEPT)


class DocumentsForm(BaseForm):
    kind = SelectField("What are these documents?",
                       choices=[SelectChoice(k.value, v) for k, v in DOCUMENT_TEXT.items()],
                       validators=[DataRequired("Choose what the documents are.")])
    documents = MultipleFileField("Files", description=_FILES_HINT, render_kw=_ACCEPT)


class LinkRequestForm(BaseForm):
    email = EmailField("E-mail address of the application", validators=[
        DataRequired("Enter the e-mail address you applied with."), Length(max=254)],
        render_kw={"autocomplete": "email"})


# --- the portal --------------------------------------------------------------------------------

class InviteForm(BaseForm):
    email = EmailField("E-mail address", validators=[
        DataRequired("Enter your colleague's e-mail address."), Length(max=254)],
        render_kw={"autocomplete": "off"})
    name = StringField("Name (optional)", validators=[Optional(), Length(max=120)])


class ActionForm(BaseForm):
    """A button that changes something: only the CSRF token."""


class AcceptInvitationForm(BaseForm):
    display_name = StringField("Your name", validators=[Optional(), Length(max=120)],
                               render_kw={"autocomplete": "name"})
    password = PasswordField("Password", validators=[
        DataRequired("Choose a password."), Length(max=128)],
        description="At least 10 characters; a few words you will remember work well.",
        render_kw={"autocomplete": "new-password"})
    confirm = PasswordField("Repeat the password", validators=[
        DataRequired("Repeat the password."), EqualTo("password", "The two passwords do not "
                                                                  "match.")],
        render_kw={"autocomplete": "new-password"})


# --- the back office -----------------------------------------------------------------------------

class DecisionForm(BaseForm):
    reason = TextAreaField("Why (for the history; the applicant does not see it)",
                           validators=[Optional(), Length(max=2000)], render_kw={"rows": 3})
    subject = StringField("Subject of the mail", validators=[Optional(), Length(max=200)])
    body = TextAreaField("Message to the applicant", validators=[Optional(), Length(max=10000)],
                         description="Blank lines separate paragraphs. The link to the "
                                     "application (and on approval the invitation) is added "
                                     "below it.",
                         render_kw={"rows": 14})


class NoteForm(BaseForm):
    note = TextAreaField("Note (staff only)", validators=[Optional(), Length(max=2000)],
                         render_kw={"rows": 3})
