"""Posts (staff): list, write with a live preview, schedule, publish, archive, images and
revisions. Reads ``shop.content.queries``; writes through ``shop.content.services``."""

from __future__ import annotations

from datetime import UTC
from urllib.parse import urlsplit

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from shop.admin.blueprint import bp
from shop.content import clock, queries
from shop.content.exceptions import InvalidTransition, ValidationError
from shop.content.forms import ActionForm, ImageForm, PostForm, PreviewForm, ScheduleForm
from shop.content.models import Post, PostStatus
from shop.content.products import PREVIEW, build_body
from shop.content.services import media, posts
from shop.extensions import db
from shop.pagination import check_page, page_arg
from shop.security import safe_next_url, staff_required


@bp.errorhandler(413)
def too_large(_exc):
    """A back-office upload past the request limit (post and product images, datasheets,
    imports): say what fits, and lead back to the page it came from."""
    limit = current_app.config.get("MAX_CONTENT_LENGTH") or 0
    return render_template(
        "admin/too_large.html", limit_mb=limit // (1024 * 1024),
        image_mb=media.MAX_IMAGE_BYTES // (1024 * 1024),
        back=safe_next_url(request.referrer and _path_of(request.referrer),
                           url_for("admin.dashboard")),
    ), 413


def _path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _post_or_404(post_id: int) -> Post:
    post = queries.post_by_id(post_id)
    if post is None:
        abort(404)
    return post


@bp.get("/posts", endpoint="posts")
@staff_required
def post_list():
    status = request.args.get("status") or None
    if status and status not in {s.value for s in PostStatus}:
        status = None
    q = request.args.get("q", "").strip()[:100]
    page = page_arg(request.args)
    listing = queries.staff_posts(status=status, q=q, page=page)
    check_page(page, listing.pages)
    return render_template("admin/posts.html", listing=listing, status=status, q=q,
                           statuses=list(PostStatus), now=clock.now(),
                           effective_status=posts.effective_status,
                           counts=queries.queue_counts())


def _input_from(form: PostForm) -> posts.PostInput:
    return posts.PostInput(
        title=form.title.data or "", body=form.body.data or "", summary=form.summary.data or "",
        slug=(form.slug.data or "").strip(), topic=form.topic.data,
        tags=posts.parse_tags(form.tags.data or ""),
        cover_image="" if form.remove_cover.data else None,
        cover_alt=form.cover_alt.data or "", seo_title=form.seo_title.data or "",
        seo_description=form.seo_description.data or "",
    )


def _cover_upload(form: PostForm) -> media.Upload | None:
    upload = form.cover.data
    if upload and getattr(upload, "filename", ""):
        return media.Upload(upload.stream, upload.filename,
                            current_app.config["UPLOAD_DIR"])
    return None


def _editor(form: PostForm, post: Post | None, preview=None):
    now = clock.now()
    return render_template(
        "admin/post_edit.html", form=form, post=post, preview=preview,
        schedule_form=ScheduleForm(formdata=None), action_form=ActionForm(formdata=None),
        image_form=ImageForm(formdata=None), images=queries.media_of(post.id) if post else [],
        events=queries.events_of(post.id, 10) if post else [], now=now,
        effective_status=posts.effective_status(post, now) if post else None,
    )


@bp.route("/posts/new", methods=["GET", "POST"])
@staff_required
def post_new():
    form = PostForm()
    if form.preview.data:
        return _editor(form, None, build_body(form.body.data or "", PREVIEW))
    if form.validate_on_submit():
        try:
            post = posts.create_post(_input_from(form), author_id=current_user.id,
                                     now=clock.now(), cover=_cover_upload(form))
            db.session.commit()
        except ValidationError as exc:
            db.session.rollback()
            form.apply_error(exc)
        else:
            flash("Draft saved.", "success")
            return redirect(url_for("admin.post_edit", post_id=post.id))
    return _editor(form, None)


@bp.route("/posts/<int:post_id>/edit", methods=["GET", "POST"])
@staff_required
def post_edit(post_id: int):
    post = _post_or_404(post_id)
    form = PostForm(obj=post) if request.method == "GET" else PostForm()
    if request.method == "GET":
        form.tags.data = ", ".join(t.name for t in post.tags)
    if form.preview.data:
        return _editor(form, post, build_body(form.body.data or "", PREVIEW))
    if form.validate_on_submit():
        try:
            changed = posts.update_post(post, _input_from(form), editor_id=current_user.id,
                                        now=clock.now(), cover=_cover_upload(form))
            db.session.commit()
        except ValidationError as exc:
            db.session.rollback()
            form.apply_error(exc)
        else:
            flash("Saved." if changed else "No changes to save.", "success")
            return redirect(url_for("admin.post_edit", post_id=post.id))
    return _editor(form, post)


