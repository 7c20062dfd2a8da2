"""Staff's review of listings: an edit of a published listing waits for review while the
published version stays live, staff see it field by field (old → new, specs included),
approval applies only what the supplier changed; comments per field reach the supplier's
form; every decision is mailed to the organisation's members."""

from __future__ import annotations

import re
from html import unescape

from sqlalchemy import select

from shop.catalog.models import Product
from shop.catalog.services import set_price
from shop.extensions import db
from shop.suppliers.listings.models import ListingComment, ListingStatus
from tests.factories import make_user
from tests.suppliers import listing_helpers as h
from tests.suppliers.helpers import mails

L = ListingStatus
COLLEAGUE = "ben@fabparts.example"


def _published(app, owner, staff, cat) -> tuple[int, Product]:
    listing_id = h.ready(app, owner, cat)
    assert h.approve(staff, app, listing_id).status_code == 302
    listing = h.stored(app, listing_id)
    assert listing.status == L.APPROVED
    return listing_id, listing.product


def _diff(html: str) -> dict[str, tuple[str, str]]:
    """The review page's table of changes: field → (published, proposed)."""
    table = html.split('class="admin-table diff-table"', 1)[1].split("</table>", 1)[0]
    out = {}
    for label, old, new in re.findall(
            r'<th scope="row">([^<]+)</th><td class="old">(.*?)</td><td class="new">(.*?)</td>',
            table, re.S):
        out[unescape(label)] = (unescape(re.sub(r"<[^>]+>", "", old)).strip(),
                                unescape(re.sub(r"<[^>]+>", "", new)).strip())
    return out


def test_an_edit_waits_for_review_while_the_published_version_stays_live(app, setup):
    cat, owner, staff = setup
    listing_id, product = _published(app, owner, staff, cat)
    shopper = app.test_client()
    page = shopper.get(f"/p/{product.slug}")
    assert page.status_code == 200 and "$1,299.00" in page.text

    # The supplier changes the name, the price and a spec, adds an image and a second
    # datasheet and asks to remove the first one, then submits.
    assert h.save(owner.client, app, listing_id, cat, name="ConnectX-6 Dx 2x100GbE",
                  price="1199.00", **{"specs-data_rate": "100, 50"}).status_code == 302
    assert h.add_image(owner.client, listing_id).status_code == 302
    assert h.add_datasheet(owner.client, listing_id, upload=True).status_code == 302
    old_sheet = product.documents[0].id
    assert owner.client.post(f"/supplier/listings/{listing_id}/documents/published/"
                             f"{old_sheet}/remove").status_code == 302
    assert h.submit(owner.client, app, listing_id).status_code == 302

    # The shop still shows the published version, unchanged.
    live = h.product(app, product.id)
    assert (live.name, live.price_cents, live.version) == (product.name, 129900,
                                                           product.version)
    assert sorted(s.num for s in live.specs if s.code == "data_rate") == [100.0]
    assert [d.id for d in live.documents] == [old_sheet] and live.images == []
    page = shopper.get(f"/p/{product.slug}")
    assert "$1,299.00" in page.text and "2x100GbE" not in page.text

    # Staff see what changed, field by field.
    review = staff.get(f"/admin/suppliers/listings/{listing_id}")
    assert review.status_code == 200
    changes = _diff(review.text)
    assert changes == {"Name": ("ConnectX-6 Dx 100GbE dual-port", "ConnectX-6 Dx 2x100GbE"),
                       "Price": ("$1,299.00", "$1,199.00"),
                       "Data rate": ("100 Gb/s", "50 Gb/s, 100 Gb/s")}
    assert "To remove from the published version" in review.text
    assert "card.png" not in review.text and "The adapter from above" in review.text

    # Approved: the shop shows the new version, with the new files and without the old one.
    assert h.approve(staff, app, listing_id).status_code == 302
    live = h.product(app, product.id)
    assert (live.name, live.price_cents) == ("ConnectX-6 Dx 2x100GbE", 119900)
    assert sorted(s.num for s in live.specs if s.code == "data_rate") == [50.0, 100.0]
    assert [i.alt for i in live.images] == ["The adapter from above"]
    [sheet] = live.documents  # the uploaded one; the linked one is gone
    assert sheet.title == "Datasheet" and sheet.file_path and not sheet.url
    listing = h.stored(app, listing_id)
    assert listing.status == L.APPROVED and listing.files == []
    assert listing.content == listing.base
    page = shopper.get(f"/p/{live.slug}")
    assert "$1,199.00" in page.text and "2x100GbE" in page.text


