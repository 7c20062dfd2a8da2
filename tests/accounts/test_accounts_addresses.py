import pytest
from sqlalchemy import func, select

from shop.accounts import queries
from shop.accounts.addresses import AddressInput, add_address, set_default, update_address
from shop.accounts.models import Address
from shop.errors import ValidationError
from shop.extensions import db
from tests.accounts.helpers import account, login, user


def _data(**overrides):
    values = {"full_name": "Ann Lee", "line1": "1 Main St", "city": "Berlin",
              "country_code": "DE", "postal_code": "10115"}
    values.update(overrides)
    return values


def test_first_address_is_default_of_both_kinds(ctx):
    u = user()
    a = add_address(u.id, AddressInput(**_data()))
    assert a.is_default_shipping and a.is_default_billing


def test_one_default_of_each_kind(ctx):
    u = user()
    a = add_address(u.id, AddressInput(**_data()))
    b = add_address(u.id, AddressInput(**_data(line1="2 Side St", is_default_shipping=True)))
    db.session.commit()
    db.session.expire_all()
    assert queries.default_address(u.id, "shipping").id == b.id
    assert queries.default_address(u.id, "billing").id == a.id
    set_default(u.id, a.id, "shipping")
    update_address(u.id, b.id, AddressInput(**_data(line1="2 Side St", is_default_billing=True)))
    db.session.commit()
    db.session.expire_all()
    assert queries.default_address(u.id, "shipping").id == a.id
    assert queries.default_address(u.id, "billing").id == b.id
    for kind in ("shipping", "billing"):
        column = getattr(Address, f"is_default_{kind}")
        count = db.session.scalar(select(func.count(Address.id)).where(
            Address.user_id == u.id, column.is_(True)))
        assert count == 1


def test_database_refuses_two_defaults(ctx):
    from sqlalchemy.exc import IntegrityError

    u = user()
    add_address(u.id, AddressInput(**_data()))
    db.session.add(Address(user_id=u.id, full_name="X", line1="Y", city="Z", country_code="DE",
                           is_default_shipping=True))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_country_must_be_iso_3166(ctx):
    u = user()
    with pytest.raises(ValidationError) as err:
        add_address(u.id, AddressInput(**_data(country_code="XX")))
    assert err.value.field == "country_code"
    with pytest.raises(ValueError):
        Address(user_id=u.id, full_name="a", line1="b", city="c", country_code="ZZ")
    a = add_address(u.id, AddressInput(**_data(country_code="gb", postal_code="sw1a1aa")))
    assert a.country_code == "GB"


def test_country_select_lists_pycountry(app, client):
    account(app, "c@example.com")
    login(client, "c@example.com")
    page = client.get("/account/addresses").text
    assert '<option value="DE">Germany</option>' in page
    assert page.count("<option") > 240


def test_address_book_through_the_pages(app, client):
    u = account(app, "a@example.com")
    login(client, "a@example.com")
    r = client.post("/account/addresses", data=_data())
    assert r.status_code == 302
    with app.app_context():
        [a] = queries.addresses_for(u.id)
    r = client.post(f"/account/addresses/{a.id}/edit", data=_data(city="Hamburg",
                                                                  is_default_shipping="y"))
    assert r.status_code == 302
    with app.app_context():
        assert db.session.get(Address, a.id).city == "Hamburg"
    page = client.get("/account/addresses").text
    assert "Hamburg" in page and "Default shipping" in page
    assert client.post(f"/account/addresses/{a.id}/delete").status_code == 302
    with app.app_context():
        assert queries.addresses_for(u.id) == []


def test_bad_address_input_changes_nothing(app, client):
    u = account(app, "b@example.com")
    login(client, "b@example.com")
    for overrides, message in [({"country_code": "XX"}, "Not a valid choice"),
                               ({"country_code": ""}, "Choose a country"),
                               ({"city": ""}, "Enter the city"),
                               ({"line1": "x" * 201}, "at most 200")]:
        r = client.post("/account/addresses", data=_data(**overrides))
        assert r.status_code == 200, overrides
        assert message in r.text, overrides
    with app.app_context():
        assert queries.addresses_for(u.id) == []


