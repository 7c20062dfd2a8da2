"""The Atom feed, the sitemap and the listing: valid, ordered, and public posts only."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

from shop.content.models import PostStatus
from shop.extensions import db
from tests.content.factories import make_post, ref
from tests.factories import make_product

ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


def _feed(client):
    response = client.get("/blog/feed.xml")
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    return ET.fromstring(response.data)


def test_feed_ids_use_the_public_base_url_when_set(app, client):
    with app.app_context():
        make_post(title="A post", publish_at=datetime.now(UTC) - timedelta(days=1))
        db.session.commit()
    app.config["PUBLIC_BASE_URL"] = "https://shop.example.com"
    try:
        root = _feed(client)
    finally:
        app.config["PUBLIC_BASE_URL"] = None
    assert root.findtext(f"{ATOM}id") == "tag:shop.example.com,2024:blog"
    assert root.find(f"{ATOM}entry/{ATOM}id").text.startswith("tag:shop.example.com,")


def test_feed_is_valid_atom_with_the_required_elements(app, client):
    with app.app_context():
        product = make_product(name="NDR switch", mpn="MQM9700-NS2F")
        now = datetime.now(UTC)
        older = make_post(title="Older <guide> & more", publish_at=now - timedelta(days=3),
                          tags=["InfiniBand"], body="## Intro\n\n[[product:MQM9700-NS2F]]")
        newer = make_post(title="Newer news", publish_at=now - timedelta(days=1), topic="news")
        db.session.commit()
        product, older, newer = ref(product), ref(older), ref(newer)
        older_title = "Older <guide> & more"
    root = _feed(client)
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{name}") is not None and root.findtext(f"{ATOM}{name}")
    assert RFC3339.match(root.findtext(f"{ATOM}updated"))
    self_link = [link for link in root.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert self_link and self_link[0].get("href") == "http://localhost/blog/feed.xml"
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Newer news", older_title]
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == 2 and all(i.startswith("tag:fabric-and-port.invalid,") for i in ids)
    # The ids do not follow the Host header a reader happened to use.
    other = ET.fromstring(client.get("/blog/feed.xml", headers={"Host": "evil.example"}).data)
    assert [e.findtext(f"{ATOM}id") for e in other.findall(f"{ATOM}entry")] == ids
    assert other.findtext(f"{ATOM}id") == root.findtext(f"{ATOM}id")
    for entry in entries:
        for name in ("id", "title", "updated", "published"):
            assert entry.findtext(f"{ATOM}{name}"), name
        assert RFC3339.match(entry.findtext(f"{ATOM}updated"))
        assert entry.find(f"{ATOM}author/{ATOM}name").text
        assert entry.find(f"{ATOM}link").get("href").startswith("http://localhost/blog/")
    content = entries[1].find(f"{ATOM}content")
    assert content.get("type") == "html"
    # The HTML is escaped once in the XML; decoded, it links the product absolutely.
    assert f'href="http://localhost/p/{product.slug}"' in content.text
    assert "<h2" in content.text
    terms = {c.get("term") for c in entries[1].findall(f"{ATOM}category")}
    assert {"infiniband", "explainer"} <= terms
    assert newer.slug in entries[0].find(f"{ATOM}link").get("href")


def test_feed_of_an_empty_blog_is_still_valid(client):
    root = _feed(client)
    assert root.findall(f"{ATOM}entry") == [] and root.findtext(f"{ATOM}updated")


def test_drafts_scheduled_and_archived_posts_stay_out_of_feed_and_sitemap(app, client):
    with app.app_context():
        live = make_post(title="Live post")
        hidden = [make_post(title="Hidden draft", status=PostStatus.DRAFT),
                  make_post(title="Hidden scheduled", status=PostStatus.SCHEDULED),
                  make_post(title="Hidden archived", status=PostStatus.ARCHIVED)]
        db.session.commit()
        live, hidden = ref(live), [ref(post) for post in hidden]
    titles = {e.findtext(f"{ATOM}title") for e in _feed(client).iter(f"{ATOM}entry")}
    assert titles == {"Live post"}
    sitemap = client.get("/sitemap.xml").get_data(as_text=True)
    ET.fromstring(sitemap)
    assert f"http://localhost/blog/{live.slug}</loc>" in sitemap
    assert "http://localhost/blog</loc>" in sitemap
    for post in hidden:
        assert f"/blog/{post.slug}<" not in sitemap


def test_listing_is_newest_first_paginated_and_filtered(app, client):
    now = datetime.now(UTC)
    with app.app_context():
        for i in range(12):
            make_post(title=f"Numbered post {i:02d}", publish_at=now - timedelta(hours=20 - i),
                      tags=["Optics"] if i % 2 else ["Cables"],
                      topic="buying-guide" if i < 3 else "explainer")
        db.session.commit()
    first = client.get("/blog").get_data(as_text=True)
    assert first.index("Numbered post 11") < first.index("Numbered post 10")
    assert "Numbered post 01" not in first and 'rel="next"' in first
    second = client.get("/blog?page=2").get_data(as_text=True)
    assert "Numbered post 01" in second and "Numbered post 00" in second
    assert client.get("/blog?page=3").status_code == 404
    assert client.get("/blog?page=abc").status_code == 404
    optics = client.get("/blog?tag=optics").get_data(as_text=True)
    assert "Numbered post 11" in optics and "Numbered post 10" not in optics
    guides = client.get("/blog?topic=buying-guide").get_data(as_text=True)
    assert "Numbered post 02" in guides and "Numbered post 05" not in guides
    assert client.get("/blog?topic=nonsense").status_code == 404
    assert client.get("/blog?tag=no-such-tag").status_code == 404
    assert client.get("/blog?tag=nothing").status_code == 404


def test_home_page_shows_the_latest_posts(app, client):
    with app.app_context():
        make_post(title="Freshest article")
        db.session.commit()
    html = client.get("/").get_data(as_text=True)
    assert "From the blog" in html and "Freshest article" in html


def test_only_topics_with_posts_are_offered_and_the_blog_is_in_the_header(app, client):
    with app.app_context():
        make_post(title="A guide", topic="buying-guide",
                  publish_at=datetime.now(UTC) - timedelta(days=1))
        db.session.commit()
    html = client.get("/blog").get_data(as_text=True)
    nav = html[html.index('aria-label="Blog topics and tags"'):]
    assert "topic=buying-guide" in nav and "topic=news" not in nav
    home = client.get("/").get_data(as_text=True)
    header = home[home.index('class="cat-nav"'):home.index("</nav>", home.index('class="cat-nav"'))]
    assert 'href="/blog"' in header
