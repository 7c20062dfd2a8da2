"""Demo articles: original posts about the demo catalogue, loaded by ``flask seed-demo``.

Each article is a Markdown file with a small header between ``---`` lines (``key: value``,
one per line). Loading is idempotent: an article whose slug exists is left alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from shop.content import queries
from shop.content.services import posts
from shop.db import utcnow

ARTICLES = Path(__file__).parent / "articles"


@dataclass
class DemoArticle:
    meta: dict[str, str]
    body: str

    @property
    def slug(self) -> str:
        return self.meta["slug"]


def parse_article(text: str) -> DemoArticle:
    _, header, body = text.split("---\n", 2)
    meta = {}
    for line in header.strip().splitlines():
        key, _, value = line.partition(":")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] == '"':
            value = value[1:-1]
        meta[key.strip()] = value
    return DemoArticle(meta, body.strip() + "\n")


def demo_articles() -> list[DemoArticle]:
    return [parse_article(path.read_text(encoding="utf-8"))
            for path in sorted(ARTICLES.glob("*.md"))]


def load_demo_posts(now: datetime | None = None) -> int:
    """Create and publish the demo articles that are missing. Flushes; the caller commits.
    Load the demo catalogue first, so product references resolve."""
    now = now or utcnow()
    created = 0
    for article in demo_articles():
        if queries.slug_taken(article.slug):
            continue
        meta = article.meta
        post = posts.create_post(posts.PostInput(
            title=meta["title"], slug=article.slug, body=article.body,
            summary=meta.get("summary", ""), topic=meta.get("topic", "explainer"),
            tags=posts.parse_tags(meta.get("tags", "")),
            cover_image=f"static:{meta['cover']}" if meta.get("cover") else "",
            cover_alt=meta.get("cover_alt", ""), seo_title=meta.get("seo_title", ""),
            seo_description=meta.get("seo_description", ""),
        ), author_id=None, now=now)
        post.publish_at = now - timedelta(days=int(meta.get("days_ago", "1")))
        posts.publish(post, actor_id=None, now=now)
        created += 1
    return created
