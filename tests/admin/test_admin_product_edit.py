"""Creating and editing products over HTTP: the typed spec form, prices, identifiers, end of
life, statuses, and two people editing the same product."""

import pytest
from sqlalchemy import select

from shop.catalog.edit_models import ProductEvent
from shop.catalog.models import Brand, Category, Product
from shop.catalog.services import get_or_create_brand
from shop.extensions import db
from tests.admin.products_helpers import (
    adapter,
    edit_form,
    form_fields,
    post_form,
    staff_client,
    stored,
)
from tests.factories import make_category


@pytest.fixture
def staff(app, client):
    return staff_client(app, client)


def _cable_form(client):
    page = client.get("/admin/products/new?type=cable")
    assert page.status_code == 200
    return page, form_fields(page.text, "/admin/products/new")


def _ids(app):
    with app.app_context():
        make_category("dac-cables", "DAC cables")
        get_or_create_brand("NVIDIA")
        db.session.commit()
        return (db.session.scalar(select(Brand.id)),
                db.session.scalar(select(Category.id).where(Category.slug == "dac-cables")))


def test_the_spec_form_shows_units_choices_and_which_specs_are_required(app, staff):
    _ids(app)
    page, _ = _cable_form(staff)
    html = page.text
    assert 'id="specs-reach-unit">m</span>' in html  # the unit beside the reach input
    assert 'id="specs-data_rate-unit">Gb/s</span>' in html
    assert '<option value="DAC">DAC</option>' in html  # media: a closed list
    assert 'value="InfiniBand"' in html and 'type="checkbox"' in html  # protocols: several
    assert html.count("(required)") >= 5 + 3  # five required specs, name, SKU, MPN …


def test_creating_without_required_specs_is_refused_with_a_message_beside_each(app, staff):
    brand_id, category_id = _ids(app)
    _, data = _cable_form(staff)
    response = post_form(staff, "/admin/products/new?type=cable", data,
                         name="HDR DAC 2 m", brand_id=str(brand_id),
                         category_id=str(category_id), sku="C-100", mpn="MCP1650-H002E26",
                         price="199.00", specs__data_rate="abc", specs__reach="")
    assert response.status_code == 400
    html = response.text
    assert "Enter the reach in m." in html
    assert "Choose the media." in html
    assert "Tick at least one protocol." in html
    assert "is not a number (in Gb/s)" in html
    assert 'id="specs-reach-error"' in html and 'aria-describedby="specs-reach-unit' in html
    with app.app_context():
        assert db.session.scalar(select(Product.id)) is None


def test_a_complete_cable_is_created_as_a_draft_with_exact_cents(app, staff):
    brand_id, category_id = _ids(app)
    _, data = _cable_form(staff)
    response = post_form(staff, "/admin/products/new?type=cable", data,
                         name="HDR DAC 2 m", brand_id=str(brand_id),
                         category_id=str(category_id), sku="C-100", mpn="MCP1650-H002E26",
                         gtin="4006381333931", price="1,299.99", eccn="ear99",
                         specs__protocol=["InfiniBand"], specs__generation=["HDR"],
                         specs__data_rate="200", specs__form_factor=["QSFP56"],
                         specs__media="DAC", specs__reach="2")
    assert response.status_code == 302, response.text
    with app.app_context():
        product = db.session.scalar(select(Product))
        assert (product.price_cents, product.status, product.eccn) == (129_999, "draft", "EAR99")
        assert {(s.code, s.value_key) for s in product.specs} >= {
            ("reach", "2"), ("data_rate", "200"), ("media", "DAC"), ("protocol", "InfiniBand")}
        assert {i.kind for i in product.identifiers} == {"sku", "mpn", "gtin"}


@pytest.mark.parametrize(("typed", "message"), [
    ("abc", "Enter the price as a number, like 1299.00."),
    ("12,99", "Use a dot before the cents"),
    ("1.299,00", "Use a dot before the cents"),
    ("1299.999", "Enter at most 2 decimals."),
    ("-5", "A price cannot be negative."),
    ("", "Enter the price, like 1299.00."),
    ("99999999999", "That price is too large."),
])
def test_prices_that_cannot_be_read_are_refused_beside_the_field(app, staff, typed, message):
    product_id = adapter(app, price_cents=500_00)
    response = post_form(staff, f"/admin/products/{product_id}/edit",
                         edit_form(staff, product_id), price=typed)
    assert response.status_code == 400
    assert message in response.text
    assert 'id="price-error"' in response.text
    assert stored(app, product_id).price_cents == 500_00


