"""The reusable product forms: the typed spec form of each product type, prices read
exactly, and the bulk price arithmetic."""

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from shop.catalog.bulk import new_price, parse_percent
from shop.catalog.forms import format_price_input, normalise_eccn, normalise_gtin, parse_price
from shop.catalog.spec_forms import build_spec_form, parse_numbers, spec_fields, spec_values
from shop.catalog.specs import (
    REQUIRED_SPECS,
    SPECS,
    TYPE_SPECS,
    ProductType,
    SpecError,
    coerce,
    missing_required,
)


def _form(ptype, **values):
    data = MultiDict()
    for key, value in values.items():
        for item in value if isinstance(value, list) else [value]:
            data.add(key, item)
    return build_spec_form(ptype)(data)


def test_every_type_has_a_field_per_spec_in_display_order():
    for ptype in ProductType:
        form = build_spec_form(ptype)()
        assert [f.spec.code for f in spec_fields(form)] == list(TYPE_SPECS[ptype])
        for f in spec_fields(form):
            assert bool(f.flags.required) == (f.spec.code in REQUIRED_SPECS[ptype])
            if f.spec.unit:
                assert f.unit == f.spec.unit
    assert build_spec_form(ProductType.CABLE) is build_spec_form("cable")  # built once


def test_a_valid_form_gives_typed_values_for_the_services():
    form = _form("transceiver", protocol=["Ethernet"], generation=["100GbE"],
                 data_rate="100", form_factor=["QSFP28"], media="LR4", reach="10000",
                 wavelength="1310", connector="LC", power=" 3.5 ")
    assert form.validate(), form.errors
    values = spec_values(form)
    assert values == {"protocol": ["Ethernet"], "generation": ["100GbE"], "data_rate": [100.0],
                      "form_factor": ["QSFP28"], "media": "LR4", "reach": [10000.0],
                      "wavelength": [1310.0], "connector": "LC", "power": [3.5]}
    for code, value in values.items():  # what the catalogue accepts
        coerce(ProductType.TRANSCEIVER, code, value)


def test_required_specs_say_what_is_missing_next_to_each_field():
    form = _form("cable", data_rate="")
    assert not form.validate()
    assert form.errors == {
        "protocol": ["Tick at least one protocol."],
        "data_rate": ["Enter the data rate in Gb/s."],
        "form_factor": ["Tick at least one cage / form factor."],
        "media": ["Choose the media."],
        "reach": ["Enter the reach in m."],
    }


@pytest.mark.parametrize(("code", "typed", "message"), [
    ("data_rate", "fast", "is not a number (in Gb/s)"),
    ("data_rate", "100,,200", "Separate several values with single commas"),
    ("reach", "1, 2", "Enter one number."),
    ("reach", "-3", "is not a number"),
    ("reach", "1e3", "is not a number"),
    ("media", "Carrier pigeon", "Choose one of the listed values"),
])
def test_numbers_and_choices_are_checked(code, typed, message):
    values = {"protocol": ["Ethernet"], "data_rate": "100", "form_factor": ["QSFP28"],
              "media": "DAC", "reach": "2", code: typed}
    form = _form("cable", **values)
    assert not form.validate()
    assert any(message in m for m in form.errors[code]), form.errors


def test_counts_are_whole_numbers():
    form = _form("adapter", protocol=["Ethernet"], data_rate="100", form_factor=["QSFP28"],
                 port_count="2.5", pcie_lanes="16")
    assert not form.validate() and form.errors == {"port_count": ["Enter a whole number."]}


def test_several_values_and_not_stated_booleans():
    form = _form("switch", protocol=["InfiniBand", "Ethernet"], data_rate="400, 200",
                 port_count="32", form_factor=["OSFP"], managed="")
    assert form.validate(), form.errors
    values = spec_values(form)
    assert values["protocol"] == ["InfiniBand", "Ethernet"]  # the declared order
    assert values["data_rate"] == [400.0, 200.0] and "managed" not in values
    no = _form("switch", protocol=["Ethernet"], data_rate="400", port_count="32",
               form_factor=["OSFP"], managed="no")
    assert no.validate() and spec_values(no)["managed"] is False


def test_parse_numbers_reads_decimals_exactly():
    assert parse_numbers("0.5, 1.25", SPECS["data_rate"]) == [0.5, 1.25]
    assert parse_numbers("", SPECS["reach"]) == []
    with pytest.raises(ValueError):
        parse_numbers("NaN", SPECS["reach"])


def test_the_catalogue_refuses_negative_and_fractional_counts():
    with pytest.raises(SpecError):
        coerce(ProductType.CABLE, "reach", -1)
    with pytest.raises(SpecError):
        coerce(ProductType.SWITCH, "port_count", 2.5)
    assert missing_required(ProductType.CABLE, {"protocol", "reach"}) == [
        "data_rate", "form_factor", "media"]


@pytest.mark.parametrize(("typed", "cents"), [
    ("1299.00", 129_900), ("1,299.00", 129_900), ("1,299", 129_900), ("1299", 129_900),
    ("0.5", 50), ("0.05", 5), ("1,234,567.89", 123_456_789), ("", None), ("  ", None),
])
def test_prices_are_read_in_major_units_into_cents(typed, cents):
    assert parse_price(typed) == cents


@pytest.mark.parametrize("typed", ["abc", "12,99", "1.299,00", "1299.999", "-5", "1,29",
                                   "12.3.4", "1e3", "$12", "99999999999"])
def test_prices_that_are_ambiguous_or_wrong_are_refused(typed):
    with pytest.raises(ValueError):
        parse_price(typed)


def test_prices_without_minor_units_and_back_to_text():
    assert parse_price("1500", "JPY") == 1500
    with pytest.raises(ValueError):
        parse_price("15.5", "JPY")
    assert format_price_input(129_905) == "1299.05"
    assert format_price_input(None) == ""


def test_gtin_and_eccn_are_normalised_or_refused():
    assert normalise_gtin("4006381-333931") == "4006381333931"
    assert normalise_gtin("") is None
    for bad in ("4006381333932", "12345", "abcdefghijklm"):
        with pytest.raises(ValueError):
            normalise_gtin(bad)
    assert normalise_eccn("ear99") == "EAR99" and normalise_eccn("5a002.A.1") == "5A002.a.1"
    with pytest.raises(ValueError):
        normalise_eccn("5Z999")


@given(st.integers(min_value=0, max_value=10**9),
       st.decimals(min_value=-100, max_value=1000, places=2))
def test_new_prices_are_exact_half_up_cents_never_negative(cents, percent):
    expected = (Decimal(cents) * (100 + percent) / 100).quantize(Decimal(1), ROUND_HALF_UP)
    assert new_price(cents, percent) == max(0, int(expected))
    assert new_price(cents, percent) >= 0


def test_percentages():
    assert parse_percent("+2.5 %".replace(" ", "")) == Decimal("2.5")
    assert parse_percent("-100") == Decimal(-100)
    for bad in ("", "x", "1001", "-100.01", "0", "2,5", "1.234"):
        with pytest.raises(ValueError):
            parse_percent(bad)
