"""Every move of a listing's status and who may make it: the organisation's members in the
portal, staff in the back office; customers and strangers neither. Moves the table forbids,
and moves made by the wrong kind of actor, change nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from shop.errors import Conflict
from shop.extensions import db
from shop.suppliers.listings import services
from shop.suppliers.listings.models import (
    LISTING_TRANSITIONS,
    MOVERS,
    ListingActor,
    ListingEvent,
    ListingStatus,
    SupplierListing,
)
from shop.suppliers.listings.workflow import may_move, move
from tests.accounts.helpers import login, user
from tests.suppliers import listing_helpers as h

L = ListingStatus


def _events(app, listing_id: int) -> list[tuple[str, str, str]]:
    with app.app_context():
        return [(e.from_status, e.to_status, e.actor_kind) for e in db.session.scalars(
            select(ListingEvent).where(ListingEvent.listing_id == listing_id)
            .order_by(ListingEvent.id))]


def test_the_table_names_who_makes_every_move():
    moves = {(a, b) for a, targets in LISTING_TRANSITIONS.items() for b in targets}
    assert set(MOVERS) == moves
    staff_moves = {m for m, who in MOVERS.items() if ListingActor.STAFF in who}
    assert staff_moves == {(L.SUBMITTED, L.APPROVED), (L.SUBMITTED, L.CHANGES_REQUESTED),
                           (L.SUBMITTED, L.REJECTED)}
    assert all(who == {ListingActor.SUPPLIER} for m, who in MOVERS.items()
               if m not in staff_moves)


def test_a_new_listing_through_every_supplier_and_staff_move(app, setup):
    cat, owner, staff = setup
    listing_id = h.create(owner.client, cat)
    assert h.stored(app, listing_id).status == L.DRAFT
    assert h.add_datasheet(owner.client, listing_id).status_code == 302
    # draft → withdrawn → draft (supplier)
    version = h.version(app, listing_id)
    assert owner.client.post(f"/supplier/listings/{listing_id}/withdraw",
                             data={"version": version, "note": "Not yet"}).status_code == 302
    assert h.stored(app, listing_id).status == L.WITHDRAWN
    assert owner.client.post(f"/supplier/listings/{listing_id}/reopen",
                             data={"version": h.version(app, listing_id)}).status_code == 302
    # draft → submitted (supplier) → withdrawn (supplier) → draft → submitted
    assert h.submit(owner.client, app, listing_id).status_code == 302
    assert h.stored(app, listing_id).status == L.SUBMITTED
    assert owner.client.post(f"/supplier/listings/{listing_id}/withdraw",
                             data={"version": h.version(app, listing_id)}).status_code == 302
    owner.client.post(f"/supplier/listings/{listing_id}/reopen",
                      data={"version": h.version(app, listing_id)})
    assert h.submit(owner.client, app, listing_id).status_code == 302
    # submitted → changes requested (staff) → withdrawn (supplier) → draft → submitted
    assert h.request_changes(staff, app, listing_id, {"name": "Say dual-port."}
                             ).status_code == 302
    assert h.stored(app, listing_id).status == L.CHANGES_REQUESTED
    owner.client.post(f"/supplier/listings/{listing_id}/withdraw",
                      data={"version": h.version(app, listing_id)})
    assert h.stored(app, listing_id).status == L.WITHDRAWN
    owner.client.post(f"/supplier/listings/{listing_id}/reopen",
                      data={"version": h.version(app, listing_id)})
    assert h.submit(owner.client, app, listing_id).status_code == 302
    h.request_changes(staff, app, listing_id, {"name": "Say dual-port."})
    # changes requested → submitted (supplier, after the fix)
    assert h.save(owner.client, app, listing_id, cat, action="submit",
                  name="ConnectX-6 Dx dual-port 100GbE").status_code == 302
    assert h.stored(app, listing_id).status == L.SUBMITTED
    # submitted → approved (staff)
    assert h.approve(staff, app, listing_id).status_code == 302
    listing = h.stored(app, listing_id)
    assert listing.status == L.APPROVED and listing.product.status == "published"
    # approved → draft (supplier edits) → approved (supplier discards the edit)
    assert h.save(owner.client, app, listing_id, cat, name="Renamed").status_code == 302
    assert h.stored(app, listing_id).status == L.DRAFT
    assert owner.client.post(f"/supplier/listings/{listing_id}/discard",
                             data={"version": h.version(app, listing_id)}).status_code == 302
    listing = h.stored(app, listing_id)
    assert listing.status == L.APPROVED and listing.name == "ConnectX-6 Dx dual-port 100GbE"
    # approved → draft → submitted → changes requested → approved (supplier discards)
    h.save(owner.client, app, listing_id, cat, action="submit", name="Renamed")
    h.request_changes(staff, app, listing_id, {"name": "Keep the old name."})
    owner.client.post(f"/supplier/listings/{listing_id}/discard",
                      data={"version": h.version(app, listing_id)})
    assert h.stored(app, listing_id).status == L.APPROVED
    # approved → draft → submitted → rejected (staff) → draft (supplier edits again)
    h.save(owner.client, app, listing_id, cat, action="submit", name="Renamed")
    assert h.reject(staff, app, listing_id, "That name is misleading.").status_code == 302
    listing = h.stored(app, listing_id)
    assert listing.status == L.REJECTED and listing.product.status == "published"
    assert listing.product.name == "ConnectX-6 Dx dual-port 100GbE"
    assert h.save(owner.client, app, listing_id, cat, name="Renamed again").status_code == 302
    assert h.stored(app, listing_id).status == L.DRAFT
    # approved → withdrawn (supplier): off the shop
    owner.client.post(f"/supplier/listings/{listing_id}/discard",
                      data={"version": h.version(app, listing_id)})
    owner.client.post(f"/supplier/listings/{listing_id}/withdraw",
                      data={"version": h.version(app, listing_id)})
    listing = h.stored(app, listing_id)
    assert listing.status == L.WITHDRAWN and listing.product.status == "archived"
    moved = {(a, b) for a, b, _ in _events(app, listing_id)}
    every = {(a, b) for a, targets in LISTING_TRANSITIONS.items() for b in targets}
    assert every - moved == set(), "every move of the table was made once"
    for a, b, who in _events(app, listing_id):
        assert ListingActor(who) in MOVERS[(L(a), L(b))]


def test_a_rejected_new_listing_is_final(app, setup):
    cat, owner, staff = setup
    listing_id = h.ready(app, owner, cat)
    assert h.reject(staff, app, listing_id).status_code == 302
    before = h.stored(app, listing_id)
    assert before.status == L.REJECTED and before.product_id is None
    refused = h.save(owner.client, app, listing_id, cat, name="Try again")
    assert refused.status_code == 400 and "cannot be changed" in refused.text
    owner.client.post(f"/supplier/listings/{listing_id}/reopen",
                      data={"version": h.version(app, listing_id)})
    owner.client.post(f"/supplier/listings/{listing_id}/withdraw",
                      data={"version": h.version(app, listing_id)})
    after = h.stored(app, listing_id)
    assert (after.status, after.version, after.name) == (L.REJECTED, before.version,
                                                         before.name)
    # its SKU is free again
    other = h.create(owner.client, h.catalogue(app), mpn="OTHER-1")
    assert h.stored(app, other).sku == before.sku


def test_moves_the_table_forbids_change_nothing(app, setup):
    cat, owner, staff = setup
    listing_id = h.create(owner.client, cat)
    h.add_datasheet(owner.client, listing_id)
    # staff cannot decide on a draft
    for response in (h.approve(staff, app, listing_id),
                     h.request_changes(staff, app, listing_id, {"name": "x"}),
                     h.reject(staff, app, listing_id)):
        assert response.status_code == 302
    page = staff.get(f"/admin/suppliers/listings/{listing_id}")
    assert "cannot become" in page.text or "cannot be moved" in page.text
    # a draft cannot be reopened or discarded
    owner.client.post(f"/supplier/listings/{listing_id}/reopen",
                      data={"version": h.version(app, listing_id)})
    owner.client.post(f"/supplier/listings/{listing_id}/discard",
                      data={"version": h.version(app, listing_id)})
    assert h.stored(app, listing_id).status == L.DRAFT
    assert _events(app, listing_id) == []
    # a submitted listing cannot be edited
    h.submit(owner.client, app, listing_id)
    refused = h.save(owner.client, app, listing_id, cat, name="Changed while in review")
    assert refused.status_code == 400 and "Withdraw it first" in refused.text
    assert h.stored(app, listing_id).name != "Changed while in review"


def test_services_refuse_the_wrong_kind_of_actor(ctx, uploads):
    from tests.factories import make_supplier_organisation

    organisation = make_supplier_organisation()
    listing = services.create(organisation.id, "adapter", {"name": "X"}, actor_id=None)
    listing.status = L.SUBMITTED
    db.session.flush()
    assert not may_move(listing, ListingActor.SUPPLIER, L.APPROVED)
    assert may_move(listing, ListingActor.STAFF, L.APPROVED)
    with pytest.raises(Conflict):
        move(listing, L.APPROVED, actor=ListingActor.SUPPLIER, actor_id=None)
    with pytest.raises(Conflict):
        move(listing, L.REJECTED, actor=ListingActor.SUPPLIER, actor_id=None)
    with pytest.raises(Conflict):
        move(listing, L.WITHDRAWN, actor=ListingActor.STAFF, actor_id=None)
    listing.status = L.DRAFT
    with pytest.raises(Conflict):
        move(listing, L.SUBMITTED, actor=ListingActor.STAFF, actor_id=None)
    assert db.session.scalars(select(SupplierListing.status)).one() == L.DRAFT


@pytest.mark.parametrize("who", ["anonymous", "customer", "staff", "supplier"])
def test_who_reaches_which_pages(app, setup, who):
    cat, owner, staff = setup
    listing_id = h.ready(app, owner, cat)
    portal = ["/supplier/listings", "/supplier/listings/new", f"/supplier/listings/{listing_id}",
              f"/supplier/listings/{listing_id}/images",
              f"/supplier/listings/{listing_id}/documents",
              f"/supplier/listings/{listing_id}/ports"]
    portal_posts = [f"/supplier/listings/{listing_id}", f"/supplier/listings/{listing_id}/submit",
                    f"/supplier/listings/{listing_id}/withdraw",
                    f"/supplier/listings/{listing_id}/discard"]
    back_office = ["/admin/suppliers/listings", f"/admin/suppliers/listings/{listing_id}"]
    back_office_posts = [f"/admin/suppliers/listings/{listing_id}/{action}"
                         for action in ("approve", "changes", "reject")]
    version = h.version(app, listing_id)
    if who == "anonymous":
        client = app.test_client()
    elif who == "customer":
        with app.app_context():
            user("buyer@example.com")
        client = app.test_client()
        login(client, "buyer@example.com")
    elif who == "staff":
        client = staff
    else:
        client = owner.client
    for path in portal:
        code = client.get(path).status_code
        assert code == {"anonymous": 302, "customer": 403, "staff": 403,
                        "supplier": 200}[who], path
    for path in back_office:
        code = client.get(path).status_code
        assert code == {"anonymous": 302, "customer": 403, "staff": 200,
                        "supplier": 403}[who], path
    if who != "supplier":
        for path in portal_posts:
            assert client.post(path, data={"version": version, "name": "Hijacked"}
                               ).status_code in (302, 403), path
    if who != "staff":
        for path in back_office_posts:
            assert client.post(path, data={"version": version, "reason": "x",
                                           "comment-name": "x"}).status_code in (302, 403)
    listing = h.stored(app, listing_id)
    assert listing.status == L.SUBMITTED and listing.name != "Hijacked"
    assert str(listing.version) == version


def test_a_suspended_organisation_reads_but_neither_lists_nor_gets_approved(app, setup):
    from shop.db import utcnow
    from shop.suppliers.models import SupplierOrganisation

    cat, owner, staff = setup
    listing_id = h.ready(app, owner, cat)
    with app.app_context():
        db.session.get(SupplierOrganisation, owner.organisation_id).suspended_at = utcnow()
        db.session.commit()
    assert owner.client.get("/supplier/listings").status_code == 200
    assert owner.client.get(f"/supplier/listings/{listing_id}").status_code == 200
    assert owner.client.get("/supplier/listings/new").status_code == 403
    assert owner.client.post("/supplier/listings/new?type=adapter",
                             data=h.form(cat, sku="NEW-1")).status_code == 403
    assert owner.client.post(f"/supplier/listings/{listing_id}/withdraw",
                             data={"version": h.version(app, listing_id)}).status_code == 403
    h.approve(staff, app, listing_id)
    assert "organisation is suspended" in staff.get(
        f"/admin/suppliers/listings/{listing_id}").text
    listing = h.stored(app, listing_id)
    assert listing.status == L.SUBMITTED and listing.product_id is None
    assert h.counts(app)[0] == 1


def test_an_approved_listing_with_nothing_changed_is_not_submitted(app, setup):
    cat, owner, staff = setup
    listing_id = h.ready(app, owner, cat)
    h.approve(staff, app, listing_id)
    response = h.save(owner.client, app, listing_id, cat, action="submit")
    assert response.status_code == 400 and "nothing to review" in response.text
    listing = h.stored(app, listing_id)
    assert listing.status == L.APPROVED