@pytest.mark.parametrize(("typed", "cents"), [("1299.00", 129_900), ("1,299.00", 129_900),
                                              ("1299", 129_900), ("0.5", 50), ("0", 0)])
def test_prices_are_read_exactly(app, staff, typed, cents):
    product_id = adapter(app, price_cents=500_00)
    response = post_form(staff, f"/admin/products/{product_id}/edit",
                         edit_form(staff, product_id), price=typed)
    assert response.status_code == 302
    assert stored(app, product_id).price_cents == cents


def test_gtin_checksum_and_eccn_format_are_checked(app, staff):
    product_id = adapter(app)
    data = edit_form(staff, product_id)
    bad = post_form(staff, f"/admin/products/{product_id}/edit", data,
                    gtin="4006381333932", eccn="5Z999")
    assert bad.status_code == 400
    assert "check digit is wrong" in bad.text and "Enter an ECCN like 5A992.c" in bad.text
    good = post_form(staff, f"/admin/products/{product_id}/edit", data,
                     gtin="400638 1333931", eccn="5a992.C")
    assert good.status_code == 302
    product = stored(app, product_id)
    assert (product.gtin, product.eccn) == ("4006381333931", "5A992.c")


def test_a_sku_in_use_is_refused_beside_the_field(app, staff):
    first = adapter(app, sku="A-1")
    second = adapter(app, sku="A-2")
    response = post_form(staff, f"/admin/products/{second}/edit", edit_form(staff, second),
                         sku="A-1")
    assert response.status_code == 400 and "SKU A-1 is already in use" in response.text
    assert stored(app, first).sku == "A-1" and stored(app, second).sku == "A-2"


def test_an_edit_shows_on_the_public_page_and_in_search(app, staff, client):
    product_id = adapter(app, name="Plain adapter")
    data = edit_form(staff, product_id)
    response = post_form(staff, f"/admin/products/{product_id}/edit", data,
                         name="Zephyrite SmartNIC", price="777.77", mpn="ZPH-9000-XQ",
                         specs__port_count="4")
    assert response.status_code == 302
    slug = stored(app, product_id).slug
    page = client.get(f"/p/{slug}").text
    assert "Zephyrite SmartNIC" in page and "$777.77" in page and "ZPH-9000-XQ" in page
    assert "<th scope=\"row\">Ports</th><td>4</td>" in page
    found = client.get("/search?q=zephyrite").text
    assert "Zephyrite SmartNIC" in found
    by_number = client.get("/search?q=zph9000xq")  # the new part number, any punctuation
    assert by_number.status_code == 302 and by_number.location.endswith(f"/p/{slug}")
    assert "Plain adapter" not in client.get("/search?q=plain").text
    listing = client.get("/c/network-adapters").text
    assert "Zephyrite SmartNIC" in listing and "$777.77" in listing


def test_end_of_life_names_its_successor_on_the_product_page(app, staff, client):
    old = adapter(app, name="Old adapter", sku="OLD-1")
    new = adapter(app, name="New adapter", sku="NEW-1")
    data = edit_form(staff, old)
    no_eol = post_form(staff, f"/admin/products/{old}/edit", data, successor_sku="NEW-1")
    assert no_eol.status_code == 400 and "tick End of life too" in no_eol.text
    itself = post_form(staff, f"/admin/products/{old}/edit", data, eol="y",
                       successor_sku="old-1")
    assert itself.status_code == 400 and "cannot replace itself" in itself.text
    unknown = post_form(staff, f"/admin/products/{old}/edit", data, eol="y",
                        successor_sku="NOPE")
    assert unknown.status_code == 400 and "No product has the SKU NOPE." in unknown.text
    saved = post_form(staff, f"/admin/products/{old}/edit", data, eol="y",
                      successor_sku="new-1")
    assert saved.status_code == 302
    page = client.get(f"/p/{stored(app, old).slug}").text
    assert "End of life." in page
    assert f'href="/p/{stored(app, new).slug}">New adapter' in page
    loop = post_form(staff, f"/admin/products/{new}/edit", edit_form(staff, new), eol="y",
                     successor_sku="OLD-1")
    assert loop.status_code == 400 and "is itself replaced by this product" in loop.text


