"""Account forms. They check shape (present, length, looks like an e-mail, passwords match);
the services check the rules and raise ``ValidationError`` for :func:`put_error`."""

from __future__ import annotations

from flask_wtf import FlaskForm
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
from shop.errors import ValidationError

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


def put_error(form: FlaskForm, error: ValidationError) -> None:
    """Show a service's ``ValidationError`` next to its field, or above the form."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None and hasattr(field, "errors"):
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)


class LoginForm(FlaskForm):
    email = EmailField("E-mail address", validators=_email, render_kw={"autocomplete": "email"})
    password = PasswordField("Password", validators=[
        DataRequired("Enter your password."),
        Length(max=MAX_LENGTH, message=f"A password has at most {MAX_LENGTH} characters."),
    ], render_kw={"autocomplete": "current-password"})
    remember = BooleanField("Keep me signed in on this device")
    next = HiddenField()


class RegisterForm(FlaskForm):
    display_name = StringField("Your name", validators=[
        Optional(), Length(max=120, message="Use at most 120 characters.")],
        render_kw={"autocomplete": "name"})
    email = EmailField("E-mail address", validators=_email, render_kw={"autocomplete": "email"})
    password = PasswordField("Password", validators=_new_password,
                             render_kw={"autocomplete": "new-password"},
                             description=f"At least {MIN_LENGTH} characters; not a common "
                                         "password.")
    confirm = _confirm("password")


class EmailOnlyForm(FlaskForm):
    """The reset-request and resend-confirmation forms."""

    email = EmailField("E-mail address", validators=_email, render_kw={"autocomplete": "email"})


class ConfirmForm(FlaskForm):
    """A button that turns a link from a mail into a POST: GET never changes anything."""


class ResetPasswordForm(FlaskForm):
    password = PasswordField("New password", validators=_new_password,
                             render_kw={"autocomplete": "new-password"},
                             description=f"At least {MIN_LENGTH} characters; not a common "
                                         "password.")
    confirm = _confirm("password")


class ChangePasswordForm(FlaskForm):
    current_password = _current_password()
    new_password = PasswordField("New password", validators=_new_password,
                                 render_kw={"autocomplete": "new-password"},
                                 description=f"At least {MIN_LENGTH} characters; not a common "
                                             "password.")
    confirm = _confirm("new_password")


class ChangeEmailForm(FlaskForm):
    email = EmailField("New e-mail address", validators=_email,
                       render_kw={"autocomplete": "email"})
    password = _current_password()


class ProfileForm(FlaskForm):
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


class AddressForm(FlaskForm):
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
                               render_kw={"autocomplete": "country"})
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


class DeleteAccountForm(FlaskForm):
    password = _current_password("Your password")
    confirm = BooleanField("I understand that my account and personal data will be deleted",
                           validators=[DataRequired("Tick the box to confirm.")])