def test_approval_applies_only_what_the_supplier_changed(app, setup):
    cat, owner, staff = setup
    listing_id, product = _published(app, owner, staff, cat)
    assert h.save(owner.client, app, listing_id, cat, action="submit",
                  summary="Now with a longer summary.").status_code == 302
    with app.app_context():  # meanwhile the portal's price feed sets the price
        set_price(db.session.get(Product, product.id), 99900)
        db.session.commit()
    review = staff.get(f"/admin/suppliers/listings/{listing_id}")
    assert set(_diff(review.text)) == {"Summary"}
    assert h.approve(staff, app, listing_id).status_code == 302
    live = h.product(app, product.id)
    assert (live.summary, live.price_cents) == ("Now with a longer summary.", 99900)


def test_a_rejected_edit_leaves_the_published_version_and_drops_its_files(app, setup,
                                                                          uploads):
    cat, owner, staff = setup
    listing_id, product = _published(app, owner, staff, cat)
    h.save(owner.client, app, listing_id, cat, name="A misleading name")
    assert h.add_image(owner.client, listing_id).status_code == 302
    staged = h.stored(app, listing_id).files[0]
    assert (uploads / staged.path).exists()
    h.submit(owner.client, app, listing_id)
    assert h.reject(staff, app, listing_id, "The name is misleading.").status_code == 302
    listing = h.stored(app, listing_id)
    assert listing.status == L.REJECTED and listing.files == []
    assert listing.content["name"] == product.name == listing.product.name
    assert not (uploads / staged.path).exists()
    live = h.product(app, product.id)
    assert (live.name, live.status, live.images) == (product.name, "published", [])


def test_comments_per_field_stand_next_to_the_fields(app, setup):
    cat, owner, staff = setup
    listing_id = h.ready(app, owner, cat)
    response = h.request_changes(staff, app, listing_id, {
        "price_cents": "Our price floor for this part is 1249.00.",
        "spec:data_rate": "It also runs at 50 Gb/s.", "images": "Add a photo of the card.",
        "documents": "The datasheet link is dead."}, general="Nearly there.")
    assert response.status_code == 302
    with app.app_context():
        stored = {c.field: c.message for c in db.session.scalars(select(ListingComment))}
    assert stored["general"] == "Nearly there." and len(stored) == 5
    page = owner.client.get(f"/supplier/listings/{listing_id}").text
    price = page.split('<label for="price">', 1)[1].split('<label for="eccn">', 1)[0]
    assert "Our price floor for this part is 1249.00." in price
    assert re.search(r'<input aria-describedby="price-hint price-comment price-unit"', price)
    rate = page.split('<label for="specs-data_rate">', 1)[1].split("</div>\n</div>", 1)[0]
    assert "It also runs at 50 Gb/s." in rate and "specs-data_rate-comment" in rate
    assert "Nearly there." in page
    assert "Add a photo of the card." in owner.client.get(
        f"/supplier/listings/{listing_id}/images").text
    assert "The datasheet link is dead." in owner.client.get(
        f"/supplier/listings/{listing_id}/documents").text
    # Once submitted again, the comments leave the form (they stay in the history).
    h.save(owner.client, app, listing_id, cat, action="submit", price="1249.00")
    page = owner.client.get(f"/supplier/listings/{listing_id}").text
    assert "Our price floor" not in page.split('id="history-h"')[0]


def test_a_request_for_changes_needs_a_comment(app, setup):
    cat, owner, staff = setup
    listing_id = h.ready(app, owner, cat)
    response = h.request_changes(staff, app, listing_id, {"name": "  "})
    assert response.status_code == 400
    assert "Write at least one comment" in unescape(response.text)
    response = h.request_changes(staff, app, listing_id, {"name": "x" * 1001})
    assert response.status_code == 400 and "Keep the comment under" in response.text
    assert h.stored(app, listing_id).status == L.SUBMITTED


def test_a_decision_on_an_older_version_is_refused(app, setup):
    cat, owner, staff = setup
    listing_id = h.ready(app, owner, cat)
    seen = h.version(app, listing_id)
    owner.client.post(f"/supplier/listings/{listing_id}/withdraw",
                      data={"version": h.version(app, listing_id)})
    owner.client.post(f"/supplier/listings/{listing_id}/reopen",
                      data={"version": h.version(app, listing_id)})
    h.save(owner.client, app, listing_id, cat, name="Something else")
    h.submit(owner.client, app, listing_id)
    response = staff.post(f"/admin/suppliers/listings/{listing_id}/approve",
                          data={"version": seen})
    assert response.status_code == 302
    assert "changed this listing after you opened it" in staff.get(
        f"/admin/suppliers/listings/{listing_id}").text
    listing = h.stored(app, listing_id)
    assert listing.status == L.SUBMITTED and listing.product_id is None


