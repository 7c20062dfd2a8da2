"""The rules an application's fields must meet, checked all at once so each broken rule is
reported next to its field: required values and lengths, countries, tax ID, phone, website,
product families, brands, certifications (``identifiers`` does the library-backed checks),
the export screening of the company's address and warehouses, and duplicates of an open or
approved application."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from shop.accounts import services as account_services
from shop.compliance import services as compliance
from shop.compliance.rules import ScreeningResult
from shop.errors import ValidationError
from shop.suppliers import identifiers, queries
from shop.suppliers.models import Certification, ProductFamily

MAX_BRANDS = 20


@dataclass(frozen=True)
class BrandInput:
    name: str
    authorised: bool = False


@dataclass(frozen=True)
class ApplicationInput:
    """An application as typed (plain values); the services check every rule."""

    legal_name: str
    country_code: str
    address_line1: str
    city: str
    tax_id: str
    contact_name: str
    email: str
    phone: str
    product_families: tuple[str, ...]
    brands: tuple[BrandInput, ...]
    estimated_products: int | None
    warehouse_countries: str
    trading_name: str = ""
    address_line2: str = ""
    region: str = ""
    postal_code: str = ""
    website: str = ""
    certifications: tuple[str, ...] = ()
    other_certifications: str = ""
    message: str = ""
    accept_terms: bool = False


@dataclass
class Cleaned:
    values: dict = field(default_factory=dict)
    families: list[str] = field(default_factory=list)
    brands: list[BrandInput] = field(default_factory=list)
    errors: list[ValidationError] = field(default_factory=list)

    def error(self, name: str, message: str) -> None:
        self.errors.append(ValidationError(name, message))


_REQUIRED = {
    "legal_name": ("Enter the company's legal name, as registered.", 200),
    "address_line1": ("Enter the street address of the company.", 200),
    "city": ("Enter the city.", 120),
    "contact_name": ("Enter the name of the person we should talk to.", 120),
}
_OPTIONAL = {"trading_name": 200, "address_line2": 200, "region": 120, "postal_code": 20,
             "other_certifications": 300, "message": 5000}


def clean(data: ApplicationInput) -> Cleaned:
    """Every rule of every field, all reported at once."""
    out = Cleaned()
    for name, (missing, limit) in _REQUIRED.items():
        value = " ".join((getattr(data, name) or "").split())
        if not value:
            out.error(name, missing)
        elif len(value) > limit:
            out.error(name, f"Use at most {limit} characters.")
        out.values[name] = value
    for name, limit in _OPTIONAL.items():
        value = (getattr(data, name) or "").strip()
        if name != "message":
            value = " ".join(value.split())
        if len(value) > limit:
            out.error(name, f"Use at most {limit} characters.")
        out.values[name] = value
    country = None
    try:
        country = identifiers.check_country(data.country_code)
        out.values["country_code"] = country
    except ValueError as exc:
        out.error("country_code", str(exc))
    if country:
        try:
            tax = identifiers.check_tax_id(country, data.tax_id)
            out.values.update(tax_id=tax.compact, tax_key=tax.key)
        except ValueError as exc:
            out.error("tax_id", str(exc))
    elif not (data.tax_id or "").strip():
        out.error("tax_id", "Enter the company's VAT or tax ID.")
    if not (data.email or "").strip():
        out.error("email", "Enter the e-mail address of the contact.")
    else:
        try:
            out.values["email"] = account_services.normalize_email(data.email)
        except ValidationError as exc:
            out.errors.append(exc)
    try:
        out.values["phone"] = identifiers.check_phone(data.phone, country)
    except ValueError as exc:
        out.error("phone", str(exc))
    try:
        out.values["website"] = identifiers.check_website(data.website)
    except ValueError as exc:
        out.error("website", str(exc))
    try:
        out.values["warehouse_countries"] = ",".join(
            identifiers.parse_countries(data.warehouse_countries))
    except ValueError as exc:
        out.error("warehouse_countries", str(exc))
    families = {f.value for f in ProductFamily}
    out.families = sorted({f for f in data.product_families if f in families})
    if not out.families or len(out.families) != len(set(data.product_families)):
        out.error("product_families", "Choose the product families you offer from the list.")
    certifications = {c.value for c in Certification}
    chosen = [c for c in dict.fromkeys(data.certifications) if c in certifications]
    if len(chosen) != len(set(data.certifications)):
        out.error("certifications", "Choose certifications from the list; name others below.")
    out.values["certifications"] = ",".join(chosen)
    clean_brands(data.brands, out)
    estimate = data.estimated_products
    if estimate is None or not 1 <= estimate <= 1_000_000:
        out.error("estimated_products", "Enter how many products you would list, from 1 to "
                                        "1,000,000.")
    out.values["estimated_products"] = estimate or 0
    return out


def clean_brands(brands: Sequence[BrandInput], out: Cleaned) -> None:
    seen: dict[str, BrandInput] = {}
    for brand in brands:
        name = " ".join((brand.name or "").split())
        if not name:
            continue
        if len(name) > 80:
            out.error("brands", "A brand name has at most 80 characters.")
            return
        key = name.casefold()
        if key not in seen:
            seen[key] = BrandInput(name, bool(brand.authorised))
    if not seen:
        out.error("brands", "Name at least one brand you offer.")
    elif len(seen) > MAX_BRANDS:
        out.error("brands", f"Name at most {MAX_BRANDS} brands; tell us about more in your "
                            "message.")
    out.brands = list(seen.values())


def screen(values: dict) -> ScreeningResult:
    """The company's address and every warehouse country against the restricted list."""
    results = [compliance.screen_destination(values["country_code"], values["region"],
                                             values["city"], values["postal_code"])]
    results += [compliance.screen_destination(code)
                for code in values["warehouse_countries"].split(",") if code]
    return compliance.combine(*results)


def screening_error(result: ScreeningResult, values: dict) -> ValidationError:
    reason = result.reasons[0] if result.reasons else ""
    place = reason.split(": ", 1)[-1].split(" (", 1)[0] or "this place"
    in_address = compliance.screen_destination(
        values["country_code"], values["region"], values["city"],
        values["postal_code"]).refused
    where = "based in" if in_address else "with warehouses in"
    return ValidationError(
        "country_code" if in_address else "warehouse_countries",
        f"We cannot accept suppliers {where} {place}: export regulations do not allow us to "
        "trade with it.")


def duplicate_errors(values: dict, except_id: int | None = None) -> list[ValidationError]:
    email = values["email"]
    domain = None if identifiers.shared_domain(email) else identifiers.email_domain(email)
    keys = [identifiers.name_key(values["legal_name"])]
    if values["trading_name"]:
        keys.append(identifiers.name_key(values["trading_name"]))
    found = queries.open_duplicates(tax_key=values["tax_key"], name_keys=keys,
                                    email_domain=domain, except_id=except_id)
    follow = ("If it is yours, follow it with the link in our mails (we can send the link "
              "again); otherwise, contact us.")
    messages = {
        "tax": "We already have an open or approved application of a company with this tax "
               "ID. " + follow,
        "name": "We already have an open or approved application of a company with this "
                "name. " + follow,
        "domain": f"We already have an open or approved application of this company from an "
                  f"address at {domain}. " + follow,
    }
    errors, seen = [], set()
    for duplicate in found:
        if duplicate.why not in seen:
            seen.add(duplicate.why)
            errors.append(ValidationError(duplicate.field, messages[duplicate.why]))
    return errors
