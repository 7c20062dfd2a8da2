"""Editing products through ``shop.catalog.editing``: versions, what each edit tells the
facet index and the page cache, and the rules the forms cannot check."""

import pytest
from sqlalchemy import select

from shop.catalog.editing import (
    EditConflict,
    ProductDraft,
    StaffFields,
    change_product_status,
    create_from_draft,
    update_from_draft,
)
from shop.catalog.exceptions import InvalidProduct
from shop.catalog.facet_index import current_version
from shop.catalog.models import CatalogChange, Product
from shop.catalog.services import get_or_create_brand, set_price
from shop.extensions import db
from tests.factories import make_category, make_supplier_organisation

SPECS = {"protocol": ["Ethernet"], "data_rate": [100.0], "form_factor": ["QSFP28"],
         "port_count": [2.0]}


def _draft(**overrides) -> ProductDraft:
    values = {"name": "Edited adapter", "product_type": "adapter",
              "brand_id": get_or_create_brand("NVIDIA").id,
              "category_id": make_category("network-adapters").id, "sku": "E-1",
              "mpn": "EDT-1", "price_cents": 100_00, "specs": dict(SPECS)}
    values.update(overrides)
    return ProductDraft(**values)


def _kinds(product_id):
    return db.session.scalars(select(CatalogChange.kind).where(
        CatalogChange.product_id == product_id).order_by(CatalogChange.id)).all()


def test_each_edit_tells_the_index_and_the_cache_what_it_needs(ctx):
    product = create_from_draft(_draft(), actor_id=None)
    assert (product.status, product.version) == ("draft", 1)
    start = len(_kinds(product.id))
    version = current_version()
    update_from_draft(product, _draft(summary="New words"), expected_version=1, actor_id=None)
    assert _kinds(product.id)[start:] == ["content"]  # pages re-render; no index rebuild
    assert current_version() == version + 1
    update_from_draft(product, _draft(summary="New words", price_cents=90_00),
                      expected_version=2, actor_id=None)
    assert _kinds(product.id)[start + 1:] == ["price"]  # replayed in place
    changed = update_from_draft(product, _draft(summary="New words", price_cents=90_00,
                                                specs={**SPECS, "port_count": [4.0]}),
                                expected_version=3, actor_id=None)
    assert changed == ["specs"] and _kinds(product.id)[start + 2:] == ["structure"]
    assert product.version == 4
    assert update_from_draft(product, _draft(summary="New words", price_cents=90_00,
                                             specs={**SPECS, "port_count": [4.0]}),
                             expected_version=4, actor_id=None) == []


def test_a_stale_version_changes_nothing(ctx):
    product = create_from_draft(_draft(), actor_id=None)
    set_price(product, 120_00)  # any other writer of edited fields moves the version on
    db.session.commit()
    with pytest.raises(EditConflict) as raised:
        update_from_draft(product, _draft(name="Mine"), expected_version=1, actor_id=None)
    db.session.rollback()
    assert raised.value.current_version == 2
    stored = db.session.get(Product, product.id)
    assert (stored.name, stored.price_cents, stored.version) == ("Edited adapter", 120_00, 2)


def test_rules_the_form_cannot_check(ctx):
    create_from_draft(_draft(), actor_id=None)
    with pytest.raises(InvalidProduct) as taken:
        create_from_draft(_draft(mpn="OTHER"), actor_id=None)
    assert taken.value.field == "sku"
    with pytest.raises(InvalidProduct) as missing:
        create_from_draft(_draft(sku="E-2", specs={"protocol": ["Ethernet"]}), actor_id=None)
    assert missing.value.field == "spec:data_rate"
    with pytest.raises(InvalidProduct) as successor:
        create_from_draft(_draft(sku="E-3", staff=StaffFields(eol=True, successor_sku="X")),
                          actor_id=None)
    assert successor.value.field == "successor"


def test_a_supplier_draft_keeps_the_staff_fields_untouched(ctx):
    make_supplier_organisation(id=42)
    product = create_from_draft(_draft(), actor_id=None, supplier_id=42)
    assert product.supplier_id == 42
    product.eol = True
    db.session.flush()
    update_from_draft(product, _draft(name="Renamed"), expected_version=1, actor_id=None)
    assert (product.supplier_id, product.eol, product.name) == (42, True, "Renamed")


def test_status_changes_follow_the_table_and_are_recorded(ctx):
    product = create_from_draft(_draft(), actor_id=None)
    event = change_product_status(product, "pending_review", actor_id=None, note="Supplier")
    assert (event.from_status, event.to_status, event.note) == ("draft", "pending_review",
                                                                 "Supplier")
    change_product_status(product, "published", actor_id=None)
    assert product.published_at is not None and product.version == 3
    from shop.status import InvalidTransition

    with pytest.raises(InvalidTransition):
        change_product_status(product, "pending_review", actor_id=None)


def test_saving_what_is_there_changes_nothing_not_even_the_version(ctx):
    product = create_from_draft(_draft(), actor_id=None)
    db.session.commit()
    assert update_from_draft(product, _draft(), expected_version=1, actor_id=None) == []
    assert update_from_draft(product, _draft(), expected_version=None, actor_id=None) == []
    db.session.commit()
    assert db.session.get(Product, product.id).version == 1


def test_an_unknown_supplier_number_is_refused_on_the_field(ctx):
    with pytest.raises(InvalidProduct) as created:
        create_from_draft(_draft(), actor_id=None, supplier_id=9999)
    assert created.value.field == "supplier_id"
    product = create_from_draft(_draft(sku="E-9"), actor_id=None)
    with pytest.raises(InvalidProduct) as edited:
        update_from_draft(product, _draft(sku="E-9", staff=StaffFields(supplier_id=9999)),
                          expected_version=product.version, actor_id=None)
    assert "no supplier number 9999" in edited.value.message


def test_prices_set_in_bulk_move_the_version_so_open_forms_learn_of_it(ctx):
    from shop.catalog.services import set_prices

    product = create_from_draft(_draft(), actor_id=None)
    db.session.commit()
    loaded = product.version
    set_prices({product.id: 120_00})
    db.session.commit()
    db.session.expire_all()
    with pytest.raises(EditConflict):
        update_from_draft(db.session.get(Product, product.id), _draft(name="Stale edit"),
                          expected_version=loaded, actor_id=None)
