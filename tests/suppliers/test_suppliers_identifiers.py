"""The field checks lean on python-stdnum, phonenumbers and pycountry: tax IDs by country in
format and checksum, phone numbers read in the company's country, countries by name or code."""

from __future__ import annotations

import pytest

from shop.suppliers import identifiers


@pytest.mark.parametrize("country, value, compact", [
    ("NL", "NL004495445B01", "004495445B01"),
    ("NL", "nl 0044.95445.b01", "004495445B01"),
    ("DE", "DE 136 695 976", "136695976"),
    ("GR", "EL094259216", "094259216"),
    ("US", "04-2103594", "042103594"),
    ("GB", "GB980780684", "980780684"),
])
def test_valid_tax_ids_are_compacted(country, value, compact):
    tax = identifiers.check_tax_id(country, value)
    assert tax.compact == compact and tax.key == f"{country}:{compact}"


@pytest.mark.parametrize("country, value, why", [
    ("NL", "NL004495446B01", "check digit"),
    ("DE", "DE136695977", "check digit"),
    ("DE", "NL004495445B01", "not written the way"),  # another country's number
    ("DE", "DE1366", "wrong number of characters"),
    ("US", "1234", "not written the way"),
])
def test_wrong_tax_ids_say_why_for_the_country(country, value, why):
    with pytest.raises(ValueError, match=why):
        identifiers.check_tax_id(country, value)


def test_countries_python_stdnum_does_not_know_take_letters_and_digits():
    assert identifiers.tax_module("UA") is None
    assert identifiers.check_tax_id("UA", "12345678").key == "UA:12345678"
    with pytest.raises(ValueError, match="letters and digits"):
        identifiers.check_tax_id("UA", "<script>")
    with pytest.raises(ValueError, match="Enter"):
        identifiers.check_tax_id("UA", "  ")


def test_phone_numbers_are_read_in_the_company_country():
    assert identifiers.check_phone("020 123 4567", "NL") == "+31201234567"
    assert identifiers.check_phone("+1 212 555 0100", "NL") == "+12125550100"
    assert identifiers.format_phone("+31201234567") == "+31 20 123 4567"
    for bad in ("12", "call me", "+31 20 123"):
        with pytest.raises(ValueError):
            identifiers.check_phone(bad, "NL")


def test_countries_by_name_or_code():
    assert identifiers.parse_countries("Netherlands, de\nUnited States; NL") == (
        "NL", "DE", "US")
    with pytest.raises(ValueError, match="Germny"):
        identifiers.parse_countries("Germny")
    with pytest.raises(ValueError, match="at least one"):
        identifiers.parse_countries(" , ")
    assert identifiers.check_country("nl") == "NL"
    with pytest.raises(ValueError):
        identifiers.check_country("XX")


def test_websites():
    assert identifiers.check_website("example.com") == "https://example.com"
    assert identifiers.check_website("") == ""
    for bad in ("javascript:alert(1)", "http://localhost", "https://user:pw@example.com",
                "ftp://example.com"):
        with pytest.raises(ValueError):
            identifiers.check_website(bad)