def test_publish_unpublish_and_archive_are_recorded(app, staff, client):
    product_id = adapter(app, status="draft")
    slug = stored(app, product_id).slug
    assert client.get(f"/p/{slug}").status_code == 404
    assert staff.post(f"/admin/products/{product_id}/status",
                      data={"target": "published"}).status_code == 302
    assert client.get(f"/p/{slug}").status_code == 200
    again = staff.post(f"/admin/products/{product_id}/status", data={"target": "published"},
                       follow_redirects=True)
    assert "cannot become published" in again.text
    staff.post(f"/admin/products/{product_id}/status", data={"target": "draft",
                                                            "note": "Price check"})
    assert client.get(f"/p/{slug}").status_code == 404
    staff.post(f"/admin/products/{product_id}/status", data={"target": "archived"})
    with app.app_context():
        events = db.session.scalars(select(ProductEvent).order_by(ProductEvent.id)).all()
        assert [(e.from_status, e.to_status) for e in events] == [
            ("draft", "published"), ("published", "draft"), ("draft", "archived")]
        assert events[1].note == "Price check" and events[0].actor_id is not None
    assert staff.post(f"/admin/products/{product_id}/status",
                      data={"target": "teleported"}).status_code == 400


def test_a_product_missing_required_specs_cannot_be_published(app, staff):
    product_id = adapter(app, status="draft", specs={"protocol": ["Ethernet"]})
    page = staff.get(f"/admin/products/{product_id}/edit").text
    assert "Before it can be published" in page and "Data rate is missing." in page
    refused = staff.post(f"/admin/products/{product_id}/status",
                         data={"target": "published"}, follow_redirects=True)
    assert "Not published: Data rate is missing." in refused.text
    assert stored(app, product_id).status == "draft"


def test_a_second_save_on_an_old_form_is_refused_with_what_changed(app, client):
    product_id = adapter(app, name="Shared adapter", price_cents=100_00)
    alice = staff_client(app, client, "alice@example.com")
    bob = staff_client(app, app.test_client(), "bob@example.com")
    alice_form, bob_form = edit_form(alice, product_id), edit_form(bob, product_id)

    first = post_form(alice, f"/admin/products/{product_id}/edit", alice_form,
                      price="120.00", summary="Alice's summary")
    assert first.status_code == 302
    second = post_form(bob, f"/admin/products/{product_id}/edit", bob_form,
                       price="150.00", name="Bob's adapter")
    assert second.status_code == 409
    html = second.text
    assert "Someone else saved this product while you were editing it" in html
    assert "Price" in html and "100.00" in html and "120.00" in html and "150.00" in html
    assert "Summary" in html and "Alice&#39;s summary" in html
    product = stored(app, product_id)  # nothing of Bob's was saved
    assert (product.name, product.price_cents, product.summary) == (
        "Shared adapter", 120_00, "Alice's summary")

    # The form shown again keeps Bob's changes and takes in Alice's; saving it applies his
    # changes on top of hers.
    merged = form_fields(html, f"/admin/products/{product_id}/edit")
    assert merged["name"] == ["Bob's adapter"] and merged["price"] == ["150.00"]
    assert merged["summary"] == ["Alice's summary"]
    third = post_form(bob, f"/admin/products/{product_id}/edit", merged)
    assert third.status_code == 302
    product = stored(app, product_id)
    assert (product.name, product.price_cents, product.summary) == (
        "Bob's adapter", 150_00, "Alice's summary")


def test_a_form_without_its_version_saves_nothing(app, staff):
    product_id = adapter(app, name="Kept")
    response = post_form(staff, f"/admin/products/{product_id}/edit",
                         edit_form(staff, product_id), version="", name="Lost")
    assert response.status_code == 409
    assert stored(app, product_id).name == "Kept"
