"""Writing posts: create, edit, and move them through their statuses.

Every content change records a revision (``revisions.record_revision``), and restoring one is
an edit like any other; every status change goes through ``change_status``, which checks the
transition table and records an event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime

from slugify import slugify
from sqlalchemy import delete, select

from shop import status
from shop.catalog.models import ChangeKind
from shop.catalog.services import record_change
from shop.content import queries
from shop.content.exceptions import ValidationError
from shop.content.models import (
    POST_TRANSITIONS,
    Post,
    PostEvent,
    PostProduct,
    PostRevision,
    PostStatus,
    PostTopic,
    Tag,
)
from shop.content.products import resolve_refs
from shop.content.rendering import MAX_BODY_CHARS, render_markdown
from shop.content.services import media
from shop.content.services.revisions import record_revision
from shop.db import utcnow
from shop.extensions import db

MAX_TAGS = 8
MAX_TAG_LENGTH = 40
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass
class PostInput:
    """What an editor submits; plain values only."""

    title: str
    body: str = ""
    summary: str = ""
    slug: str = ""  # empty: keep the current one, or derive one from the title
    topic: str = PostTopic.EXPLAINER
    tags: list[str] = field(default_factory=list)
    cover_image: str | None = None  # None keeps the current cover; "" removes it
    cover_alt: str = ""
    seo_title: str = ""
    seo_description: str = ""


def parse_tags(text: str) -> list[str]:
    """"InfiniBand, AI clusters, infiniband" → ["InfiniBand", "AI clusters"]."""
    out: list[str] = []
    seen: set[str] = set()
    for raw in (text or "").split(","):
        name = " ".join(raw.split())
        key = slugify(name)
        if name and key and key not in seen:
            seen.add(key)
            out.append(name)
    return out


def _validate(data: PostInput) -> None:
    if not data.title or not data.title.strip():
        raise ValidationError("title", "A post needs a title.")
    if len(data.title.strip()) > 200:
        raise ValidationError("title", "Keep the title under 200 characters.")
    if len(data.body or "") > MAX_BODY_CHARS:
        raise ValidationError(
            "body", f"The body is limited to {MAX_BODY_CHARS:,} characters; this one has "
                    f"{len(data.body):,}. Split it into several posts.")
    if data.topic not in {t.value for t in PostTopic}:
        raise ValidationError("topic", "Choose one of the topics.")
    if len(data.tags) > MAX_TAGS:
        raise ValidationError("tags", f"Use at most {MAX_TAGS} tags.")
    for name in data.tags:
        if len(name) > MAX_TAG_LENGTH:
            raise ValidationError("tags", f"Tags are at most {MAX_TAG_LENGTH} characters: "
                                          f"“{name[:50]}” is longer.")
    if data.slug and not SLUG_PATTERN.match(data.slug):
        raise ValidationError("slug", "Use lower-case letters, digits and single hyphens only.")


def _unique_slug(base: str, except_post_id: int | None) -> str:
    slug = slugify(base, max_length=150, word_boundary=True) or "post"
    candidate, n = slug, 2
    while queries.slug_taken(candidate, except_post_id):
        candidate = f"{slug}-{n}"
        n += 1
    return candidate


def _choose_slug(data: PostInput, post: Post | None) -> str:
    current_id = post.id if post is not None else None
    if data.slug:
        if queries.slug_taken(data.slug, current_id):
            raise ValidationError("slug", "Another post already uses this address. "
                                          "Choose a different slug, or leave it empty.")
        return data.slug
    if post is not None and post.slug:
        return post.slug
    return _unique_slug(data.title, current_id)


def _tags(names: list[str]) -> list[Tag]:
    tags = []
    for name in names:
        slug = slugify(name, max_length=MAX_TAG_LENGTH, word_boundary=True)
        tag = db.session.execute(select(Tag).where(Tag.slug == slug)).scalar_one_or_none()
        if tag is None:
            tag = Tag(name=name, slug=slug)
            db.session.add(tag)
            db.session.flush()
        tags.append(tag)
    return tags


def sync_products(post: Post) -> None:
    """Keep the post's product mentions in step with the references in its body."""
    rendered = render_markdown(post.body or "")
    ids = list(dict.fromkeys(resolve_refs(rendered.refs).values()))
    db.session.execute(delete(PostProduct).where(PostProduct.post_id == post.id))
    for position, product_id in enumerate(ids):
        db.session.add(PostProduct(post_id=post.id, product_id=product_id, position=position))
    post.word_count = rendered.word_count
    db.session.flush()


def _apply(post: Post, data: PostInput, slug: str) -> None:
    post.title = data.title.strip()
    post.slug = slug
    post.summary = (data.summary or "").strip()
    post.body = data.body or ""
    post.topic = data.topic
    post.seo_title = (data.seo_title or "").strip()
    post.seo_description = (data.seo_description or "").strip()
    post.cover_alt = (data.cover_alt or "").strip()
    if data.cover_image is not None:
        post.cover_image = data.cover_image
    post.tags = _tags(data.tags)


def _store_cover(cover: media.Upload, post: Post, *, uploaded_by_id: int | None,
                 now: datetime) -> str:
    asset = media.store_image(cover.stream, upload_dir=cover.upload_dir,
                              original_name=cover.filename, post_id=post.id,
                              uploaded_by_id=uploaded_by_id, now=now)
    return f"media:{asset.path}"


