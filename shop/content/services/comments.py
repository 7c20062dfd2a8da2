"""Comments: writing, confirming (guests), moderating, and the author's short edit window.

Moderation rules, in one place (``initial_status``):
- staff comments are approved at once;
- a comment with a link, or from someone with no approved comment yet, is held;
- otherwise it is approved.
Guests' comments wait for the e-mailed confirmation link before those rules apply.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from itsdangerous import BadSignature, SignatureExpired, URLSafeSerializer, URLSafeTimedSerializer

from shop import status
from shop.content import queries
from shop.content.exceptions import NotAllowed, ValidationError
from shop.content.models import (
    COMMENT_TRANSITIONS,
    Comment,
    CommentStatus,
    Post,
    PostEvent,
    aware,
)
from shop.db import utcnow
from shop.extensions import db

MAX_COMMENT_CHARS = 5000
EDIT_WINDOW = timedelta(minutes=15)
CONFIRM_MAX_AGE = timedelta(days=3)
CONFIRM_SALT = "content.comment-confirm"
STAMP_SALT = "content.comment-form"

# Anything that reads as a link: a scheme, "www.", or a bare domain with a common suffix.
LINK_PATTERN = re.compile(
    r"(?:https?://|ftp://|www\.)\S+"
    r"|\b[a-z0-9][a-z0-9-]{0,62}\.(?:com|net|org|io|info|biz|ru|cn|xyz|top|online|site|shop|"
    r"click|link|co|us|uk|de|me|ly|app|dev)\b(?:/\S*)?",
    re.I,
)

MODERATION_ACTIONS = {
    "approve": CommentStatus.APPROVED,
    "reject": CommentStatus.REJECTED,
    "spam": CommentStatus.SPAM,
}


@dataclass
class Commenter:
    """Who writes: a signed-in user (``user_id``) or a guest (name and e-mail)."""

    user_id: int | None = None
    name: str = ""
    email: str = ""
    is_staff: bool = False


@dataclass
class Owner:
    """Who may edit or delete: the signed-in user, or the browser session that wrote it."""

    user_id: int | None = None
    comment_ids: set[int] = field(default_factory=set)

    def owns(self, comment: Comment) -> bool:
        if self.user_id is not None and comment.user_id == self.user_id:
            return True
        return comment.user_id is None and comment.id in self.comment_ids


def has_link(text: str) -> bool:
    return LINK_PATTERN.search(text or "") is not None


def initial_status(body: str, *, is_staff: bool, has_history: bool) -> CommentStatus:
    if is_staff:
        return CommentStatus.APPROVED
    if has_link(body) or not has_history:
        return CommentStatus.PENDING
    return CommentStatus.APPROVED


def _clean_body(body: str) -> str:
    text = (body or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    text = re.sub(r"\n{3,}", "\n\n", text)
    if not text:
        raise ValidationError("body", "Write a comment first.")
    if len(text) > MAX_COMMENT_CHARS:
        raise ValidationError("body", f"Comments are limited to {MAX_COMMENT_CHARS:,} "
                                      f"characters; this one has {len(text):,}.")
    return text


def add_comment(post: Post, body: str, commenter: Commenter, *, parent_id: int | None = None,
                now: datetime | None = None) -> Comment:
    now = now or utcnow()
    if not post.is_visible(now):
        raise NotAllowed("Comments are open on published posts only.")
    text = _clean_body(body)
    name = " ".join((commenter.name or "").split())
    email = (commenter.email or "").strip().lower()
    if commenter.user_id is None:
        if not name:
            raise ValidationError("name", "Tell us the name to show with your comment.")
        if not email:
            raise ValidationError("email", "Give your e-mail address; we send a link to "
                                           "confirm the comment.")
    if len(name) > 80:
        raise ValidationError("name", "Keep the name under 80 characters.")
    parent = None
    if parent_id is not None:
        parent = db.session.get(Comment, parent_id)
        if parent is None or parent.post_id != post.id or parent.status != CommentStatus.APPROVED:
            raise ValidationError("body", "The comment you replied to is no longer available.")
        if parent.parent_id is not None:  # one level deep: join the parent's thread
            parent = db.session.get(Comment, parent.parent_id)
    if commenter.user_id is None:
        first = CommentStatus.UNCONFIRMED
    else:
        first = initial_status(text, is_staff=commenter.is_staff, has_history=queries
                               .has_approved_history(user_id=commenter.user_id, email=None))
    comment = Comment(
        post_id=post.id, parent_id=parent.id if parent else None, user_id=commenter.user_id,
        author_name=name or "Reader", author_email=email if commenter.user_id is None else "",
        body=text, status=first, created_at=now, updated_at=now,
    )
    db.session.add(comment)
    db.session.flush()
    return comment


def change_status(comment: Comment, target: CommentStatus, *, actor_id: int | None,
                  now: datetime, note: str = "") -> PostEvent:
    """The one function that changes a comment's status (``COMMENT_TRANSITIONS`` says which
    moves exist); records the event on its post."""
    event = status.change_status(
        comment, target, table=COMMENT_TRANSITIONS, actor_id=actor_id, note=note, now=now,
        record=lambda change: PostEvent(post_id=comment.post_id, comment_id=comment.id,
                                        **change.columns()))
    comment.updated_at = now
    db.session.flush()
    return event


def confirm(comment: Comment, *, now: datetime | None = None) -> Comment:
    """A guest followed the e-mailed link: the comment now goes through moderation rules."""
    now = now or utcnow()
    if comment.status != CommentStatus.UNCONFIRMED:
        return comment  # a second click changes nothing
    comment.confirmed_at = now
    target = initial_status(comment.body, is_staff=False, has_history=queries
                            .has_approved_history(user_id=None, email=comment.author_email))
    change_status(comment, target, actor_id=None, now=now, note="Confirmed by e-mail")
    return comment


def moderate(comment: Comment, action: str, *, staff_id: int | None,
             now: datetime | None = None) -> Comment:
    try:
        target = MODERATION_ACTIONS[action]
    except KeyError as exc:
        raise ValidationError("action", "Choose approve, reject or spam.") from exc
    if comment.status == target:
        return comment
    change_status(comment, target, actor_id=staff_id, now=now or utcnow(),
                  note=f"Moderated: {action}")
    return comment


def can_manage(comment: Comment, owner: Owner, now: datetime) -> bool:
    """The author may edit or delete for a short while after writing."""
    return (
        owner.owns(comment)
        and comment.status != CommentStatus.DELETED
        and now - aware(comment.created_at) <= EDIT_WINDOW
    )


def _require_manage(comment: Comment, owner: Owner, now: datetime) -> None:
    if not owner.owns(comment):
        raise NotAllowed("Only the author can change this comment.")
    if comment.status == CommentStatus.DELETED:
        raise NotAllowed("This comment has been deleted.")
    if now - aware(comment.created_at) > EDIT_WINDOW:
        minutes = int(EDIT_WINDOW.total_seconds() // 60)
        raise NotAllowed(f"Comments can be changed for {minutes} minutes after posting; "
                         "that time has passed.")


def edit_comment(comment: Comment, body: str, owner: Owner, *, is_staff: bool = False,
                 now: datetime | None = None) -> Comment:
    now = now or utcnow()
    _require_manage(comment, owner, now)
    text = _clean_body(body)
    if text == comment.body:
        return comment
    comment.body = text
    comment.edited_at = now
    comment.updated_at = now
    if comment.status == CommentStatus.APPROVED and not is_staff and has_link(text):
        change_status(comment, CommentStatus.PENDING, actor_id=owner.user_id, now=now,
                      note="Edited to include a link")
    db.session.flush()
    return comment


def delete_comment(comment: Comment, owner: Owner, *, now: datetime | None = None) -> Comment:
    now = now or utcnow()
    _require_manage(comment, owner, now)
    change_status(comment, CommentStatus.DELETED, actor_id=owner.user_id, now=now,
                  note="Deleted by its author")
    return comment


# --- signed values: the guest's confirmation link and the form's fill-time stamp -----------

def confirmation_token(secret: str, comment: Comment) -> str:
    return URLSafeTimedSerializer(secret, salt=CONFIRM_SALT).dumps(
        {"c": comment.id, "e": comment.author_email})


def comment_from_token(secret: str, token: str) -> Comment | None:
    """The comment a confirmation link names, or None if the link is forged or too old."""
    try:
        data = URLSafeTimedSerializer(secret, salt=CONFIRM_SALT).loads(
            token, max_age=int(CONFIRM_MAX_AGE.total_seconds()))
    except (BadSignature, SignatureExpired):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("c"), int):
        return None
    comment = db.session.get(Comment, data["c"])
    if comment is None or comment.author_email != data.get("e"):
        return None
    return comment


def form_stamp(secret: str, post_id: int, now: datetime) -> str:
    """A signed note of when the comment form was shown, for the minimum fill time."""
    return URLSafeSerializer(secret, salt=STAMP_SALT).dumps([post_id, int(now.timestamp())])


def check_form_stamp(secret: str, stamp: str, post_id: int, now: datetime, *,
                     min_seconds: float, max_age: timedelta = timedelta(days=1)) -> None:
    """Refuse forms sent faster than a person types, or with a missing or stale stamp."""
    try:
        stamped_post, shown_at = URLSafeSerializer(secret, salt=STAMP_SALT).loads(stamp or "")
    except (BadSignature, ValueError, TypeError):
        raise ValidationError("body", "The form has expired. Please send your comment "
                                      "again.") from None
    elapsed = now.timestamp() - float(shown_at)
    if stamped_post != post_id or elapsed > max_age.total_seconds():
        raise ValidationError("body", "The form has expired. Please send your comment again.")
    if elapsed < min_seconds:
        raise ValidationError("body", "That was quicker than anyone can type. Wait a few "
                                      "seconds and send your comment again.")
