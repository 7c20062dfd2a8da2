"""A company applies once: the same tax ID, the same company name at the same e-mail domain,
or the same normalised name while an earlier application is open or approved gives a clear
message instead of a second application."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from shop.db import utcnow
from shop.extensions import db
from shop.suppliers import identifiers
from shop.suppliers.exceptions import ApplicationErrors
from shop.suppliers.models import Actor, ApplicationStatus, SupplierApplication
from shop.suppliers.services import history
from tests.suppliers.helpers import apply, count_applications, submit

OTHER = dict(legal_name="Another Company Ltd", trading_name="", tax_id="DE136695976",
             country_code="DE", phone="+49 30 1234567", city="Berlin",
             email="someone@another.example", warehouse_countries="DE")


def _errors(ctx_path, **overrides) -> dict[str, str]:
    with pytest.raises(ApplicationErrors) as caught:
        submit(ctx_path, **overrides)
    return {e.field: e.message for e in caught.value.errors}


def test_names_compare_without_case_accents_punctuation_or_legal_form():
    assert identifiers.name_key("Fabric Parts B.V.") == identifiers.name_key("FABRIC PARTS BV")
    assert identifiers.name_key("Kabelwerk GmbH & Co. KG") == "kabelwerk"
    assert identifiers.name_key("Société Générale S.A.") == "societe generale"
    assert identifiers.name_key("The Ltd") == "the ltd"  # nothing but legal words: kept


def test_the_same_tax_id_is_caught(ctx, tmp_path):
    submit(str(tmp_path))
    errors = _errors(str(tmp_path), **{**OTHER, "country_code": "NL",
                                       "tax_id": "NL 0044.95445.B01", "phone": "+31201234567"})
    assert "with this tax ID" in errors["tax_id"]


def test_the_same_name_is_caught_normalised(ctx, tmp_path):
    submit(str(tmp_path))
    errors = _errors(str(tmp_path), **{**OTHER, "legal_name": "FABRIC PARTS BV"})
    assert "with this name" in errors["legal_name"]


def test_the_same_domain_with_a_shared_name_is_caught(ctx, tmp_path):
    submit(str(tmp_path))  # trading name FabParts, at fabparts.example
    errors = _errors(str(tmp_path), **{**OTHER, "legal_name": "FabParts Holding",
                                       "trading_name": "FabParts",
                                       "email": "sales@fabparts.example"})
    assert "from an address at fabparts.example" in errors["email"]
    # A free mail provider's domain says nothing: another company there is fine.
    submit(str(tmp_path), **{**OTHER, "email": "a@gmail.com", "trading_name": "AC"})
    submit(str(tmp_path), **{**OTHER, "legal_name": "Third Co", "tax_id": "DE129273398",
                             "email": "b@gmail.com", "trading_name": "AC"})


def test_a_different_company_is_fine(ctx, tmp_path):
    submit(str(tmp_path))
    submit(str(tmp_path), **OTHER)
    assert db.session.query(SupplierApplication).count() == 2


def test_a_closed_application_no_longer_blocks(ctx, tmp_path):
    first = submit(str(tmp_path))
    history.move(first, ApplicationStatus.REJECTED, actor=Actor.STAFF, actor_id=None)
    submit(str(tmp_path))
    assert db.session.query(SupplierApplication).count() == 2


def test_an_unconfirmed_application_past_its_link_no_longer_blocks(ctx, tmp_path):
    first = submit(str(tmp_path))
    first.created_at = first.status_changed_at = utcnow() - timedelta(days=4)
    db.session.flush()
    second = submit(str(tmp_path))
    assert first.status == ApplicationStatus.REJECTED and first.events[-1].actor_kind == "shop"
    assert second.status == ApplicationStatus.SUBMITTED


def test_an_approved_company_cannot_apply_again(ctx, tmp_path):
    first = submit(str(tmp_path))
    for target, actor in ((ApplicationStatus.IN_REVIEW, Actor.APPLICANT),
                          (ApplicationStatus.APPROVED, Actor.STAFF)):
        history.move(first, target, actor=actor, actor_id=None)
    assert "tax_id" in _errors(str(tmp_path))


def test_the_database_refuses_a_twin_that_races_the_check(ctx, tmp_path):
    first = submit(str(tmp_path))
    twin = SupplierApplication(**{c.name: getattr(first, c.name)
                                  for c in SupplierApplication.__table__.columns
                                  if c.name not in ("id", "reference", "organisation_id")},
                               reference="SA-TWIN")
    db.session.add(twin)
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_a_duplicate_through_the_form_gets_its_message(app, client, uploads):
    assert apply(client).status_code == 302
    again = apply(client, email="other@fabparts.example")
    assert again.status_code == 200
    assert "We already have an open or approved application of a company with this tax ID" \
        in again.text
    assert 'id="tax_id-error"' in again.text
    assert count_applications(app) == 1
