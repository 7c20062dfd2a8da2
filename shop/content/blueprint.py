"""The readers' blueprint of the content domain (``/blog``, comments, uploaded images).
``views`` and ``comment_views`` register its routes; the back office is ``shop.admin``."""

from flask import Blueprint

from shop.mail import secret_links

bp = Blueprint("content", __name__)

# A guest's comment confirmation link (withheld from the outbox).
secret_links("content.comment_confirm")
