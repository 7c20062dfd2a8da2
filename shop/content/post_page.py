"""The post page as readers see it, shared by the reading and the commenting views: which
comments this browser wrote (guests may edit theirs for a while), and the page itself, also
re-rendered with a refused comment's errors."""

from __future__ import annotations

from flask import current_app, render_template, request, session
from flask_login import current_user

from shop.content import clock, queries
from shop.content.forms import CommentForm
from shop.content.models import Post
from shop.content.products import PAGE, build_body
from shop.content.seo import article_jsonld, breadcrumb_jsonld, cover_url, share_links
from shop.content.services.comments import Owner, can_manage, form_stamp
from shop.pagination import db_id

OWN_COMMENTS_KEY = "content_own_comments"


def own_comment_ids() -> set[int]:
    return {int(i) for i in session.get(OWN_COMMENTS_KEY, []) if isinstance(i, int)}


def remember_own_comment(comment_id: int) -> None:
    ids = [i for i in session.get(OWN_COMMENTS_KEY, []) if isinstance(i, int)]
    session[OWN_COMMENTS_KEY] = (ids + [comment_id])[-20:]


def viewer_owner() -> Owner:
    user_id = current_user.id if current_user.is_authenticated else None
    return Owner(user_id=user_id, comment_ids=own_comment_ids())


def render_post(post: Post, *, form: CommentForm | None = None, status: int = 200):
    """The post page; also re-rendered with errors when a comment is refused."""
    now = clock.now()
    body = build_body(post.body, PAGE)
    owner = viewer_owner()
    threads = queries.comment_threads(post.id, own_ids=owner.comment_ids, user_id=owner.user_id)
    approved = queries.approved_comments(post.id)
    manageable = {c.id for t in threads for c in [t.comment, *t.replies]
                  if can_manage(c, owner, now)}
    if form is None:
        form = CommentForm()
        reply_to = db_id(request.args.get("reply"))
        if reply_to is not None and any(t.comment.id == reply_to for t in threads):
            form.parent_id.data = str(reply_to)
    form.stamp.data = form_stamp(current_app.config["SECRET_KEY"], post.id, now)
    replying_to = None
    parent_id = db_id(form.parent_id.data)
    if parent_id is not None:
        replying_to = next((t.comment for t in threads if t.comment.id == parent_id), None)
    html = render_template(
        "content/post.html", post=post, body=body, threads=threads,
        comment_count=len(approved), form=form, manageable=manageable,
        replying_to=replying_to, related=queries.related_posts(post, now),
        article_ld=article_jsonld(post, approved), breadcrumb_ld=breadcrumb_jsonld(post),
        share=share_links(post), cover=cover_url(post),
    )
    return html, status
