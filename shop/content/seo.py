"""Structured data and share links for posts: JSON-LD Article (with its approved comments)
and BreadcrumbList."""

from __future__ import annotations

import json
from urllib.parse import quote, urlencode

from flask import url_for
from markupsafe import Markup

from shop.content.models import Comment, Post


def _dump(data: dict) -> Markup:
    """JSON that is safe inside a <script type="application/ld+json"> element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def cover_url(post: Post, external: bool = False) -> str | None:
    kind, _, path = (post.cover_image or "").partition(":")
    if kind == "static" and path:
        return url_for("static", filename=path, _external=external)
    if kind == "media" and path.startswith("posts/"):
        return url_for("content.media", name=path.removeprefix("posts/"), _external=external)
    return None


def article_jsonld(post: Post, comments: list[Comment]) -> Markup:
    url = url_for("content.post_detail", slug=post.slug, _external=True)
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": post.title[:110],
        "description": post.seo_description or post.summary,
        "url": url,
        "mainEntityOfPage": url,
        "datePublished": post.published_time.isoformat() if post.published_time else None,
        "dateModified": (post.modified_time or post.published_time).isoformat()
        if (post.modified_time or post.published_time) else None,
        "author": {"@type": "Person", "name": post.author_name},
        "publisher": {"@type": "Organization", "name": _shop_name()},
        "articleSection": post.topic_label,
        "keywords": ", ".join(t.name for t in post.tags),
        "wordCount": post.word_count,
        "commentCount": len(comments),
        "comment": [
            {
                "@type": "Comment",
                "text": c.body,
                "dateCreated": c.created_time.isoformat(),
                "author": {"@type": "Person", "name": c.author_name},
                "@id": f"{url}#comment-{c.id}",
                "url": f"{url}#comment-{c.id}",
                **({"parentItem": {"@id": f"{url}#comment-{c.parent_id}"}}
                   if c.parent_id else {}),
            }
            for c in comments
        ],
    }
    image = cover_url(post, external=True)
    if image:
        data["image"] = image
    return _dump({k: v for k, v in data.items() if v not in (None, "")})


def breadcrumb_jsonld(post: Post) -> Markup:
    items = [
        ("Home", url_for("catalog.home", _external=True)),
        ("Blog", url_for("content.blog", _external=True)),
        (post.title, url_for("content.post_detail", slug=post.slug, _external=True)),
    ]
    return _dump({
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": i, "name": name, "item": link}
            for i, (name, link) in enumerate(items, start=1)
        ],
    })


def share_links(post: Post) -> list[tuple[str, str]]:
    """Plain links to each network's share page: no script, no tracking pixels."""
    url = url_for("content.post_detail", slug=post.slug, _external=True)
    return [
        ("LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url})),
        ("X", "https://twitter.com/intent/tweet?" + urlencode({"url": url, "text": post.title})),
        ("Hacker News", "https://news.ycombinator.com/submitlink?"
         + urlencode({"u": url, "t": post.title})),
        ("E-mail", f"mailto:?subject={quote(post.title)}&body={quote(url)}"),
    ]


def _shop_name() -> str:
    from flask import current_app

    return current_app.config.get("SHOP_NAME", "")
