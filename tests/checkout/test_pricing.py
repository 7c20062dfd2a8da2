"""Shipping zones, tax in integer minor units, and the reverse charge."""

import pytest

from shop.checkout import pricing
from shop.config import ConfigError, _json


def test_zones_rates_and_rounding(ctx):
    assert [o.code for o in pricing.shipping_options("DE")] == ["standard", "express"]
    assert pricing.shipping_option("US", "express").cents == 9500
    assert pricing.shipping_option("JP", "standard").cents == 7500  # the rest of the world
    assert pricing.tax_on(1_005, 1900) == 191  # 190.95 rounds half up
    assert pricing.tax_on(1_000, 0) == 0
    quote = pricing.quote(100_00, "USD", "DE", "standard")
    assert (quote.tax_rate_bp, quote.tax_cents, quote.total_cents) == (1900, 2375, 100_00
                                                                      + 2500 + 2375)


def test_reverse_charge_needs_a_valid_number_of_another_member_state(ctx):
    assert pricing.reverse_charge_applies("BE0403170701", "BE")
    assert not pricing.reverse_charge_applies("BE0403170700", "BE")  # checksum
    assert not pricing.reverse_charge_applies("BE0403170701", "FR")  # another state's number
    ctx.config["SHOP_COUNTRY"] = "BE"
    try:
        assert not pricing.reverse_charge_applies("BE0403170701", "BE")  # domestic
    finally:
        ctx.config["SHOP_COUNTRY"] = "NL"


def test_rates_and_zones_come_from_configuration(ctx, monkeypatch):
    ctx.config["TAX_RATES"] = {"US": 725}
    ctx.config["SHIPPING_ZONES"] = [{"code": "all", "name": "Everywhere", "countries": "*",
                                     "methods": {"freight": ["Freight", 12_000]}}]
    try:
        quote = pricing.quote(100_00, "USD", "US", "anything")
        assert (quote.shipping.code, quote.shipping.cents, quote.tax_cents) == (
            "freight", 12_000, pricing.tax_on(100_00 + 12_000, 725))
        assert pricing.tax_rate_bp("DE") == 0
    finally:
        ctx.config["TAX_RATES"] = None
        ctx.config["SHIPPING_ZONES"] = None
    monkeypatch.setenv("TAX_RATES", '{"DE": 1900}')
    assert _json("TAX_RATES") == {"DE": 1900}
    monkeypatch.setenv("TAX_RATES", "{not json")
    with pytest.raises(ConfigError):
        _json("TAX_RATES")
