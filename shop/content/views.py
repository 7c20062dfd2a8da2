"""Readers' pages: the blog listing, a post, the Atom feed and uploaded images.

Comment endpoints live in ``comment_views`` on the same blueprint.
"""

from __future__ import annotations

import re

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    render_template,
    request,
    send_from_directory,
    session,
)
from flask_login import current_user
from markupsafe import Markup

from shop.content import clock, queries
from shop.content.forms import CommentForm
from shop.content.models import Post, PostTopic, aware
from shop.content.products import FEED, PAGE, build_body
from shop.content.rendering import comment_html
from shop.content.seo import article_jsonld, breadcrumb_jsonld, cover_url, share_links
from shop.content.services.comments import Owner, can_manage, form_stamp
from shop.content.services.media import MEDIA_SUBDIR, NAME_PATTERN
from shop.web import page_changes_at

bp = Blueprint("content", __name__)

OWN_COMMENTS_KEY = "content_own_comments"
_MEDIA_NAME = re.compile(rf"^{NAME_PATTERN}$")


def _page_arg() -> int:
    raw = request.args.get("page", "1")
    if not raw.isdigit() or not 0 < int(raw) < 100_000:
        abort(404)
    return int(raw)


@bp.get("/blog")
def blog():
    now = clock.now()
    tag_slug = request.args.get("tag", "").strip()[:40] or None
    topic = request.args.get("topic", "").strip() or None
    if topic and topic not in {t.value for t in PostTopic}:
        topic = None
    page = _page_arg()
    listing = queries.published_posts(now, page=page, tag=tag_slug, topic=topic)
    if page > listing.pages:
        abort(404)
    tag = queries.tag_by_slug(tag_slug) if tag_slug else None
    return render_template(
        "content/blog.html", listing=listing, posts=listing.items,
        counts=queries.comment_counts(p.id for p in listing.items),
        tags=queries.tags_in_use(now), topics=list(PostTopic), tag=tag, tag_slug=tag_slug,
        topic=PostTopic(topic) if topic else None,
    )


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
        reply_to = request.args.get("reply", "")
        if reply_to.isdigit() and any(t.comment.id == int(reply_to) for t in threads):
            form.parent_id.data = reply_to
    form.stamp.data = form_stamp(current_app.config["SECRET_KEY"], post.id, now)
    replying_to = None
    if form.parent_id.data and str(form.parent_id.data).isdigit():
        replying_to = next((t.comment for t in threads
                            if t.comment.id == int(form.parent_id.data)), None)
    html = render_template(
        "content/post.html", post=post, body=body, threads=threads,
        comment_count=len(approved), form=form, manageable=manageable,
        replying_to=replying_to, related=queries.related_posts(post, now),
        article_ld=article_jsonld(post, approved), breadcrumb_ld=breadcrumb_jsonld(post),
        share=share_links(post), cover=cover_url(post),
    )
    return html, status


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
                          cover_url=cover_url)
    return Response(xml, mimetype="application/atom+xml")


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


from shop.content import comment_views as _comment_views  # noqa: E402,F401  (routes on bp)
