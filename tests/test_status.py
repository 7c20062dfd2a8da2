"""The status machine every domain uses: a StrEnum, one table of allowed moves, and one
function that checks a move, applies it and records who, when, from, to and why."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum

import pytest

from shop.content.models import POST_TRANSITIONS, CommentStatus, PostEvent, PostStatus
from shop.content.services import comments as comment_service
from shop.errors import Conflict
from shop.extensions import db
from shop.status import InvalidTransition, StatusChange, allowed, change_status, transitions
from tests.content.factories import make_comment, make_post, make_staff

T0 = datetime(2030, 1, 1, 12, tzinfo=UTC)


class Light(StrEnum):
    RED = "red"
    GREEN = "green"
    AMBER = "amber"
    OFF = "off"


# red → green → amber → red; any colour may go off; off is final.
LIGHT = transitions(Light, {
    Light.RED: {Light.GREEN, Light.OFF},
    Light.GREEN: {Light.AMBER, Light.OFF},
    Light.AMBER: {Light.RED, Light.OFF},
    Light.OFF: set(),
})


def test_a_table_is_frozen_and_names_every_status_once():
    assert LIGHT[Light.RED] == frozenset({Light.GREEN, Light.OFF})
    with pytest.raises(TypeError):
        LIGHT[Light.OFF] = frozenset({Light.RED})  # type: ignore[index]
    with pytest.raises(ValueError, match="missing rows"):
        transitions(Light, {Light.RED: {Light.GREEN}})
    with pytest.raises(ValueError, match="unknown statuses"):
        transitions(Light, {Light.RED: {"blue"}, Light.GREEN: set(), Light.AMBER: set(),
                            Light.OFF: set()})
    with pytest.raises(ValueError, match="unknown statuses"):
        transitions(Light, {**{s: set() for s in Light}, PostStatus.DRAFT: set()})


def test_allowed_reads_the_table_for_members_and_plain_strings():
    assert allowed(LIGHT, Light.RED, Light.GREEN)
    assert allowed(LIGHT, "amber", "red")
    assert not allowed(LIGHT, Light.RED, Light.AMBER)
    assert not allowed(LIGHT, Light.OFF, Light.RED)
    assert not allowed(LIGHT, Light.RED, Light.RED)  # staying put is a move the table names
    assert not allowed(LIGHT, "purple", Light.RED)


def test_a_change_is_checked_applied_and_recorded(ctx):
    staff = make_staff()
    post = make_post(status=PostStatus.DRAFT, now=T0)
    seen: list[StatusChange] = []

    def record(change: StatusChange) -> PostEvent:
        seen.append(change)
        return PostEvent(post_id=post.id, **change.columns(note_length=5))

    event = change_status(post, PostStatus.ARCHIVED, table=POST_TRANSITIONS, actor_id=staff.id,
                          record=record, note="Retired for good", now=T0)
    assert post.status == PostStatus.ARCHIVED
    assert seen == [StatusChange(PostStatus.DRAFT, PostStatus.ARCHIVED, staff.id, T0,
                                 "Retired for good")]
    assert event.id is not None and event in db.session  # added and flushed
    assert (event.from_status, event.to_status, event.actor_id, event.note) == (
        "draft", "archived", staff.id, "Retir")
    assert event.created_at.replace(tzinfo=UTC) == T0


def test_a_forbidden_change_is_a_conflict_and_changes_nothing(ctx):
    post = make_post(status=PostStatus.DRAFT, now=T0)
    before = db.session.query(PostEvent).count()
    called = []
    with pytest.raises(InvalidTransition) as raised:
        change_status(post, PostStatus.DRAFT, table=POST_TRANSITIONS, actor_id=None,
                      record=called.append, now=T0)
    assert isinstance(raised.value, Conflict)
    assert (raised.value.current, raised.value.target) == ("draft", "draft")
    assert str(raised.value) == "A draft item cannot become draft."
    assert post.status == PostStatus.DRAFT and not called
    assert db.session.query(PostEvent).count() == before
    with pytest.raises(ValueError):
        change_status(post, "flying", table=POST_TRANSITIONS, actor_id=None, record=called.append)


def test_comments_move_through_the_same_helper(ctx):
    staff = make_staff()
    post = make_post(now=T0)
    comment = make_comment(post, status=CommentStatus.PENDING, now=T0)
    comment_service.moderate(comment, "spam", staff_id=staff.id, now=T0)
    with pytest.raises(InvalidTransition):
        comment_service.change_status(comment, CommentStatus.PENDING, actor_id=staff.id, now=T0)
    comment_service.moderate(comment, "approve", staff_id=staff.id, now=T0)
    events = db.session.query(PostEvent).filter_by(comment_id=comment.id).order_by(
        PostEvent.id).all()
    assert [(e.from_status, e.to_status, e.actor_id, e.note) for e in events] == [
        ("pending", "spam", staff.id, "Moderated: spam"),
        ("spam", "approved", staff.id, "Moderated: approve")]

