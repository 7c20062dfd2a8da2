import pytest

from shop.db import format_money, to_minor_units


def test_parse_is_exact():
    assert to_minor_units("0.1") + to_minor_units("0.2") == to_minor_units("0.3") == 30
    assert to_minor_units("1299.995") == 130000  # half up, exactly
    assert to_minor_units("1500", "JPY") == 1500


@pytest.mark.parametrize("bad", ["abc", "NaN", "Infinity", ""])
def test_parse_refuses_non_amounts(bad):
    with pytest.raises(ValueError):
        to_minor_units(bad)


def test_format():
    assert format_money(129950) == "$1,299.50"
    assert format_money(5, "EUR") == "€0.05"
    assert format_money(-100) == "-$1.00"
    assert format_money(1000, "CHF") == "10.00 CHF"
