"""Account forms. They check shape (present, length, looks like an e-mail, passwords match);
the services check the rules and raise ``ValidationError``, which ``apply_error`` shows."""

from __future__ import annotations

from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    PasswordField,
    SelectField,
    StringField,
    TelField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, InputRequired, Length, Optional

from shop.accounts.countries import country_choices
from shop.accounts.passwords import MAX_LENGTH, MIN_LENGTH
from shop.forms import BaseForm, LongSelect

_email = [DataRequired("Enter your e-mail address."),
          Length(max=254, message="An e-mail address has at most 254 characters."),
          Email("Enter a valid e-mail address, like name@example.com.")]
_new_password = [
    DataRequired("Choose a password."),
    Length(min=MIN_LENGTH, max=MAX_LENGTH,
           message=f"Use between {MIN_LENGTH} and {MAX_LENGTH} characters."),
]


def _current_password(label: str = "Current password") -> PasswordField:
    return PasswordField(label, validators=[
        DataRequired("Enter your current password."),
        Length(max=MAX_LENGTH, message=f"A password has at most {MAX_LENGTH} characters."),
    ], render_kw={"autocomplete": "current-password"})


def _confirm(target: str) -> PasswordField:
    return PasswordField("Repeat the password", validators=[
        DataRequired("Repeat the password."),
        EqualTo(target, message="The two passwords do not match."),
    ], render_kw={"autocomplete": "new-password"})


class LoginForm(BaseForm):
    email = EmailField("E-mail address", validators=_email, render_kw={"autocomplete": "email"})
    password = PasswordField("Password", validators=[
        DataRequired("Enter your password."),
        Length(max=MAX_LENGTH, message=f"A password has at most {MAX_LENGTH} characters."),
    ], render_kw={"autocomplete": "current-password"})
    remember = BooleanField("Keep me signed in on this device")
    next = HiddenField()


class RegisterForm(BaseForm):
    display_name = StringField("Your name", validators=[
        Optional(), Length(max=120, message="Use at most 120 characters.")],
        render_kw={"autocomplete": "name"})
    email = EmailField("E-mail address", validators=_email, render_kw={"autocomplete": "email"})
    password = PasswordField("Password", validators=_new_password,
                             render_kw={"autocomplete": "new-password"},
                             description=f"At least {MIN_LENGTH} characters; not a common "
                                         "password.")
    confirm = _confirm("password")


class EmailOnlyForm(BaseForm):
    """The reset-request and resend-confirmation forms."""

    email = EmailField("E-mail address", validators=_email, render_kw={"autocomplete": "email"})


class ConfirmForm(BaseForm):
    """A button that turns a link from a mail into a POST: GET never changes anything."""


class ResetPasswordForm(BaseForm):
    password = PasswordField("New password", validators=_new_password,
                             render_kw={"autocomplete": "new-password"},
                             description=f"At least {MIN_LENGTH} characters; not a common "
                                         "password.")
    confirm = _confirm("password")


class ChangePasswordForm(BaseForm):
    current_password = _current_password()
    new_password = PasswordField("New password", validators=_new_password,
                                 render_kw={"autocomplete": "new-password"},
                                 description=f"At least {MIN_LENGTH} characters; not a common "
                                             "password.")
    confirm = _confirm("new_password")


class ChangeEmailForm(BaseForm):
    email = EmailField("New e-mail address", validators=_email,
                       render_kw={"autocomplete": "email"})
    password = _current_password()


class ProfileForm(BaseForm):
    display_name = StringField("Your name", validators=[
        Optional(), Length(max=120, message="Use at most 120 characters.")],
        render_kw={"autocomplete": "name"})
    company_name = StringField("Company", validators=[
        Optional(), Length(max=200, message="Use at most 200 characters.")],
        render_kw={"autocomplete": "organization"})
    tax_id = StringField("VAT or tax ID", validators=[
        Optional(), Length(max=40, message="Use at most 40 characters.")],
        description="Printed on your invoices, e.g. DE123456789.")
    phone = TelField("Phone", validators=[
        Optional(), Length(max=40, message="Use at most 40 characters.")],
        render_kw={"autocomplete": "tel"})


class AddressForm(BaseForm):
    full_name = StringField("Full name", validators=[
        InputRequired("Enter the name."), Length(max=120, message="Use at most 120 characters.")],
        render_kw={"autocomplete": "name"})
    company = StringField("Company", validators=[
        Optional(), Length(max=200, message="Use at most 200 characters.")],
        render_kw={"autocomplete": "organization"})
    line1 = StringField("Street address", validators=[
        InputRequired("Enter the street address."),
        Length(max=200, message="Use at most 200 characters.")],
        render_kw={"autocomplete": "address-line1"})
    line2 = StringField("Address line 2", validators=[
        Optional(), Length(max=200, message="Use at most 200 characters.")],
        render_kw={"autocomplete": "address-line2"})
    city = StringField("City", validators=[
        InputRequired("Enter the city."), Length(max=100, message="Use at most 100 characters.")],
        render_kw={"autocomplete": "address-level2"})
    region = StringField("State, province or region", validators=[
        Optional(), Length(max=100, message="Use at most 100 characters.")],
        render_kw={"autocomplete": "address-level1"})
    postal_code = StringField("Postal code", validators=[
        Optional(), Length(max=20, message="Use at most 20 characters.")],
        render_kw={"autocomplete": "postal-code"})
    country_code = SelectField("Country", validators=[DataRequired("Choose a country.")],
                               render_kw={"autocomplete": "country"}, widget=LongSelect())
    phone = TelField("Phone", validators=[
        Optional(), Length(max=40, message="Use at most 40 characters.")],
        render_kw={"autocomplete": "tel"})
    is_default_shipping = BooleanField("Default shipping address")
    is_default_billing = BooleanField("Default billing address")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.country_code.choices = [
            SelectChoice("", "Choose a country…"),
            *(SelectChoice(code, name) for code, name in country_choices()),
        ]


class DeleteAccountForm(BaseForm):
    password = _current_password("Your password")
    confirm = BooleanField("I understand that my account and personal data will be deleted",
                           validators=[DataRequired("Tick the box to confirm.")])