@bp.post("/posts/preview")
@staff_required
def post_preview():
    """The live preview: the same renderer and sanitiser readers get."""
    form = PreviewForm()
    if not form.validate_on_submit():
        return {"error": "The body is too long to preview."}, 400
    body = build_body(form.body.data or "", PREVIEW)
    return {
        "html": str(render_template("admin/_post_preview.html", preview=body)),
        "unknown": body.unknown,
    }


def _status_action(post_id: int, action, done: str):
    post = _post_or_404(post_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        action(post, actor_id=current_user.id, now=clock.now())
        db.session.commit()
    except (ValidationError, InvalidTransition) as exc:
        db.session.rollback()
        flash(str(exc), "error")
    else:
        flash(done, "success")
    return redirect(url_for("admin.post_edit", post_id=post.id))


@bp.post("/posts/<int:post_id>/publish")
@staff_required
def post_publish(post_id: int):
    return _status_action(post_id, posts.publish, "Published.")


@bp.post("/posts/<int:post_id>/archive")
@staff_required
def post_archive(post_id: int):
    return _status_action(post_id, posts.archive, "Archived: readers no longer see it.")


@bp.post("/posts/<int:post_id>/unpublish")
@staff_required
def post_unpublish(post_id: int):
    return _status_action(post_id, posts.unpublish, "Moved back to draft.")


@bp.post("/posts/<int:post_id>/schedule")
@staff_required
def post_schedule(post_id: int):
    post = _post_or_404(post_id)
    form = ScheduleForm()
    if form.validate_on_submit():
        when = form.publish_at.data.replace(tzinfo=UTC)
        try:
            posts.schedule(post, when, actor_id=current_user.id, now=clock.now())
            db.session.commit()
        except (ValidationError, InvalidTransition) as exc:
            db.session.rollback()
            flash(str(exc), "error")
        else:
            flash(f"Scheduled for {when:%Y-%m-%d %H:%M} UTC.", "success")
    else:
        for errors in form.errors.values():
            for message in errors:
                flash(f"Schedule: {message}", "error")
    return redirect(url_for("admin.post_edit", post_id=post.id))


@bp.post("/posts/<int:post_id>/images")
@staff_required
def post_image(post_id: int):
    post = _post_or_404(post_id)
    form = ImageForm()
    if form.validate_on_submit():
        try:
            asset = media.store_image(
                form.image.data.stream, upload_dir=current_app.config["UPLOAD_DIR"],
                original_name=form.image.data.filename or "", post_id=post.id,
                uploaded_by_id=current_user.id, now=clock.now())
            db.session.commit()
        except ValidationError as exc:
            db.session.rollback()
            flash(f"Image not uploaded: {exc.message}", "error")
        else:
            alt = (form.alt.data or "").replace("]", "").replace("[", "")
            url = url_for("content.media", name=asset.path.removeprefix("posts/"))
            flash(f"Image uploaded. Paste into the body: ![{alt}]({url})", "success")
    else:
        for message in form.image.errors:
            flash(f"Image not uploaded: {message}", "error")
    return redirect(url_for("admin.post_edit", post_id=post.id) + "#images")


@bp.get("/posts/<int:post_id>/revisions")
@staff_required
def post_revisions(post_id: int):
    post = _post_or_404(post_id)
    return render_template("admin/post_revisions.html", post=post,
                           revisions=queries.revisions_of(post.id),
                           events=queries.events_of(post.id), action_form=ActionForm())


@bp.get("/posts/<int:post_id>/revisions/<int:revision_id>")
@staff_required
def post_revision(post_id: int, revision_id: int):
    post = _post_or_404(post_id)
    revision = queries.revision(post.id, revision_id)
    if revision is None:
        abort(404)
    return render_template("admin/post_revision.html", post=post, revision=revision,
                           preview=build_body(revision.body, PREVIEW), action_form=ActionForm())


@bp.post("/posts/<int:post_id>/revisions/<int:revision_id>/restore")
@staff_required
def post_revision_restore(post_id: int, revision_id: int):
    post = _post_or_404(post_id)
    revision = queries.revision(post.id, revision_id)
    if revision is None:
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        changed = posts.restore_revision(post, revision, editor_id=current_user.id,
                                         now=clock.now())
        db.session.commit()
    except ValidationError as exc:
        db.session.rollback()
        flash(f"Not restored: {exc.message}", "error")
        return redirect(url_for("admin.post_revisions", post_id=post.id))
    flash(f"Revision {revision.number} restored." if changed
          else f"Revision {revision.number} is the same as the current text.", "success")
    return redirect(url_for("admin.post_edit", post_id=post.id))
