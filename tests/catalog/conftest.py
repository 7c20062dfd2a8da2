import pytest

from shop.extensions import db
from tests.factories import make_category, make_product


def stock_cable_shelf():
    """Six cables across rates, cages and lengths, in a small category tree (committed)."""
    root = make_category("cables-transceivers", "Cables & transceivers")
    dac = make_category("dac-cables", "DAC cables", parent=root)

    def cable(name, rate, cage, reach, price, stock=0, media="DAC"):
        gen = {100: "100GbE", 200: "HDR", 400: "NDR"}[rate]
        return make_product(
            name=name, product_type="cable", category=dac, price_cents=price, stock=stock,
            specs={"protocol": ["InfiniBand"] if rate != 100 else ["Ethernet"],
                   "generation": [gen], "data_rate": [rate], "form_factor": [cage],
                   "media": media, "reach": reach},
            ends=[{"count": 2, "cage": cage, "top": "finned" if cage == "OSFP" else "",
                   "modes": [{100: "4x25", 200: "4x50", 400: "8x50"}[rate]]}],
        )

    shelf = {
        "hdr1": cable("HDR DAC 1 m", 200, "QSFP56", 1, 150_00, stock=5),
        "hdr3": cable("HDR DAC 3 m", 200, "QSFP56", 3, 190_00),
        "ndr1": cable("NDR DAC 1 m", 400, "OSFP", 1, 400_00, stock=2),
        "ndr2": cable("NDR AOC 20 m", 400, "OSFP", 20, 900_00, stock=1, media="AOC"),
        "e100": cable("100G DAC 2 m", 100, "QSFP28", 2, 80_00, stock=10),
        "e100b": cable("100G DAC 5 m", 100, "QSFP28", 5, 95_00),
    }
    db.session.commit()
    return shelf


@pytest.fixture
def cable_shelf(ctx):
    """The cable shelf, for tests that make no requests."""
    return stock_cable_shelf()


@pytest.fixture
def cable_shelf_ids(app, clean):
    """The cable shelf's product ids, stocked in an app context of its own."""
    with app.app_context():
        return {key: product.id for key, product in stock_cable_shelf().items()}
