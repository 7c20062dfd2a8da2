"""Editorial content: posts, their tags, product mentions, revisions, events, comments and
uploaded images."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shop.accounts.models import User
from shop.db import TimestampMixin, utcnow
from shop.extensions import db
from shop.status import transitions


def aware(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; every time we store is UTC, so say so."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


class PostStatus(StrEnum):
    DRAFT = "draft"
    SCHEDULED = "scheduled"  # visible on its own once publish_at has passed
    PUBLISHED = "published"
    ARCHIVED = "archived"


# Allowed status changes (``shop.content.services.posts.change_status``, through
# ``shop.status.change_status``, is the only writer):
#
#   from        to
#   draft     → scheduled, published, archived
#   scheduled → scheduled, draft, published, archived
#                                              (a new time; back to draft cancels the schedule)
#   published → draft, archived                (unpublish, retire)
#   archived  → draft, published
POST_TRANSITIONS = transitions(PostStatus, {
    PostStatus.DRAFT: {PostStatus.SCHEDULED, PostStatus.PUBLISHED, PostStatus.ARCHIVED},
    PostStatus.SCHEDULED: {PostStatus.SCHEDULED, PostStatus.DRAFT, PostStatus.PUBLISHED,
                           PostStatus.ARCHIVED},
    PostStatus.PUBLISHED: {PostStatus.DRAFT, PostStatus.ARCHIVED},
    PostStatus.ARCHIVED: {PostStatus.DRAFT, PostStatus.PUBLISHED},
})


class PostTopic(StrEnum):
    BUYING_GUIDE = "buying-guide"
    EXPLAINER = "explainer"
    NEWS = "news"
    CASE_STUDY = "case-study"

    @property
    def label(self) -> str:
        return TOPIC_LABELS[self]

    @property
    def plural(self) -> str:
        return TOPIC_PLURALS[self]


TOPIC_LABELS = {
    PostTopic.BUYING_GUIDE: "Buying guide",
    PostTopic.EXPLAINER: "Explainer",
    PostTopic.NEWS: "News",
    PostTopic.CASE_STUDY: "Case study",
}


TOPIC_PLURALS = {
    PostTopic.BUYING_GUIDE: "Buying guides",
    PostTopic.EXPLAINER: "Explainers",
    PostTopic.NEWS: "News",
    PostTopic.CASE_STUDY: "Case studies",
}


post_tag = Table(
    "post_tag",
    db.metadata,
    Column("post_id", ForeignKey("post.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tag.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Tag(db.Model):
    __tablename__ = "tag"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    slug: Mapped[str] = mapped_column(String(40), unique=True)


class Post(TimestampMixin, db.Model):
    __tablename__ = "post"
    __table_args__ = (Index("ix_post_status_publish_at", "status", "publish_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(160), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(400), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    topic: Mapped[str] = mapped_column(String(20), default=PostTopic.EXPLAINER)
    # "static:img/posts/x.svg" (shipped with the code) or "media:posts/abc.webp" (uploaded).
    cover_image: Mapped[str] = mapped_column(String(255), default="")
    cover_alt: Mapped[str] = mapped_column(String(200), default="")
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    seo_title: Mapped[str] = mapped_column(String(200), default="")
    seo_description: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[str] = mapped_column(String(20), default=PostStatus.DRAFT)
    publish_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    word_count: Mapped[int] = mapped_column(Integer, default=0)

    author: Mapped[User | None] = relationship(lazy="joined")
    tags: Mapped[list[Tag]] = relationship(secondary=post_tag, order_by=Tag.name)

    @property
    def topic_label(self) -> str:
        try:
            return PostTopic(self.topic).label
        except ValueError:
            return self.topic

    @property
    def author_name(self) -> str:
        if self.author is None:
            return "The editors"
        return self.author.display_name or "The editors"

    @property
    def reading_minutes(self) -> int:
        return max(1, round(self.word_count / 220))

    @property
    def published_time(self) -> datetime | None:
        return aware(self.publish_at)

    @property
    def modified_time(self) -> datetime | None:
        return aware(self.updated_at)

    def is_visible(self, now: datetime) -> bool:
        """Readers see published posts and scheduled posts whose time has come."""
        when = aware(self.publish_at)
        return (
            self.status in (PostStatus.PUBLISHED, PostStatus.SCHEDULED)
            and when is not None
            and when <= now
        )


class PostProduct(db.Model):
    """A product a post's body references, kept in step with the body on every save."""

    __tablename__ = "post_product"

    post_id: Mapped[int] = mapped_column(
        ForeignKey("post.id", ondelete="CASCADE"), primary_key=True
    )
    product_id: Mapped[int] = mapped_column(
        ForeignKey("product.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)


class PostRevision(db.Model):
    """A snapshot of a post's content, taken on every change; any of them can be restored."""

    __tablename__ = "post_revision"
    __table_args__ = (UniqueConstraint("post_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(160))
    summary: Mapped[str] = mapped_column(String(400), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    topic: Mapped[str] = mapped_column(String(20))
    tags: Mapped[str] = mapped_column(String(500), default="")  # comma-separated names
    cover_image: Mapped[str] = mapped_column(String(255), default="")
    cover_alt: Mapped[str] = mapped_column(String(200), default="")
    seo_title: Mapped[str] = mapped_column(String(200), default="")
    seo_description: Mapped[str] = mapped_column(String(300), default="")
    note: Mapped[str] = mapped_column(String(120), default="")
    editor_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    editor: Mapped[User | None] = relationship(lazy="joined")


class CommentStatus(StrEnum):
    UNCONFIRMED = "unconfirmed"  # a guest's comment before the e-mailed link is followed
    PENDING = "pending"  # held for moderation
    APPROVED = "approved"
    REJECTED = "rejected"
    SPAM = "spam"
    DELETED = "deleted"  # withdrawn by its author


# Allowed status changes (``shop.content.services.comments.change_status``, through
# ``shop.status.change_status``, is the only writer):
#
#   from          to
#   unconfirmed → pending, approved, spam, deleted   (confirmation, or staff acting early)
#   pending     → approved, rejected, spam, deleted
#   approved    → pending, rejected, spam, deleted   (pending again when edited to add a link)
#   rejected    → approved, spam
#   spam        → approved, rejected
#   deleted     → (final)
COMMENT_TRANSITIONS = transitions(CommentStatus, {
    CommentStatus.UNCONFIRMED: {CommentStatus.PENDING, CommentStatus.APPROVED,
                                CommentStatus.SPAM, CommentStatus.DELETED},
    CommentStatus.PENDING: {CommentStatus.APPROVED, CommentStatus.REJECTED, CommentStatus.SPAM,
                            CommentStatus.DELETED},
    CommentStatus.APPROVED: {CommentStatus.PENDING, CommentStatus.REJECTED, CommentStatus.SPAM,
                             CommentStatus.DELETED},
    CommentStatus.REJECTED: {CommentStatus.APPROVED, CommentStatus.SPAM},
    CommentStatus.SPAM: {CommentStatus.APPROVED, CommentStatus.REJECTED},
    CommentStatus.DELETED: set(),
})


class Comment(TimestampMixin, db.Model):
    __tablename__ = "comment"
    __table_args__ = (
        Index("ix_comment_post_status", "post_id", "status", "created_at"),
        Index("ix_comment_status_created", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"))
    # Threads are one level deep: a reply's parent is always a top-level comment.
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("comment.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    author_name: Mapped[str] = mapped_column(String(80))
    author_email: Mapped[str] = mapped_column(String(254), default="", index=True)  # guests
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default=CommentStatus.PENDING)
    edited_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    post: Mapped[Post] = relationship()
    parent: Mapped[Comment | None] = relationship(remote_side=[id])

    @property
    def created_time(self) -> datetime:
        return aware(self.created_at)

    @property
    def is_guest(self) -> bool:
        return self.user_id is None


class PostEvent(db.Model):
    """One row per status change of a post or of one of its comments: who, when, from, to."""

    __tablename__ = "post_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"), index=True)
    comment_id: Mapped[int | None] = mapped_column(
        ForeignKey("comment.id", ondelete="CASCADE"), index=True
    )
    from_status: Mapped[str] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    note: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    actor: Mapped[User | None] = relationship(lazy="joined")


class MediaAsset(db.Model):
    """An uploaded image, re-encoded by us and stored under UPLOAD_DIR with a random name."""

    __tablename__ = "media_asset"

    id: Mapped[int] = mapped_column(primary_key=True)
    path: Mapped[str] = mapped_column(String(200), unique=True)  # relative to UPLOAD_DIR
    content_type: Mapped[str] = mapped_column(String(40))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    size_bytes: Mapped[int] = mapped_column(Integer)
    original_name: Mapped[str] = mapped_column(String(200), default="")
    post_id: Mapped[int | None] = mapped_column(
        ForeignKey("post.id", ondelete="SET NULL"), index=True
    )
    uploaded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
