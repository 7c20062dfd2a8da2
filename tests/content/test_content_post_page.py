"""The post page: structured data, related posts, share links, reading time."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

from shop.content.queries import related_posts
from shop.extensions import db
from tests.content.factories import make_post, ref
from tests.factories import make_product


def _ld(html: str) -> dict[str, dict]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return {json.loads(b)["@type"]: json.loads(b) for b in blocks}


def test_article_and_breadcrumb_json_ld(app, client):
    with app.app_context():
        post = ref(make_post(title="Structured </script><b>data</b>", summary="About JSON-LD.",
                             tags=["SEO"]))
        db.session.commit()
    html = client.get(f"/blog/{post.slug}").get_data(as_text=True)
    assert "</script><b>" not in html.split("<body")[0].split("ld+json")[1]
    data = _ld(html)
    article = data["Article"]
    assert article["headline"] == post.title
    assert article["url"] == f"http://localhost/blog/{post.slug}"
    assert article["datePublished"].endswith("+00:00")
    assert article["keywords"] == "SEO" and article["commentCount"] == 0
    crumbs = data["BreadcrumbList"]["itemListElement"]
    assert [c["name"] for c in crumbs] == ["Home", "Blog", post.title]
    assert crumbs[-1]["item"] == article["url"]


def test_share_links_need_no_third_party_script(app, client):
    with app.app_context():
        post = ref(make_post(title="Share me"))
        db.session.commit()
    html = client.get(f"/blog/{post.slug}").get_data(as_text=True)
    share = "linkedin.com/sharing/share-offsite/?url=http%3A%2F%2Flocalhost%2Fblog%2Fshare-me"
    assert share in html
    assert "mailto:?subject=Share%20me" in html
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', html)
    assert scripts and all(src.startswith("/static/") for src in scripts)
    assert "<iframe" not in html


def test_reading_time_and_table_of_contents_on_long_posts(app, client):
    body = "\n\n".join(f"## Part {i}\n\n" + " ".join(["word"] * 200) for i in range(5))
    with app.app_context():
        post = ref(make_post(title="Long read", body=body))
        db.session.commit()
    html = client.get(f"/blog/{post.slug}").get_data(as_text=True)
    assert "5 min read" in html
    assert 'aria-labelledby="toc-h"' in html and 'href="#sec-part-3"' in html


def test_related_posts_prefer_shared_products_then_tags_then_topic(ctx):
    now = datetime.now(UTC)
    make_product(mpn="REL-0001")
    base = make_post(title="Base", tags=["Optics"], body="[[product:REL-0001]]")
    by_product = make_post(title="Same product", body="[[product:REL-0001]]",
                           publish_at=now - timedelta(days=9))
    by_tag = make_post(title="Same tag", tags=["Optics"], publish_at=now - timedelta(days=8))
    same_topic = make_post(title="Same topic", topic=base.topic,
                           publish_at=now - timedelta(days=7))
    make_post(title="Other topic", topic="news", publish_at=now - timedelta(days=1))
    make_post(title="Draft sharing all", tags=["Optics"], body="[[product:REL-0001]]",
              status="draft")
    related = related_posts(base, now)
    assert [p.title for p in related] == [by_product.title, by_tag.title, same_topic.title]


def test_read_more_section_on_the_page(app, client):
    with app.app_context():
        a = ref(make_post(title="First of a pair", tags=["Pairs"]))
        make_post(title="Second of a pair", tags=["Pairs"])
        db.session.commit()
    html = client.get(f"/blog/{a.slug}").get_data(as_text=True)
    assert "Read more" in html and "Second of a pair" in html
