"""The blueprint of the operator and crawler endpoints (health, sitemap, robots, favicon).
``views`` registers its routes."""

from flask import Blueprint

bp = Blueprint("site", __name__)
