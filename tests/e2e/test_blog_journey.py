"""Browser journey: staff write a post with a product reference, preview and publish it; a
reader finds it on /blog, comments, staff approve the comment, and the reader follows the
product card to the product."""

from __future__ import annotations

import re

import pytest

from tests.e2e.blog_helpers import Watcher, check_page, sign_in
from tests.e2e.browser import serve

PRODUCT_MPN = "MCP4Y10-N001"
TITLE = "Cabling a 400G rail without surprises"


@pytest.fixture(scope="module")
def blog_site(database_factory, tmp_path_factory):
    """A writable shop holding the demo catalogue, with CSRF on as in production."""
    from shop.demo.catalogue import load_demo_catalogue
    from shop.extensions import db
    from tests.content.factories import make_reader, make_staff
    from tests.harness import make_test_app

    app = make_test_app(database_factory("blog_e2e"), WTF_CSRF_ENABLED=True,
                        COMMENT_MIN_FILL_SECONDS=1,
                        UPLOAD_DIR=str(tmp_path_factory.mktemp("uploads")))
    with app.app_context():
        db.create_all()
        load_demo_catalogue()
        staff = make_staff("editor@example.com", display_name="Eddie Editor")
        reader = make_reader("reader@example.com", display_name="Rita Reader")
        db.session.commit()
        accounts = {"staff": staff.email, "reader": reader.email}
        db.session.remove()
    with serve(app) as base:
        yield base, accounts
    with app.app_context():
        db.engine.dispose()


@pytest.mark.e2e
def test_write_publish_read_comment_approve_and_buy(browser, blog_site):
    from tests.factories import DEFAULT_PASSWORD

    base, accounts = blog_site
    watcher = Watcher()
    staff_ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    reader_ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    staff, reader = staff_ctx.new_page(), reader_ctx.new_page()
    for page in (staff, reader):
        page.set_default_timeout(10_000)
        watcher.watch(page)
    try:
        # Staff write a post with a product reference.
        sign_in(staff, base, accounts["staff"], DEFAULT_PASSWORD, "/admin/posts/new")
        check_page(staff, watcher)
        staff.get_by_label("Title", exact=True).fill(TITLE)
        staff.get_by_label("Summary", exact=True).fill(
            "Which copper and optics to use between an NDR leaf and its servers.")
        staff.get_by_label("Topic", exact=True).select_option("buying-guide")
        staff.get_by_label("Tags", exact=True).fill("Cables, 400G")
        staff.get_by_label("Body (Markdown)").fill(
            "## In the rack\n\nInside the rack, twin-port copper is the simple answer:\n\n"
            f"[[product:{PRODUCT_MPN}]]\n\n## Beyond the rack\n\nUse optics.\n")

        # The live preview (JavaScript) follows the typing...
        live = staff.locator("#live-preview .ref-card")
        live.wait_for()
        assert "twin-port" in live.inner_text().lower()
        # ...and the Preview button renders the same on the server, without saving.
        staff.get_by_role("button", name="Preview").click()
        staff.wait_for_load_state("load")
        assert staff.locator("#preview .ref-card").count() == 1
        assert staff.locator("#preview .ref-warnings").count() == 0
        check_page(staff, watcher)

        staff.get_by_role("button", name="Save").click()
        staff.wait_for_url(re.compile(r".*/admin/posts/\d+/edit$"))
        assert "Draft saved." in staff.locator(".flashes").inner_text()
        check_page(staff, watcher)
        staff.get_by_role("button", name="Publish now").click()
        staff.wait_for_load_state("load")
        assert "Published." in staff.locator(".flashes").inner_text()
        check_page(staff, watcher)

        # A reader finds it on /blog and opens it.
        sign_in(reader, base, accounts["reader"], DEFAULT_PASSWORD, "/blog")
        check_page(reader, watcher)
        reader.get_by_role("link", name=TITLE).click()
        reader.wait_for_url(re.compile(r".*/blog/cabling-a-400g-rail-without-surprises$"))
        assert reader.locator("h1").inner_text() == TITLE
        assert reader.locator(".post-body .ref-card").count() == 1
        assert reader.get_by_role("heading", name="Products in this article").is_visible()
        check_page(reader, watcher)

        # The reader comments; a first comment waits for a moderator.
        reader.get_by_label("Your comment").fill("Does the 1 m cable reach the top servers "
                                                 "of a 42U rack from a middle-of-rack switch?")
        reader.wait_for_timeout(1100)  # the form refuses faster-than-human submissions
        reader.get_by_role("button", name="Post comment").click()
        reader.wait_for_load_state("load")
        assert "once a moderator has read it" in reader.locator(".flashes").inner_text()
        assert reader.locator(".comment.held").count() == 1
        check_page(reader, watcher)

        # Staff approve it from the queue.
        staff.goto(f"{base}/admin/comments")
        check_page(staff, watcher)
        assert "Does the 1 m cable reach" in staff.locator(".queue").inner_text()
        staff.locator(".queue-item").first.get_by_role("button", name=re.compile("^Approve")) \
            .click()
        staff.wait_for_load_state("load")
        assert "approved" in staff.locator(".flashes").inner_text()
        check_page(staff, watcher)

        # The reader sees it published, then follows the product card to the product.
        reader.reload()
        assert reader.locator(".comment.held").count() == 0
        assert "Does the 1 m cable reach" in reader.locator(".comment-list").inner_text()
        assert "Comments (1)" in reader.locator("#comments-h").inner_text()
        check_page(reader, watcher)
        reader.locator(".post-body .ref-card-name a").click()
        reader.wait_for_url(re.compile(r".*/p/[^/]+$"))
        assert PRODUCT_MPN in reader.locator(".identifiers").inner_text()
        assert TITLE in reader.locator(".product-mentions").inner_text()
        check_page(reader, watcher)
    finally:
        staff_ctx.close()
        reader_ctx.close()