def test_another_users_address_is_404_everywhere(app, client):
    with app.app_context():
        owner = user("owner@example.com")
        theirs = add_address(owner.id, AddressInput(**_data(full_name="Owner Person"))).id
        db.session.commit()
    account(app, "intruder@example.com")
    login(client, "intruder@example.com")
    assert client.get(f"/account/addresses/{theirs}/edit").status_code == 404
    r = client.post(f"/account/addresses/{theirs}/edit", data=_data(city="Stolen"))
    assert r.status_code == 404
    assert client.post(f"/account/addresses/{theirs}/delete").status_code == 404
    assert "Owner Person" not in client.get("/account/addresses").text
    with app.app_context():
        kept = db.session.get(Address, theirs)
        assert kept is not None and kept.city == "Berlin"
    # Ids that do not exist answer the same way.
    assert client.get("/account/addresses/999999/edit").status_code == 404


def test_address_pages_need_sign_in(app, client):
    with app.app_context():
        owner = user("o@example.com").id
        a = add_address(owner, AddressInput(**_data())).id
        db.session.commit()
    for path in ("/account/addresses", f"/account/addresses/{a}/edit"):
        assert client.get(path).status_code == 302
    assert client.post(f"/account/addresses/{a}/delete").status_code == 302
    with app.app_context():
        assert queries.addresses_for(owner) != []


@pytest.mark.parametrize(("country", "typed", "stored"), [
    ("US", "94105", "94105"), ("US", "94105 1234", "94105-1234"), ("US", "94105-1234",
                                                                    "94105-1234"),
    ("GB", "sw1a1aa", "SW1A 1AA"), ("CA", "k1a0b1", "K1A 0B1"), ("NL", "1012ab", "1012 AB"),
    ("DE", " 10115 ", "10115"), ("JP", "1000001", "100-0001"), ("IE", "", ""),
    ("AE", "", ""), ("AR", "C1425", "C1425"),  # no known format: taken as typed
])
def test_postal_codes_are_checked_by_country(country, typed, stored):
    from shop.accounts.postal import check_postal_code

    assert check_postal_code(country, typed) == (stored, None)


@pytest.mark.parametrize(("country", "typed"), [
    ("US", "9410"), ("US", "941055"), ("US", "94105-12"), ("US", "ABCDE"), ("US", ""),
    ("GB", "12345"), ("CA", "123456"), ("DE", "1011"), ("FR", ""),
])
def test_malformed_postal_codes_are_refused(ctx, country, typed):
    u = user("zip@example.com")
    with pytest.raises(ValidationError) as err:
        add_address(u.id, AddressInput(**_data(country_code=country, postal_code=typed)))
    assert err.value.field == "postal_code" and "for example" in err.value.message


def test_addresses_print_in_the_country_order():
    from shop.accounts.postal import locality_lines

    assert locality_lines("US", "San Francisco", "CA", "94105") == ["San Francisco, CA 94105"]
    assert locality_lines("DE", "Berlin", "", "10115") == ["10115 Berlin"]
    assert locality_lines("GB", "London", "", "SW1A 1AA") == ["London", "SW1A 1AA"]
    assert locality_lines("JP", "Chiyoda-ku", "Tokyo", "100-0001") == ["〒100-0001",
                                                                      "Tokyo Chiyoda-ku"]
    assert locality_lines("US", "Austin", "", "") == ["Austin"]


def test_the_address_book_prints_a_us_address_city_state_zip(app, client):
    with app.app_context():
        u = user("us@example.com")
        add_address(u.id, AddressInput(**_data(country_code="US", city="Austin", region="TX",
                                               postal_code="78701")))
        db.session.commit()
    login(client, "us@example.com")
    html = client.get("/account/addresses").get_data(as_text=True)
    assert "Austin, TX 78701" in html
