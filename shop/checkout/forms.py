"""The checkout form: contact, addresses, order details, shipping and payment. It checks shape;
the checkout service checks the rules (VAT number, destination, stock) and the prices."""

from __future__ import annotations

from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, Optional

from shop.accounts.countries import country_choices
from shop.forms import BaseForm, LongSelect

ADDRESS_FIELDS = ("full_name", "company", "line1", "line2", "city", "region", "postal_code",
                  "country_code", "phone")


def _address(prefix: str, required: bool) -> dict:
    """The fields of one address, ``ship_…`` or ``bill_…``. Billing fields are checked
    only when billing is not the shipping address (the view drops them otherwise)."""
    need = (lambda message: DataRequired(message)) if required else (lambda _m: Optional())
    auto = "shipping" if prefix == "ship" else "billing"
    return {
        f"{prefix}_full_name": StringField("Full name", validators=[
            need("Enter the name of the recipient."), Length(max=120)],
            render_kw={"autocomplete": f"{auto} name"}),
        f"{prefix}_company": StringField("Company (optional)", validators=[
            Optional(), Length(max=120)], render_kw={"autocomplete": f"{auto} organization"}),
        f"{prefix}_line1": StringField("Street and number", validators=[
            need("Enter the street address."), Length(max=200)],
            render_kw={"autocomplete": f"{auto} address-line1"}),
        f"{prefix}_line2": StringField("Building, floor, dock (optional)", validators=[
            Optional(), Length(max=200)], render_kw={"autocomplete": f"{auto} address-line2"}),
        f"{prefix}_city": StringField("City", validators=[
            need("Enter the city."), Length(max=120)],
            render_kw={"autocomplete": f"{auto} address-level2"}),
        f"{prefix}_region": StringField("State, province or region (optional)", validators=[
            Optional(), Length(max=120)], render_kw={"autocomplete": f"{auto} address-level1"}),
        f"{prefix}_postal_code": StringField("Postal code", validators=[
            Optional(), Length(max=20)], render_kw={"autocomplete": f"{auto} postal-code"}),
        f"{prefix}_country_code": SelectField("Country", validators=[
            need("Choose the country.")], render_kw={"autocomplete": f"{auto} country"},
            widget=LongSelect()),
        f"{prefix}_phone": TelField("Phone for the carrier (optional)", validators=[
            Optional(), Length(max=40)], render_kw={"autocomplete": f"{auto} tel"}),
    }


class CheckoutForm(BaseForm):
    email = EmailField("E-mail address", validators=[
        DataRequired("Enter your e-mail address: the confirmation goes there."),
        Length(max=254), Email("Enter a valid e-mail address, like name@example.com.")],
        render_kw={"autocomplete": "email"})
    name = StringField("Your name", validators=[
        DataRequired("Enter your name."), Length(max=120)], render_kw={"autocomplete": "name"})
    company = StringField("Company (optional)", validators=[Optional(), Length(max=120)],
                          render_kw={"autocomplete": "organization"})
    phone = TelField("Phone (optional)", validators=[Optional(), Length(max=40)],
                     render_kw={"autocomplete": "tel"})
    billing_same = BooleanField("Bill to the shipping address", default=True)
    vat_number = StringField("EU VAT number (optional, for businesses)", validators=[
        Optional(), Length(max=20)])
    po_number = StringField("Purchase order number (optional)", validators=[
        Optional(), Length(max=60)])
    note = TextAreaField("Note for us (optional)", validators=[Optional(), Length(max=1000)])
    shipping_method = RadioField("Shipping", validators=[DataRequired("Choose a shipping "
                                                                      "method.")])
    payment_method = RadioField("Payment", validators=[DataRequired("Choose how to pay.")])
    error_fields = {"country_code": "ship_country_code", "postal_code": "ship_postal_code",
                    "quantity": "email"}

    def __init__(self, *args, shipping_choices=(), payment_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        countries = [("", "Choose a country"), *country_choices()]
        self.ship_country_code.choices = countries
        self.bill_country_code.choices = countries
        self.shipping_method.choices = list(shipping_choices)
        self.payment_method.choices = list(payment_choices)

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if not self.billing_same.data:
            for name, message in (("bill_full_name", "Enter the name to bill."),
                                  ("bill_line1", "Enter the billing street address."),
                                  ("bill_city", "Enter the billing city."),
                                  ("bill_country_code", "Choose the billing country.")):
                field = self[name]
                if not (field.data or "").strip():
                    field.errors = [*field.errors, message]
                    ok = False
        return ok

    def address(self, prefix: str) -> dict[str, str]:
        return {name: (self[f"{prefix}_{name}"].data or "").strip() for name in ADDRESS_FIELDS}


for _name, _field in {**_address("ship", required=True),
                     **_address("bill", required=False)}.items():
    setattr(CheckoutForm, _name, _field)


class PlaceOrderForm(BaseForm):
    """The review page's button: the one-time checkout token makes placing idempotent."""

    token = HiddenField(validators=[DataRequired(), Length(max=64)])
    accept_prices = BooleanField("I accept the prices shown above")
