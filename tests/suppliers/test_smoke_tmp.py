from tests.suppliers import listing_helpers as h


def test_smoke(app, uploads):
    cat = h.catalogue(app)
    a = h.supplier(app, "Fabric Parts B.V.", "ada@fabparts.example")
    page = a.client.get("/supplier/listings")
    assert page.status_code == 200, page.text[:3000]
    page = a.client.get("/supplier/listings/new?type=adapter")
    assert page.status_code == 200, page.text[:3000]
    lid = h.create(a.client, cat)
    page = a.client.get(f"/supplier/listings/{lid}")
    assert page.status_code == 200, page.text[:3000]
    r = h.submit(a.client, app, lid)
    assert r.status_code == 400
    assert "datasheet" in r.text
    assert h.add_datasheet(a.client, lid, upload=True).status_code == 302
    assert h.add_image(a.client, lid).status_code == 302
    for p in ("images", "documents", "ports"):
        page = a.client.get(f"/supplier/listings/{lid}/{p}")
        assert page.status_code == 200, page.text[:3000]
    r = h.submit(a.client, app, lid)
    assert r.status_code == 302, r.text[:3000]
    staff = h.staff_client(app)
    page = staff.get("/admin/suppliers/listings")
    assert page.status_code == 200, page.text[:3000]
    page = staff.get(f"/admin/suppliers/listings/{lid}")
    assert page.status_code == 200, page.text[:3000]
    open("/tmp/smoke/review_new.html", "w").write(page.text)
    page = staff.get("/admin/")
    assert page.status_code == 200 and "ConnectX-6" in page.text
    r = h.approve(staff, app, lid)
    assert r.status_code == 302
    stored = h.stored(app, lid)
    assert stored.status == "approved", stored.status
    assert stored.product.status == "published"
    # edit
    r = h.save(a.client, app, lid, cat, price="1199.00", **{"specs-data_rate": "200"})
    assert r.status_code == 302, r.text[:3000]
    stored = h.stored(app, lid)
    assert stored.status == "draft" and stored.product.price_cents == 129900
    page = a.client.get(f"/supplier/listings/{lid}")
    open("/tmp/smoke/edit.html", "w").write(page.text)
    r = h.submit(a.client, app, lid)
    assert r.status_code == 302, r.text[:3000]
    page = staff.get(f"/admin/suppliers/listings/{lid}")
    open("/tmp/smoke/review_edit.html", "w").write(page.text)
    r = h.request_changes(staff, app, lid, {"price_cents": "Too cheap", "spec:data_rate": "Check"})
    assert r.status_code == 302, r.text[:3000]
    page = a.client.get(f"/supplier/listings/{lid}")
    open("/tmp/smoke/edit_comments.html", "w").write(page.text)
    assert "Too cheap" in page.text
    r = h.save(a.client, app, lid, cat, action="submit", price="1249.00", **{"specs-data_rate": "200"})
    assert r.status_code == 302, r.text[:3000]
    r = h.approve(staff, app, lid)
    assert r.status_code == 302
    stored = h.stored(app, lid)
    assert stored.product.price_cents == 124900
    assert stored.status == "approved"
