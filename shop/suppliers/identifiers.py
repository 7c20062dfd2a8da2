"""Checks of what an applicant types, through the libraries that keep the rules current:
tax IDs by country in format and checksum (python-stdnum), phone numbers (phonenumbers),
countries (pycountry). Pure: no database, no configuration.

Each check returns the value as the shop stores it or raises ``ValueError`` with a message
written for the applicant; the services put that message next to the field."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

import phonenumbers
import pycountry
from stdnum import get_cc_module
from stdnum.exceptions import (
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
)
from stdnum.exceptions import ValidationError as NumberError

# Which python-stdnum number a company of a country gives us, when it is not its "vat"
# module (the US has no VAT; companies have an Employer Identification Number).
TAX_MODULE_BY_COUNTRY = {"us": "ein"}
_WHY = {
    InvalidChecksum: "its check digit does not match, so there is probably a typo",
    InvalidLength: "it has the wrong number of characters",
    InvalidFormat: "it is not written the way this number is",
    InvalidComponent: "a part of it (such as the region or date it encodes) is not valid",
}
# Free mail providers: a shared domain says nothing about who the company is.
FREE_MAIL_DOMAINS = frozenset({
    "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com",
    "yahoo.com", "ymail.com", "icloud.com", "me.com", "aol.com", "gmx.de", "gmx.net",
    "web.de", "mail.ru", "yandex.ru", "yandex.com", "qq.com", "163.com", "126.com",
    "proton.me", "protonmail.com", "zoho.com",
})
# Legal forms dropped when comparing company names ("Acme GmbH" and "ACME" are one name).
LEGAL_FORMS = frozenset({
    "ab", "ag", "aps", "as", "asa", "bv", "bvba", "co", "company", "corp", "corporation",
    "cv", "gmbh", "inc", "incorporated", "kft", "kg", "kk", "limited", "llc", "llp", "lp",
    "ltd", "ltda", "nv", "oy", "oyj", "ohg", "plc", "pte", "pty", "sa", "sarl", "sas", "se",
    "spa", "sl", "srl", "sro", "the", "ug", "ulc", "and", "sp", "z", "oo",
})


@dataclass(frozen=True)
class TaxId:
    compact: str  # as python-stdnum compacts it (no spaces, dots or country prefix)
    key: str  # country and number: what two applications of one company share
    label: str  # the name of the number, for people


def country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_2=(code or "").upper())
    return (getattr(country, "common_name", None) or country.name) if country else code


def check_country(code: str | None) -> str:
    value = (code or "").strip().upper()
    if len(value) != 2 or pycountry.countries.get(alpha_2=value) is None:
        raise ValueError("Choose a country from the list.")
    return value


def parse_countries(text: str | None, *, limit: int = 40) -> tuple[str, ...]:
    """Countries typed as codes or names, separated by commas or new lines ("NL, Germany,
    US"): their ISO codes in the order given, each once."""
    parts = [p.strip() for p in re.split(r"[,;\n]+", text or "") if p.strip()]
    if not parts:
        raise ValueError("Name at least one country.")
    if len(parts) > limit:
        raise ValueError(f"Name at most {limit} countries.")
    codes: list[str] = []
    unknown: list[str] = []
    for part in parts:
        try:
            country = pycountry.countries.lookup(part[:60])
        except LookupError:
            unknown.append(part[:40])
            continue
        if country.alpha_2 not in codes:
            codes.append(country.alpha_2)
    if unknown:
        names = ", ".join(f"“{u}”" for u in unknown[:5])
        raise ValueError(f"We do not know the country {names}. Use a country's name in "
                         "English or its two-letter code, separated by commas.")
    return tuple(codes)


@lru_cache(maxsize=300)
def tax_module(country_code: str):
    """The python-stdnum module that checks a company's tax ID in this country, or None."""
    cc = country_code.lower()
    name = TAX_MODULE_BY_COUNTRY.get(cc, "vat")
    return get_cc_module(cc, name) or get_cc_module(cc, "tin")


def tax_label(country_code: str) -> str:
    module = tax_module(country_code)
    doc = (getattr(module, "__doc__", "") or "").strip().splitlines()
    return doc[0].rstrip(".") if doc else f"tax ID of {country_name(country_code)}"


def check_tax_id(country_code: str, value: str | None) -> TaxId:
    """The tax ID, valid in format and checksum for the company's country where
    python-stdnum knows that country's number; elsewhere letters, digits and separators."""
    raw = (value or "").strip()
    if not raw:
        raise ValueError("Enter the company's VAT or tax ID.")
    if len(raw) > 40:
        raise ValueError("A tax ID has at most 40 characters.")
    module = tax_module(country_code)
    place = country_name(country_code)
    if module is None:
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9 ./-]{2,38}[A-Za-z0-9]", raw):
            raise ValueError("Use the letters and digits of the company's tax ID (spaces, "
                             "dots, dashes and slashes may separate them).")
        compact = re.sub(r"[ ./-]", "", raw).upper()
        return TaxId(compact, f"{country_code}:{compact}", f"tax ID ({place})")
    try:
        compact = module.validate(raw)
    except NumberError as exc:
        why = next((text for cls, text in _WHY.items() if isinstance(exc, cls)),
                   "it is not valid")
        raise ValueError(f"That is not a valid tax ID for the country chosen ({place}): {why}. "
                         f"We check it as the {tax_label(country_code)}.") from None
    compact = str(compact).upper()
    return TaxId(compact, f"{country_code}:{compact}", tax_label(country_code))


def check_phone(value: str | None, country_code: str | None) -> str:
    """A phone number in E.164 (+31201234567); a number without a country code is read as
    one of the company's country."""
    raw = (value or "").strip()
    if not raw:
        raise ValueError("Enter a phone number we can call.")
    if len(raw) > 40:
        raise ValueError("A phone number has at most 40 characters.")
    try:
        number = phonenumbers.parse(raw, (country_code or "").upper() or None)
    except phonenumbers.NumberParseException:
        raise ValueError("That is not a phone number we can read. Write it with its "
                         "country code, like +31 20 123 4567.") from None
    if not phonenumbers.is_valid_number(number):
        raise ValueError("That phone number does not exist as written: check the digits "
                         "and the country code.")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def format_phone(e164: str) -> str:
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def check_website(value: str | None) -> str:
    """An http(s) address with a host name; ``example.com`` becomes ``https://example.com``."""
    raw = (value or "").strip()
    if not raw:
        return ""
    if len(raw) > 300:
        raise ValueError("A web address has at most 300 characters.")
    if "://" not in raw:
        raw = "https://" + raw
    parts = urlsplit(raw)
    host = parts.hostname or ""
    if (parts.scheme not in ("http", "https") or "." not in host or any(c.isspace() for c in raw)
            or parts.username or parts.password):
        raise ValueError("Enter the company's web address, like https://example.com.")
    return raw


def name_key(name: str | None) -> str:
    """A company name as duplicates are compared: case, accents, punctuation and legal
    forms (GmbH, Ltd, Inc …) away."""
    decomposed = unicodedata.normalize("NFKD", name or "")
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    bare = re.sub(r"[.'’]", "", bare)  # B.V. → bv, O'Neill → oneill
    words = [w for w in re.split(r"[\W_]+", bare) if w]
    kept = [w for w in words if w not in LEGAL_FORMS]
    return " ".join(kept or words)[:200]


def email_domain(email: str) -> str:
    return email.rpartition("@")[2].lower()


def shared_domain(email: str) -> bool:
    """Whether the address is at a free mail provider (its domain names no company)."""
    return email_domain(email) in FREE_MAIL_DOMAINS
