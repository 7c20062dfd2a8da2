"""Shipping and tax: the rates, from configuration, and the arithmetic, in minor units.

``SHIPPING_ZONES`` (config) lists zones of countries, each with its methods and flat rates;
the first zone that names the destination wins, and a zone with ``"countries": "*"`` takes
the rest. ``TAX_RATES`` maps a destination country to a rate in basis points (1900 = 19 %);
countries not listed pay none. An EU business buyer with a VAT number that is valid in format
and checksum, shipping to a member state other than the shop's own (``SHOP_COUNTRY``), pays no
VAT: the reverse charge, which the invoice states.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from stdnum.eu import vat as eu_vat
from stdnum.exceptions import ValidationError as VatError

EU_MEMBERS = frozenset({
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT",
    "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
})

# Standard VAT rates of the member states (basis points), the default ``TAX_RATES``.
EU_STANDARD_VAT_BP = {
    "AT": 2000, "BE": 2100, "BG": 2000, "HR": 2500, "CY": 1900, "CZ": 2100, "DK": 2500,
    "EE": 2200, "FI": 2550, "FR": 2000, "DE": 1900, "GR": 2400, "HU": 2700, "IE": 2300,
    "IT": 2200, "LV": 2100, "LT": 2100, "LU": 1700, "MT": 1800, "NL": 2100, "PL": 2300,
    "PT": 2300, "RO": 1900, "SK": 2300, "SI": 2200, "ES": 2100, "SE": 2500,
}

DEFAULT_SHIPPING_ZONES = [
    {"code": "eu", "name": "European Union", "countries": sorted(EU_MEMBERS),
     "methods": {"standard": ["Standard (3–5 working days)", 2500],
                 "express": ["Express (1–2 working days)", 6500]}},
    {"code": "na", "name": "United States and Canada", "countries": ["US", "CA"],
     "methods": {"standard": ["Standard (4–7 working days)", 4500],
                 "express": ["Express (2–3 working days)", 9500]}},
    {"code": "world", "name": "Rest of the world", "countries": "*",
     "methods": {"standard": ["Standard (7–12 working days)", 7500],
                 "express": ["Express (3–5 working days)", 15000]}},
]


@dataclass(frozen=True)
class ShippingOption:
    code: str
    label: str
    cents: int


@dataclass(frozen=True)
class Quote:
    subtotal_cents: int
    shipping: ShippingOption
    tax_rate_bp: int
    tax_cents: int
    reverse_charge: bool
    currency: str

    @property
    def total_cents(self) -> int:
        return self.subtotal_cents + self.shipping.cents + self.tax_cents


def _zone(country_code: str) -> dict:
    zones = current_app.config.get("SHIPPING_ZONES") or DEFAULT_SHIPPING_ZONES
    for zone in zones:
        if zone["countries"] == "*" or country_code in zone["countries"]:
            return zone
    raise LookupError(f"no shipping zone takes {country_code}")


def shipping_options(country_code: str) -> list[ShippingOption]:
    """The methods that ship to ``country_code``, cheapest first."""
    methods = _zone(country_code)["methods"]
    options = [ShippingOption(code, label, int(cents))
               for code, (label, cents) in methods.items()]
    return sorted(options, key=lambda o: o.cents)


def shipping_option(country_code: str, code: str) -> ShippingOption | None:
    return next((o for o in shipping_options(country_code) if o.code == code), None)


def normalise_vat(number: str) -> str:
    return eu_vat.compact(number) if number else ""


def vat_number_valid(number: str) -> bool:
    """Valid in format and checksum for its member state (python-stdnum; no network)."""
    try:
        eu_vat.validate(number)
    except VatError:
        return False
    return True


def reverse_charge_applies(vat_number: str, country_code: str) -> bool:
    home = current_app.config.get("SHOP_COUNTRY", "NL")
    if not vat_number or country_code not in EU_MEMBERS or country_code == home:
        return False
    return vat_number_valid(vat_number) and _vat_country(vat_number) == country_code


def _vat_country(number: str) -> str:
    prefix = normalise_vat(number)[:2].upper()
    return "GR" if prefix == "EL" else prefix


def tax_rate_bp(country_code: str) -> int:
    rates = current_app.config.get("TAX_RATES")
    if rates is None:
        rates = EU_STANDARD_VAT_BP
    return int(rates.get(country_code, 0))


def tax_on(amount_cents: int, rate_bp: int) -> int:
    """Tax on an amount, rounded half up to the minor unit (integers only, never floats)."""
    return (amount_cents * rate_bp + 5000) // 10000


def quote(subtotal_cents: int, currency: str, country_code: str, shipping_code: str,
          vat_number: str = "") -> Quote:
    option = shipping_option(country_code, shipping_code) or shipping_options(country_code)[0]
    reverse = reverse_charge_applies(vat_number, country_code)
    rate = 0 if reverse else tax_rate_bp(country_code)
    tax = tax_on(subtotal_cents + option.cents, rate)
    return Quote(subtotal_cents, option, rate, tax, reverse, currency)
