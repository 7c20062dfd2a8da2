"""Compatibility over the demo catalogue: real pairs from the datasheets, and both
directions agreeing for every product."""

from __future__ import annotations

import re

import pytest

from shop.catalog import compatibility, fit
from shop.catalog.models import Product
from shop.extensions import db

# (part, device, the link it makes in Gb/s, which end goes in) — taken from the datasheets
# and the product texts.
MUST_FIT = [
    ("MCP4Y10-N001", "MQM9700-NS2F", 800, "ends"),  # twin-port DAC between NDR switches
    ("MMA4Z00-NS", "MQM9790-NS2F", 800, "module"),  # twin-port 2xSR4 in a switch cage
    ("MMS4X00-NM", "920-9N42F-00RI-7C0", 800, "module"),  # 2xDR4 in Spectrum-4
    ("MCA4J80-N003", "MQM9700-NS2R", 800, "ends"),  # ACC between switches
    ("MCP7Y00-N001", "MQM9700-NS2F", 800, "switch end"),  # splitter: finned end at switch
    ("MCP7Y00-N001", "MCX75310AAS-NEAT", 400, "adapter legs"),  # flat legs at ConnectX-7
    ("MCP7Y10-N001", "900-9D3B6-00CV-AA0", 200, "adapter legs"),  # QSFP112 legs, 200G card
    ("MMA4Z00-NS400", "MCX75310AAS-NEAT", 400, "module"),  # flat-top SR4 in CX-7 OSFP
    ("MMS4X00-NS400", "MCX75310AAS-HEAT", 200, "module"),  # two lanes lit at NDR200
    ("MCP1650-H001E30", "MQM8700-HS2F", 200, "ends"),  # HDR DAC in HDR switch
    ("MCP1600-E001E30", "MQM8700-HS2F", 100, "ends"),  # EDR cable in QSFP56 HDR cage
    ("MCP7H50-H001R30", "MQM8790-HS2F", 200, "switch end"),
    ("MCP7H50-H001R30", "MCX653105A-ECAT", 100, "adapter legs"),  # HDR100 legs
    ("MCP1600-C001E30N", "MCX623106AN-CDAT", 100, "ends"),  # QSFP28 100GbE, QSFP56 card
    ("MMA1B00-C100D", "MCX623436AN-CDAB", 100, "module"),
    ("MFS1S50-H003V", "MSN3700-VS2F", 200, "switch end"),  # 200GbE to 2x100GbE
    ("MMA2P00-AS", "MCX713104AS-ADAT", 25, "module"),  # SFP28 optic in SFP56 cage
    ("MCP2M00-A001E30N", "MSN2010-CB2F", 25, "ends"),
    ("MCP1660-W001E30", "MSN4700-WS2F", 400, "ends"),
    ("MMA1T00-VS", "MSN4700-WS2F", 200, "module"),  # QSFP-DD cages take QSFP56 plugs
]
MUST_NOT_FIT = [
    ("MMA4Z00-NS400", "MQM9700-NS2F"),  # flat-top adapter optic in a switch cage
    ("MMS4X00-NS400", "920-9N42F-00RI-7C0"),
    ("MMA4Z00-NS", "MCX75310AAS-NEAT"),  # finned-top switch optic in an adapter cage
    ("MCP4Y10-N001", "MCX75343AMS-NEAC"),
    ("MCP1650-V001E30", "MQM8700-HS2F"),  # 200GbE cable in an InfiniBand-only switch
    ("MMA1T00-VS", "MQM8790-HS2F"),
    ("MMA1T00-HS", "MSN3700-VS2F"),  # HDR optic in an Ethernet switch
    ("MCP1660-W001E30", "MCX755106AS-HEAT"),  # QSFP-DD plug, QSFP112 cage
    ("MFA1A00-C010", "MSB7800-ES2F"),  # 100GbE AOC in an EDR switch
    ("MCP1650-H001E30", "MSN2700-CS2F"),  # HDR InfiniBand DAC in an Ethernet switch
    ("MMA2P00-AS", "Netropy 10G"),  # 25G-only optic in a 10G SFP+ port
    ("MCP7Y00-N001", "MCX75310AAS-HEAT"),  # 400G legs only; the card runs 200G
    ("MCP1650-V001E30", "MCX623106AN-CDAT"),  # 200GbE cable, 100GbE card
]