def test_every_decision_is_mailed_to_every_member(app, setup):
    cat, owner, staff = setup
    with app.app_context():
        make_user(COLLEAGUE, role="supplier", supplier_id=owner.organisation_id)
        make_user("someone@else.example", role="supplier")
        db.session.commit()
    listing_id = h.ready(app, owner, cat)
    assert mails(app) == []  # submitting mails nobody
    h.request_changes(staff, app, listing_id, {"price_cents": "Too low.",
                                               "spec:data_rate": "Add 50 Gb/s."})
    for member in (owner.email, COLLEAGUE):
        [mail] = mails(app, member)
        assert mail.subject.startswith("Changes requested: ConnectX-6 Dx 100GbE dual-port "
                                       "(FP-CX6DX-100)")
        assert "Price: Too low." in mail.text_body
        assert "Data rate: Add 50 Gb/s." in mail.text_body
        assert f"/supplier/listings/{listing_id}" in mail.text_body
    h.save(owner.client, app, listing_id, cat, action="submit", price="1399.00")
    h.approve(staff, app, listing_id, note="Welcome to the catalogue.")
    product = h.stored(app, listing_id).product
    for member in (owner.email, COLLEAGUE):
        mail = mails(app, member)[-1]
        assert mail.subject.startswith("Listing approved:")
        assert "it is on the shop now" in mail.text_body
        assert "Welcome to the catalogue." in mail.text_body
        assert f"/p/{product.slug}" in mail.text_body
    h.save(owner.client, app, listing_id, cat, action="submit", name="Renamed")
    h.reject(staff, app, listing_id, "We cannot sell it under that name.")
    for member in (owner.email, COLLEAGUE):
        mail = mails(app, member)[-1]
        assert mail.subject.startswith("Listing rejected:")
        assert "We cannot sell it under that name." in mail.text_body
        assert "The published version stays on the shop" in mail.text_body
        assert len(mails(app, member)) == 3
    assert mails(app, "someone@else.example") == []
    assert mails(app, "reviewer@shop.example") == []


def test_a_withdrawn_published_listing_leaves_the_shop_and_comes_back(app, setup):
    cat, owner, staff = setup
    listing_id, product = _published(app, owner, staff, cat)
    shopper = app.test_client()
    owner.client.post(f"/supplier/listings/{listing_id}/withdraw",
                      data={"version": h.version(app, listing_id)})
    assert h.product(app, product.id).status == "archived"
    assert shopper.get(f"/p/{product.slug}").status_code == 404
    owner.client.post(f"/supplier/listings/{listing_id}/reopen",
                      data={"version": h.version(app, listing_id)})
    assert h.submit(owner.client, app, listing_id).status_code == 302
    assert h.approve(staff, app, listing_id).status_code == 302
    assert h.product(app, product.id).status == "published"
    assert shopper.get(f"/p/{product.slug}").status_code == 200


def test_nothing_to_review_is_not_submitted(app, setup):
    cat, owner, staff = setup
    listing_id, _product = _published(app, owner, staff, cat)
    h.save(owner.client, app, listing_id, cat, name="Renamed")
    h.save(owner.client, app, listing_id, cat)  # back as it was
    response = h.submit(owner.client, app, listing_id)
    assert response.status_code == 400 and "Nothing changed" in response.text


def test_ports_are_the_products_once_approved(app, setup):
    cat, owner, staff = setup
    listing_id = h.create(owner.client, cat)
    h.add_datasheet(owner.client, listing_id)
    bad = owner.client.post(f"/supplier/listings/{listing_id}/ports", data={
        "version": h.version(app, listing_id), "rows-0-label": "ports", "rows-0-count": "2",
        "rows-0-cage": "QSFP28", "rows-0-modes": "7x3"})
    assert bad.status_code == 400
    good = owner.client.post(f"/supplier/listings/{listing_id}/ports", data={
        "version": h.version(app, listing_id), "rows-0-label": "ports", "rows-0-count": "2",
        "rows-0-cage": "QSFP28", "rows-0-modes": "4x25", "rows-0-protocols": ["Ethernet"]})
    assert good.status_code == 302
    assert h.submit(owner.client, app, listing_id).status_code == 302
    assert h.approve(staff, app, listing_id).status_code == 302
    live = h.product(app, h.stored(app, listing_id).product_id)
    assert [(i.side, i.count, i.cage, i.modes) for i in live.interfaces] == [
        ("port", 2, "QSFP28", "4x25")]
