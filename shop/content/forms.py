"""Forms check shape; the services check the rules."""

from __future__ import annotations

from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    EmailField,
    HiddenField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp

from shop.content.models import TOPIC_LABELS
from shop.content.rendering import MAX_BODY_CHARS
from shop.content.services.comments import MAX_COMMENT_CHARS
from shop.forms import BaseForm

TOPIC_CHOICES = [SelectChoice(topic.value, label) for topic, label in TOPIC_LABELS.items()]


class PostForm(BaseForm):
    # The media service names a refused upload "image"; a refused schedule shows by the body.
    error_fields = {"image": "cover", "publish_at": "body"}
    default_error_field = "title"

    title = StringField("Title", validators=[
        DataRequired("A post needs a title."), Length(max=200, message="Keep the title under "
                                                                       "200 characters.")])
    slug = StringField("Address (slug)", validators=[
        Optional(), Length(max=150),
        Regexp(r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
               message="Use lower-case letters, digits and single hyphens only.")],
        description="Leave empty to derive it from the title. Changing it breaks old links.")
    summary = TextAreaField("Summary", validators=[Length(max=400)],
                            description="One or two sentences for listings and the feed.",
                            render_kw={"rows": 3})
    body = TextAreaField("Body (Markdown)", validators=[
        Length(max=MAX_BODY_CHARS, message=f"The body is limited to {MAX_BODY_CHARS:,} "
                                           "characters. Split it into several posts.")],
        description="Markdown. Put [[product:PART-NUMBER]] on a line of its own for a product "
                    "card, or inside a sentence for a link.",
        render_kw={"rows": 24, "spellcheck": "true"})
    topic = SelectField("Topic", choices=TOPIC_CHOICES)
    tags = StringField("Tags", validators=[Length(max=400)],
                       description="Separated by commas, e.g. InfiniBand, AI clusters.")
    cover = FileField("Cover image", description="JPEG, PNG, WebP or GIF up to 8 MB; resized "
                                                 "to 1600 px wide.",
                      render_kw={"accept": "image/jpeg,image/png,image/webp,image/gif"})
    cover_alt = StringField("Cover image description (alt text)", validators=[Length(max=200)])
    remove_cover = BooleanField("Remove the cover image")
    seo_title = StringField("SEO title", validators=[Length(max=200)],
                            description="Shown in search results; defaults to the title.")
    seo_description = TextAreaField("SEO description", validators=[Length(max=300)],
                                    description="Defaults to the summary.",
                                    render_kw={"rows": 2})
    save = SubmitField("Save")
    preview = SubmitField("Preview")


class ScheduleForm(BaseForm):
    publish_at = DateTimeLocalField("Publish at (UTC)",
                                    format=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"],
                                    validators=[DataRequired("Choose a date and time.")])
    submit = SubmitField("Schedule")


class ActionForm(BaseForm):
    """A button that only needs the CSRF token (publish, archive, restore …)."""

    submit = SubmitField("Go")


class ImageForm(BaseForm):
    image = FileField("Image", validators=[FileRequired("Choose an image to upload.")],
                      render_kw={"accept": "image/jpeg,image/png,image/webp,image/gif"})
    alt = StringField("Description (alt text)", validators=[Length(max=200)])
    submit = SubmitField("Upload image")


class PreviewForm(BaseForm):
    body = TextAreaField("Body", validators=[Length(max=MAX_BODY_CHARS)])


class ModerationForm(BaseForm):
    action = SelectField("Decision", choices=[SelectChoice("approve", "Approve"),
                                              SelectChoice("reject", "Reject"),
                                              SelectChoice("spam", "Spam")])


class CommentForm(BaseForm):
    default_error_field = "body"

    body = TextAreaField("Your comment", validators=[
        DataRequired("Write a comment first."),
        Length(max=MAX_COMMENT_CHARS, message=f"Comments are limited to "
                                              f"{MAX_COMMENT_CHARS:,} characters.")],
        render_kw={"rows": 5})
    name = StringField("Name", validators=[Optional(), Length(max=80)],
                       render_kw={"autocomplete": "name"})
    email = EmailField("E-mail", validators=[Optional(), Email("Enter a valid e-mail address."),
                                             Length(max=254)],
                       description="Not shown; we send a link to confirm your comment.",
                       render_kw={"autocomplete": "email"})
    # Honeypot: hidden from people by the stylesheet; bots fill it in.
    website = StringField("Leave this field empty", validators=[Optional()])
    stamp = HiddenField()
    parent_id = HiddenField()
    submit = SubmitField("Post comment")


class CommentEditForm(BaseForm):
    default_error_field = "body"

    body = TextAreaField("Your comment", validators=[
        DataRequired("Write a comment first."), Length(max=MAX_COMMENT_CHARS)],
        render_kw={"rows": 6})
    submit = SubmitField("Save changes")
