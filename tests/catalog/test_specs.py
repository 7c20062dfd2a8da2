import pytest

from shop.catalog.specs import SPECS, TYPE_SPECS, ProductType, SpecError, coerce, format_number


def test_number_spec_is_typed_with_unit():
    [value] = coerce(ProductType.CABLE, "reach", 2.5)
    assert value.num == 2.5 and value.key == "2.5"
    assert SPECS["reach"].display(2.5) == "2.5 m"


def test_multi_valued_enum_keeps_each_value():
    values = coerce(ProductType.ADAPTER, "protocol", ["InfiniBand", "Ethernet"])
    assert [v.key for v in values] == ["InfiniBand", "Ethernet"]


@pytest.mark.parametrize(
    ("ptype", "code", "value", "message"),
    [
        (ProductType.CABLE, "data_rate", "400G", "expects a number"),
        (ProductType.CABLE, "data_rate", True, "expects a number"),
        (ProductType.CABLE, "form_factor", ["QSFP57"], "is not one of"),
        (ProductType.SWITCH, "managed", "yes", "expects true or false"),
        (ProductType.SWITCH, "port_count", [32, 64], "takes one value"),
        (ProductType.CABLE, "pcie_lanes", 16, "not a spec of cable"),
    ],
)
def test_values_that_filters_could_not_read_are_refused(ptype, code, value, message):
    with pytest.raises(SpecError, match=message):
        coerce(ptype, code, value)


def test_every_type_lists_only_known_specs():
    for codes in TYPE_SPECS.values():
        assert set(codes) <= set(SPECS)


def test_format_number_drops_trailing_zero():
    assert format_number(400.0) == "400"
    assert format_number(0.5) == "0.5"