def product(mpn: str) -> Product:
    return db.session.execute(db.select(Product).where(Product.mpn == mpn)).scalar_one()


def slug_of(demo_app, mpn: str) -> str:
    """A demo product's slug, read in an app context of its own."""
    with demo_app.app_context():
        return product(mpn).slug


@pytest.mark.parametrize(("part", "device", "gbps", "end"), MUST_FIT)
def test_datasheet_pairs_that_fit(demo, part, device, gbps, end):
    result = fit.fits(product(part), product(device))
    assert result, result.reasons
    assert result.gbps == gbps
    assert fit.fits(product(device), product(part)) == result  # either order
    assert result.best.end.label == end
    found = {m.product_id: m for m in compatibility.compatible_parts(product(device))}
    assert found[product(part).id].gbps == gbps


@pytest.mark.parametrize(("part", "device"), MUST_NOT_FIT)
def test_datasheet_pairs_that_do_not_fit(demo, part, device):
    result = fit.fits(product(part), product(device))
    assert not result and result.reasons
    assert product(part).id not in {m.product_id for m in
                                    compatibility.compatible_parts(product(device))}
    assert product(device).id not in {m.product_id for m in
                                      compatibility.compatible_parts(product(part))}


def test_both_directions_agree_for_every_product(demo):
    products = db.session.execute(db.select(Product)).scalars().all()
    parts = [p for p in products if compatibility.is_part(p)]
    devices = [p for p in products if not compatibility.is_part(p)]
    lists = {p.id: {m.product_id for m in compatibility.compatible_parts(p)} for p in products}
    pairs = 0
    for part in parts:
        for device in devices:
            fits = bool(fit.fits(part, device))
            assert (part.id in lists[device.id]) == fits, (part.mpn, device.mpn)
            assert (device.id in lists[part.id]) == fits, (part.mpn, device.mpn)
            pairs += fits
    assert pairs > 150
    assert all(p.ends for p in parts)  # every cable and transceiver is described


def test_device_page_groups_best_matches_first(demo_client, demo_app):
    html = demo_client.get(f"/p/{slug_of(demo_app, 'MQM9700-NS2F')}").get_data(as_text=True)
    section = html[html.index('id="compat-h"'):]
    headings = re.findall(r'<h3 id="compat-(\w+)">', section)
    assert headings == ["dac", "acc", "transceiver"]
    assert "MMA4Z00-NS<" in section and "MMA4Z00-NS400" not in section
    assert "800 Gb/s, switch end into the twin-port OSFP cages" in section
    assert re.search(r'compatible\?group=dac">See all 7<span', section)


def test_full_list_and_part_page_say_which_end_goes_where(demo_client, demo_app):
    device = slug_of(demo_app, "MQM9700-NS2F")
    full = demo_client.get(f"/p/{device}/compatible?group=dac").get_data(as_text=True)
    assert full.count('class="card"') == 7
    assert demo_client.get(f"/p/{device}/compatible?group=nope").status_code == 404
    assert demo_client.get(f"/p/{device}/compatible?group=dac&page=2").status_code == 404
    html = demo_client.get(f"/p/{slug_of(demo_app, 'MCP7Y00-N001')}").get_data(as_text=True)
    assert "switch end into its twin-port OSFP cages" in html
    assert "adapter legs into its OSFP port" in html
    assert "goes into a host" in html  # the ends table


def test_the_adapter_text_and_its_list_agree(demo_client, demo_app):
    """The QSFP56 100GbE card's text says QSFP28 optics and DACs fit: its list shows them."""
    html = demo_client.get(f"/p/{slug_of(demo_app, 'MCX623106AN-CDAT')}").get_data(as_text=True)
    for mpn in ("MCP1600-C001E30N", "MMA1B00-C100D", "MFA1A00-C003"):
        assert mpn in html
