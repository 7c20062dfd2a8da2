"""The readers' blueprint of the content domain (``/blog``, comments, uploaded images).
``views`` and ``comment_views`` register its routes; the back office is ``shop.admin``."""

from flask import Blueprint

bp = Blueprint("content", __name__)
