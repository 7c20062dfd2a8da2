"""The fit rules on their own: properties over any description, and the hardware's rules."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shop.catalog import fit
from shop.catalog.fit import Connector, Interface, Mode
from shop.catalog.specs import CAGES

modes = st.frozensets(
    st.builds(Mode, st.sampled_from(fit.LANE_COUNTS), st.sampled_from(fit.LANE_RATES)),
    min_size=1, max_size=4,
)
protocols = st.sampled_from([frozenset({"InfiniBand"}), frozenset({"Ethernet"}),
                             frozenset({"InfiniBand", "Ethernet"})])


@st.composite
def interfaces(draw, roles=fit.ROLES):
    cage = draw(st.sampled_from(CAGES))
    top = draw(st.sampled_from(["finned", "flat"])) if cage == "OSFP" else ""
    return Interface(cage, draw(modes), draw(protocols), top, draw(st.sampled_from(roles)))


@st.composite
def connectors(draw, roles=fit.ROLES):
    return Connector(draw(st.sampled_from(["ends", "switch end", "legs", "ports"])),
                     draw(st.integers(1, 64)), draw(interfaces(roles)))


def iface(cage, modes_text, protocols=("InfiniBand", "Ethernet"), top="", role=""):
    return Interface(cage, frozenset(Mode.parse(m) for m in modes_text.split()),
                     frozenset(protocols), top, role)


@given(plug=interfaces(), port=interfaces(("switch", "host")))
def test_a_link_exists_exactly_when_every_rule_holds(plug, port):
    mode = fit.link(plug, port)
    rules = (fit.accepts(port, plug) and (not plug.role or plug.role == port.role)
             and bool(plug.protocols & port.protocols) and bool(plug.modes & port.modes))
    assert (mode is not None) == rules
    assert (fit.why_not(plug, port) == "") == rules
    if mode is not None:
        assert mode in plug.modes and mode in port.modes
        assert all(m.gbps <= mode.gbps for m in plug.modes & port.modes)


@given(ends=st.lists(connectors(), min_size=1, max_size=3),
       ports=st.lists(connectors(("switch", "host")), min_size=1, max_size=3))
def test_a_part_fits_a_device_when_one_end_links_with_one_port(ends, ports):
    result = fit.fit_connectors(ends, ports)
    any_link = any(fit.link(e.interface, p.interface) for e in ends for p in ports)
    assert bool(result) == any_link
    assert bool(result.reasons) == (not any_link)  # a miss always says why
    for placement in result.placements:
        assert fit.link(placement.end.interface, placement.port.interface) == placement.mode
    rates = [p.mode.gbps for p in result.placements]
    assert rates == sorted(rates, reverse=True)


@given(plug=interfaces(), port=interfaces(("switch", "host")))
def test_the_profile_names_everything_fitting_depends_on(plug, port):
    twin = Interface(plug.cage, frozenset(plug.modes), frozenset(plug.protocols), plug.top,
                     plug.role)
    assert twin.profile == plug.profile
    assert fit.link(twin, port) == fit.link(plug, port)


@given(plug=interfaces(), port=interfaces(("switch", "host")))
def test_osfp_tops_must_match_and_other_shells_never_meet_osfp(plug, port):
    if "OSFP" in (plug.cage, port.cage) and fit.accepts(port, plug):
        assert plug.cage == port.cage == "OSFP" and plug.top == port.top


@pytest.mark.parametrize(("plug", "port", "accepted"), [
    (("QSFP28", "4x25"), ("QSFP56", "4x50 4x25"), True),  # QSFP28 module, QSFP56 cage
    (("QSFP28", "4x25"), ("QSFP112", "2x100 4x25"), True),
    (("QSFP56", "4x50"), ("QSFP-DD", "8x50 4x50"), True),  # QSFP-DD cages take QSFP
    (("QSFP-DD", "8x50"), ("QSFP112", "4x100"), False),  # but QSFP-DD plugs need QSFP-DD
    (("SFP28", "1x25"), ("SFP56", "1x50 1x25"), True),
    (("SFP28", "1x25"), ("QSFP28", "4x25"), False),
])
def test_shells(plug, port, accepted):
    assert fit.accepts(iface(*port), iface(*plug)) is accepted


def test_finned_top_plugs_fit_switch_cages_and_flat_top_ones_adapter_cages():
    switch = iface("OSFP", "8x100", top="finned", role="switch")
    adapter = iface("OSFP", "4x100 2x100", top="flat", role="host")
    twin = iface("OSFP", "8x100", top="finned")
    single = iface("OSFP", "4x100 2x100", top="flat")
    assert fit.link(twin, switch) == Mode(8, 100)
    assert fit.link(single, adapter) == Mode(4, 100)
    assert fit.link(single, switch) is None
    assert "flat top OSFP plugs do not fit finned top" in fit.why_not(single, switch)
    assert fit.link(twin, adapter) is None


def test_a_shared_lane_count_and_rate_is_needed_and_the_fastest_is_used():
    hdr100_port = iface("QSFP56", "2x50 4x25 4x10", role="host")
    assert fit.link(iface("QSFP56", "4x50 2x50 4x25"), hdr100_port) == Mode(2, 50)
    assert fit.link(iface("QSFP56", "4x50"), hdr100_port) is None
    assert fit.why_not(iface("QSFP56", "4x50"), hdr100_port) == \
        "no lane count and lane rate that both run"


def test_a_protocol_must_be_shared():
    ib_switch = iface("QSFP56", "4x50 4x25", ("InfiniBand",), role="switch")
    assert fit.link(iface("QSFP56", "4x50", ("Ethernet",)), ib_switch) is None
    assert "speaks Ethernet" in fit.why_not(iface("QSFP56", "4x50", ("Ethernet",)), ib_switch)


def test_a_splitter_puts_its_switch_end_in_the_switch_and_its_legs_in_hosts():
    ends = [Connector("switch end", 1, iface("OSFP", "8x100", top="finned", role="switch")),
            Connector("adapter legs", 2, iface("OSFP", "4x100", top="flat", role="host"))]
    switch = [Connector("twin-port OSFP cages", 32,
                        iface("OSFP", "8x100", top="finned", role="switch"))]
    adapter = [Connector("OSFP port", 1, iface("OSFP", "4x100 2x100", top="flat", role="host"))]
    to_switch, to_adapter = fit.fit_connectors(ends, switch), fit.fit_connectors(ends, adapter)
    assert [p.end.label for p in to_switch.placements] == ["switch end"]
    assert [p.end.label for p in to_adapter.placements] == ["adapter legs"]
    assert to_adapter.best.describe() == (
        "Adapter legs into the OSFP port: 400 Gb/s (4 × 100G lanes), InfiniBand or Ethernet")
    # A QSFP56 splitter's combined end is not for a host, though the cage would take it.
    hdr_split = [Connector("switch end", 1, iface("QSFP56", "4x50", role="switch")),
                 Connector("adapter legs", 2, iface("QSFP56", "2x50", role="host"))]
    hdr_adapter = [Connector("ports", 2, iface("QSFP56", "4x50 2x50 4x25", role="host"))]
    assert [p.end.label for p in fit.fit_connectors(hdr_split, hdr_adapter).placements] == \
        ["adapter legs"]


@pytest.mark.parametrize("data", [
    {"cage": "OSFP", "modes": ["8x100"]},  # OSFP needs a top
    {"cage": "QSFP56", "top": "flat", "modes": ["4x50"]},  # only OSFP has one
    {"cage": "QSFP57", "modes": ["4x50"]},
    {"cage": "QSFP56", "modes": ["4x51"]},
    {"cage": "QSFP56", "modes": ["fast"]},
    {"cage": "QSFP56", "modes": []},
    {"cage": "QSFP56", "modes": ["4x50"], "protocols": ["FibreChannel"]},
    {"cage": "QSFP56", "modes": ["4x50"], "count": 0},
])
def test_malformed_descriptions_are_refused(data):
    with pytest.raises(ValueError):
        fit.connector_from(data, ["Ethernet"])