def create_post(data: PostInput, *, author_id: int | None, now: datetime | None = None,
                cover: media.Upload | None = None) -> Post:
    """A new draft with its first revision; ``cover``, an uploaded cover image, is checked
    and stored with the post (a refused image raises ``InvalidImage`` on field "image")."""
    now = now or utcnow()
    _validate(data)
    post = Post(author_id=author_id, status=PostStatus.DRAFT, created_at=now, updated_at=now,
                cover_image="")
    _apply(post, data, _choose_slug(data, None))
    db.session.add(post)
    db.session.flush()
    if cover is not None:
        post.cover_image = _store_cover(cover, post, uploaded_by_id=author_id, now=now)
    sync_products(post)
    record_revision(post, editor_id=author_id, now=now, note="Created")
    return post


def update_post(post: Post, data: PostInput, *, editor_id: int | None,
                now: datetime | None = None, note: str = "Edited",
                cover: media.Upload | None = None) -> bool:
    """Apply an edit, with a new cover image when ``cover`` is given (stored only once the
    rest of the edit passed its checks). Returns False (and records nothing) when nothing
    changed."""
    now = now or utcnow()
    _validate(data)
    slug = _choose_slug(data, post)
    if cover is not None:
        data = replace(data, cover_image=_store_cover(cover, post, uploaded_by_id=editor_id,
                                                      now=now))
    before = _fingerprint(post)
    _apply(post, data, slug)
    if _fingerprint(post) == before:
        return False
    post.updated_at = now
    db.session.flush()
    sync_products(post)
    record_revision(post, editor_id=editor_id, now=now, note=note)
    if post.is_visible(now):
        record_change(ChangeKind.CONTENT)  # cached pages list this post
    return True


def restore_revision(post: Post, revision: PostRevision, *, editor_id: int | None,
                     now: datetime | None = None) -> bool:
    """Make an earlier revision current again. The restore is itself a new revision, so it
    can be undone the same way. The address is kept if another post has taken it since."""
    if revision.post_id != post.id:
        raise ValueError("revision of another post")
    slug = revision.slug if not queries.slug_taken(revision.slug, post.id) else ""
    data = PostInput(
        title=revision.title, body=revision.body, summary=revision.summary, slug=slug,
        topic=revision.topic, tags=parse_tags(revision.tags), cover_image=revision.cover_image,
        cover_alt=revision.cover_alt, seo_title=revision.seo_title,
        seo_description=revision.seo_description,
    )
    return update_post(post, data, editor_id=editor_id, now=now or utcnow(),
                       note=f"Restored revision {revision.number}")


def _fingerprint(post: Post) -> tuple:
    return (post.title, post.slug, post.summary, post.body, post.topic, post.cover_image,
            post.cover_alt, post.seo_title, post.seo_description,
            tuple(t.slug for t in post.tags))


# --- status --------------------------------------------------------------------------------

def change_status(post: Post, target: PostStatus, *, actor_id: int | None, now: datetime,
                  note: str = "") -> PostEvent:
    """The one function that changes a post's status (``POST_TRANSITIONS`` says which moves
    exist). Records an event and invalidates cached pages that list posts."""
    event = status.change_status(
        post, target, table=POST_TRANSITIONS, actor_id=actor_id, note=note, now=now,
        record=lambda change: PostEvent(post_id=post.id, **change.columns()))
    post.updated_at = now
    db.session.flush()
    record_change(ChangeKind.CONTENT)
    return event


def _require_content(post: Post) -> None:
    if not (post.body or "").strip():
        raise ValidationError("body", "Write the post before publishing it.")


def publish(post: Post, *, actor_id: int | None, now: datetime | None = None) -> Post:
    """Publish now. A post that already had an earlier publish time keeps it."""
    now = now or utcnow()
    _require_content(post)
    if post.publish_at is None or post.published_time > now:
        post.publish_at = now
    change_status(post, PostStatus.PUBLISHED, actor_id=actor_id, now=now, note="Published")
    return post


def schedule(post: Post, when: datetime, *, actor_id: int | None,
             now: datetime | None = None) -> Post:
    """Publish on its own at ``when``, which must lie in the future."""
    now = now or utcnow()
    if when.tzinfo is None:
        raise ValidationError("publish_at", "Give the time with its time zone.")
    if when <= now:
        raise ValidationError("publish_at", "That time has passed. Choose a time in the "
                                            "future, or publish now.")
    _require_content(post)
    if post.status == PostStatus.PUBLISHED or post.is_visible(now):
        raise ValidationError("publish_at", "This post is already published. Move it back to "
                                            "draft before scheduling it.")
    post.publish_at = when
    change_status(post, PostStatus.SCHEDULED, actor_id=actor_id, now=now,
                  note=f"Scheduled for {when:%Y-%m-%d %H:%M} UTC")
    return post


def archive(post: Post, *, actor_id: int | None, now: datetime | None = None) -> Post:
    change_status(post, PostStatus.ARCHIVED, actor_id=actor_id, now=now or utcnow(),
                  note="Archived")
    return post


def unpublish(post: Post, *, actor_id: int | None, now: datetime | None = None) -> Post:
    """Back to draft (cancels a schedule; hides a published post)."""
    now = now or utcnow()
    if post.status == PostStatus.SCHEDULED and post.published_time and post.published_time > now:
        post.publish_at = None
    change_status(post, PostStatus.DRAFT, actor_id=actor_id, now=now, note="Moved to draft")
    return post


def effective_status(post: Post, now: datetime) -> str:
    """What readers experience: a scheduled post whose time has come is published."""
    if post.status == PostStatus.SCHEDULED and post.is_visible(now):
        return PostStatus.PUBLISHED
    return post.status
