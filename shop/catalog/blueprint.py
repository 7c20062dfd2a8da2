"""The storefront blueprint: home, category listings, product pages, search and compare.
``views`` registers its routes."""

from flask import Blueprint

bp = Blueprint("catalog", __name__)
