"""Readers' pages: the blog listing, a post, the Atom feed and uploaded images (comments are
``comment_views``), and the template hooks the storefront calls."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask import Response, abort, current_app, render_template, request, send_from_directory
from markupsafe import Markup

from shop.content import clock, queries
from shop.content.blueprint import bp
from shop.content.models import Post, PostTopic, aware
from shop.content.post_page import render_post
from shop.content.products import FEED, build_body
from shop.content.rendering import comment_html
from shop.content.seo import cover_url
from shop.content.services.media import MEDIA_SUBDIR, NAME_PATTERN
from shop.pagination import check_page, page_arg
from shop.web import page_changes_at

_MEDIA_NAME = re.compile(rf"^{NAME_PATTERN}$")


@bp.get("/blog")
def blog():
    now = clock.now()
    tag_slug = request.args.get("tag", "").strip()[:40] or None
    topic = request.args.get("topic", "").strip() or None
    if topic and topic not in {t.value for t in PostTopic}:
        abort(404)  # no such topic: no page under its address
    page = page_arg(request.args)
    tag = queries.tag_by_slug(tag_slug) if tag_slug else None
    if tag_slug and tag is None:
        abort(404)
    listing = queries.published_posts(now, page=page, tag=tag_slug, topic=topic)
    check_page(page, listing.pages)
    in_use = queries.topics_in_use(now)
    return render_template(
        "content/blog.html", listing=listing, posts=listing.items,
        counts=queries.comment_counts(p.id for p in listing.items),
        tags=queries.tags_in_use(now), topics=[t for t in PostTopic if t.value in in_use],
        tag=tag, tag_slug=tag_slug,
        topic=PostTopic(topic) if topic else None,
    )


@bp.get("/blog/<slug>")
def post_detail(slug: str):
    post = queries.post_by_slug(slug, clock.now())
    if post is None:
        abort(404)
    return render_post(post)


@bp.get("/blog/feed.xml")
def feed():
    now = clock.now()
    posts = queries.feed_posts(now)
    entries = [(post, build_body(post.body, FEED)) for post in posts]
    updated = max((p.modified_time or p.published_time for p in posts), default=now)
    xml = render_template("content/feed.xml", entries=entries, updated=updated,
                          cover_url=cover_url, id_authority=feed_id_authority())
    return Response(xml, mimetype="application/atom+xml")


FEED_ID_AUTHORITY = "fabric-and-port.invalid"


def feed_id_authority() -> str:
    """The authority of the feed's tag: URIs: the host of ``PUBLIC_BASE_URL``, or a fixed
    name, never the request's Host header (an entry's id must not change with the address a
    reader used)."""
    base = current_app.config.get("PUBLIC_BASE_URL") or ""
    return (urlsplit(base).hostname or "") if base else FEED_ID_AUTHORITY or "shop"


@bp.get(f"/media/{MEDIA_SUBDIR}/<name>")
def media(name: str):
    """Uploaded post images. Names are ours (random, fixed pattern), so no path tricks."""
    if not _MEDIA_NAME.match(name):
        abort(404)
    folder = f"{current_app.config['UPLOAD_DIR']}/{MEDIA_SUBDIR}"
    response = send_from_directory(folder, name, max_age=31_536_000)
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


# --- hooks the storefront templates call (the catalogue never imports content) -------------

# A cached page that lists posts is kept only until the next scheduled post goes live.

@bp.app_template_global("latest_posts")
def latest_posts_global(limit: int = 3) -> list[Post]:
    now = clock.now()
    page_changes_at(lambda: queries.next_publication(now))
    return queries.latest_posts(now, limit)


@bp.app_template_global("posts_mentioning")
def posts_mentioning_global(product_id: int, limit: int = 4) -> list[Post]:
    now = clock.now()
    page_changes_at(lambda: queries.next_publication(now))
    return queries.posts_mentioning(product_id, now, limit)


@bp.app_template_global("post_cover_url")
def post_cover_url_global(post: Post) -> str | None:
    return cover_url(post)


@bp.app_template_filter("rfc3339")
def rfc3339_filter(value) -> str:
    value = aware(value)
    return value.replace(microsecond=0).isoformat() if value else ""


@bp.app_template_filter("comment_html")
def comment_html_filter(text: str) -> Markup:
    return Markup(comment_html(text))

