"""The demo articles: original, long enough, and every product reference resolves."""

from __future__ import annotations

import re

import pytest

from shop.config import PROJECT_ROOT
from shop.content.demo import demo_articles, load_demo_posts
from shop.content.models import Post, PostTopic
from shop.content.products import PAGE, build_body
from shop.content.rendering import extract_refs, render_markdown
from shop.extensions import db


@pytest.fixture
def demo_shop(ctx):
    from shop.demo.catalogue import load_demo_catalogue

    load_demo_catalogue()
    db.session.commit()
    return ctx


def test_there_are_at_least_five_articles_of_600_to_1200_words():
    articles = demo_articles()
    assert len(articles) >= 5
    for article in articles:
        words = render_markdown(article.body).word_count
        assert 600 <= words <= 1200, (article.slug, words)
        assert article.meta["topic"] in {t.value for t in PostTopic}
        cover = PROJECT_ROOT / "static" / article.meta["cover"]
        svg = cover.read_text()
        assert "<title>" in svg and "<script" not in svg.lower()
        assert not re.search(r"\son[a-z]+\s*=", svg, re.I)


def test_every_article_references_real_demo_products(demo_shop):
    from shop.demo.data import catalogue

    mpns = {p["mpn"] for p in catalogue()["products"]}
    with demo_shop.test_request_context():
        for article in demo_articles():
            refs = extract_refs(article.body)
            assert refs, article.slug
            assert set(refs) <= mpns, set(refs) - mpns
            assert build_body(article.body, PAGE).unknown == [], article.slug


@pytest.fixture
def demo_shop_db(app, clean):
    from shop.demo.catalogue import load_demo_catalogue

    with app.app_context():
        load_demo_catalogue()
        db.session.commit()
    return app


def test_loading_is_idempotent_and_publishes(demo_shop_db):
    app = demo_shop_db
    with app.app_context():
        first = load_demo_posts()
        db.session.commit()
        assert first == len(demo_articles())
        assert load_demo_posts() == 0
        posts = db.session.query(Post).all()
    assert all(p.status == "published" and p.cover_image.startswith("static:") for p in posts)
    client = app.test_client()
    listing = client.get("/blog").get_data(as_text=True)
    for post in posts:
        assert post.title.replace("&", "&amp;") in listing or post.title in listing
        page = client.get(f"/blog/{post.slug}")
        assert page.status_code == 200 and b"Products in this article" in page.data
