"""Shoppable posts: product references resolved against the live catalogue."""

from __future__ import annotations

from shop.catalog.services import set_price
from shop.content.models import PostProduct, PostStatus
from shop.content.products import PAGE, PREVIEW, build_body
from shop.extensions import db
from shop.stock_slots import fill
from tests.content.factories import make_post, ref
from tests.factories import make_product


def _body(ctx, text, mode=PAGE):
    with ctx.test_request_context():
        return build_body(text, mode)


def test_part_number_reference_renders_a_live_card(ctx):
    product = make_product(name="ConnectX test NIC", mpn="MCX75310AAS-NEAT", stock=7,
                           price_cents=1695_00)
    body = _body(ctx, "Intro.\n\n[[product:MCX75310AAS-NEAT]]\n\nOutro.")
    html = fill(str(body.html).encode()).decode()  # as the page leaves the server
    assert 'class="ref-card"' in html
    assert f'href="/p/{product.slug}"' in html
    assert "ConnectX test NIC" in html and "$1,695.00" in html and "7 in stock" in html
    assert [p.id for p in body.products] == [product.id]
    assert body.unknown == []


def test_reference_ignores_case_dashes_and_spaces_and_accepts_a_slug(ctx):
    product = make_product(mpn="MQM9700-NS2F")
    for written in ("mqm9700ns2f", "MQM9700 NS2F", "mqm9700-ns2f", product.slug):
        html = str(_body(ctx, f"[[product:{written}]]").html)
        assert f'href="/p/{product.slug}"' in html, written


def test_reference_inside_a_sentence_is_a_link_not_a_card(ctx):
    product = make_product(name="Quantum switch", mpn="MQM9700-NS2F")
    html = str(_body(ctx, "Pair it with [[product:MQM9700-NS2F]] for NDR.").html)
    assert 'class="ref-card"' not in html
    assert (f'<a class="product-ref" href="/p/{product.slug}" title="Quantum switch">'
            "Quantum switch (MQM9700-NS2F)</a>") in html


def test_prices_and_stock_are_read_at_view_time(ctx):
    product = make_product(mpn="MCP4Y10-N001", price_cents=265_00)
    text = "[[product:MCP4Y10-N001]]"
    assert "$265.00" in str(_body(ctx, text).html)
    set_price(product, 199_00)
    db.session.flush()
    assert "$199.00" in str(_body(ctx, text).html)


def test_unknown_reference_is_plain_text_for_readers_and_a_warning_in_preview(ctx):
    reader = _body(ctx, "See [[product:NO-SUCH-PART]] here.\n\n[[product:NOPE-2]]")
    assert "NO-SUCH-PART" in str(reader.html) and "NOPE-2" in str(reader.html)
    assert "ref-warning" not in str(reader.html) and "[[product" not in str(reader.html)
    assert reader.unknown == ["NO-SUCH-PART", "NOPE-2"]
    preview = _body(ctx, "See [[product:NO-SUCH-PART]] here.", PREVIEW)
    assert 'class="ref-warning"' in str(preview.html)
    assert "Unknown product reference" in str(preview.html)


def test_unpublished_products_count_as_unknown(ctx):
    make_product(mpn="DRAFT-PART-1", status="draft")
    assert _body(ctx, "[[product:DRAFT-PART-1]]").unknown == ["DRAFT-PART-1"]


def test_post_keeps_its_product_mentions_in_step_with_the_body(ctx):
    a = make_product(mpn="AAA-111")
    b = make_product(mpn="BBB-222")
    post = make_post(body="[[product:AAA-111]] and [[product:bbb222]] and [[product:AAA-111]]")
    rows = db.session.query(PostProduct).filter_by(post_id=post.id).order_by("position").all()
    assert [r.product_id for r in rows] == [a.id, b.id]
    from shop.content.services.posts import PostInput, update_post

    update_post(post, PostInput(title=post.title, body="only [[product:BBB-222]]"),
                editor_id=None)
    rows = db.session.query(PostProduct).filter_by(post_id=post.id).all()
    assert [r.product_id for r in rows] == [b.id]


def test_post_page_lists_products_in_this_article_and_cards_link_to_products(app, client):
    with app.app_context():
        product = ref(make_product(name="Twin-port DAC", mpn="MCP4Y10-N002", stock=3))
        post = ref(make_post(title="Cabling a rail",
                             body="Use this:\n\n[[product:MCP4Y10-N002]]"))
        db.session.commit()
    html = client.get(f"/blog/{post.slug}").get_data(as_text=True)
    assert "Products in this article" in html
    assert html.count(f'href="/p/{product.slug}"') >= 2  # the card in the body and the list
    assert client.get(f"/p/{product.slug}").status_code == 200


def test_product_page_lists_published_posts_that_mention_it_and_no_drafts(app, client):
    with app.app_context():
        product = ref(make_product(mpn="MMA4Z00-NS"))
        live = ref(make_post(title="Optics for NDR", body="[[product:MMA4Z00-NS]]"))
        draft = ref(make_post(title="Secret optics draft", body="[[product:MMA4Z00-NS]]",
                              status=PostStatus.DRAFT))
        db.session.commit()
    html = client.get(f"/p/{product.slug}").get_data(as_text=True)
    assert "Articles that mention this product" in html
    assert live.title in html and f"/blog/{live.slug}" in html
    assert draft.title not in html


def test_product_page_without_mentions_has_no_section(app, client):
    with app.app_context():
        product = ref(make_product())
        db.session.commit()
    assert "Articles that mention" not in client.get(f"/p/{product.slug}").get_data(as_text=True)
