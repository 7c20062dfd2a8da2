"""Address-book use cases. Each user has at most one default shipping and one default
billing address: making an address the default takes the flag off the previous one first
(the partial unique indexes would refuse two)."""

from __future__ import annotations

from dataclasses import dataclass, fields

from sqlalchemy import update

from shop.accounts import queries
from shop.accounts.countries import is_country_code
from shop.accounts.models import Address
from shop.accounts.postal import check_postal_code
from shop.errors import NotFound, ValidationError
from shop.extensions import db


@dataclass
class AddressInput:
    full_name: str
    line1: str
    city: str
    country_code: str
    company: str = ""
    line2: str = ""
    region: str = ""
    postal_code: str = ""
    phone: str = ""
    is_default_shipping: bool = False
    is_default_billing: bool = False

    def cleaned(self) -> AddressInput:
        values = {}
        for f in fields(self):
            value = getattr(self, f.name)
            values[f.name] = value.strip() if isinstance(value, str) else bool(value)
        values["country_code"] = values["country_code"].upper()
        return AddressInput(**values)


MAX_ADDRESSES = 50
REQUIRED = {"full_name": "the name", "line1": "the street address", "city": "the city"}


def _check(data: AddressInput) -> AddressInput:
    data = data.cleaned()
    for name, label in REQUIRED.items():
        if not getattr(data, name):
            raise ValidationError(name, f"Enter {label}.")
    if not is_country_code(data.country_code):
        raise ValidationError("country_code", "Choose a country from the list.")
    postal_code, error = check_postal_code(data.country_code, data.postal_code)
    if error:
        raise ValidationError("postal_code", error)
    data.postal_code = postal_code
    return data


def _clear_default(user_id: int, kind: str, keep_id: int | None = None) -> None:
    column = Address.is_default_shipping if kind == "shipping" else Address.is_default_billing
    stmt = update(Address).where(Address.user_id == user_id, column.is_(True))
    if keep_id is not None:
        stmt = stmt.where(Address.id != keep_id)
    db.session.execute(stmt.values({column.key: False}).execution_options(
        synchronize_session="fetch"))


def _apply(address: Address, data: AddressInput, user_id: int) -> None:
    # Clear the old defaults in the database before this row claims the flag.
    if data.is_default_shipping:
        _clear_default(user_id, "shipping", keep_id=address.id)
    if data.is_default_billing:
        _clear_default(user_id, "billing", keep_id=address.id)
    for f in fields(data):
        setattr(address, f.name, getattr(data, f.name))


def add_address(user_id: int, data: AddressInput) -> Address:
    data = _check(data)
    existing = queries.addresses_for(user_id)
    if len(existing) >= MAX_ADDRESSES:
        raise ValidationError(None, f"An address book holds at most {MAX_ADDRESSES} addresses.")
    first = not existing
    if first:  # the first address is the default of both kinds
        data.is_default_shipping = data.is_default_billing = True
    address = Address(user_id=user_id, full_name="", line1="", city="", country_code="US")
    _apply(address, data, user_id)
    db.session.add(address)
    db.session.flush()
    return address


def update_address(user_id: int, address_id: int, data: AddressInput) -> Address:
    address = queries.address_of(user_id, address_id)
    if address is None:
        raise NotFound("address")
    data = _check(data)
    _apply(address, data, user_id)
    db.session.flush()
    return address


def delete_address(user_id: int, address_id: int) -> None:
    address = queries.address_of(user_id, address_id)
    if address is None:
        raise NotFound("address")
    db.session.delete(address)
    db.session.flush()


def set_default(user_id: int, address_id: int, kind: str) -> Address:
    if kind not in ("shipping", "billing"):
        raise ValidationError(None, "Unknown kind of default address.")
    address = queries.address_of(user_id, address_id)
    if address is None:
        raise NotFound("address")
    _clear_default(user_id, kind, keep_id=address.id)
    setattr(address, f"is_default_{kind}", True)
    db.session.flush()
    return address
