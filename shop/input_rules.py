"""The one input-cleaning rule of the shop, applied before any view runs.

- No text may hold a NUL byte: PostgreSQL refuses them in text columns, so a path, a query
  parameter, a form field (name or value) or an uploaded file's name with one answers 400.
- A number in a URL path (``<int:…>``) is ASCII digits within the database's integer range;
  anything else (``²``, ``٣``, ``99999999999``) matches no route and answers 404.
- Numbers read from a query string or a form go through ``shop.pagination`` (``page_arg``
  for page numbers, ``db_id`` for ids), which apply the same digits-and-range rule.
- A view that accepts another limit than ``MAX_CONTENT_LENGTH`` says so with
  ``@body_limit(n)``; the limit applies before anything reads the body (this rule's form
  check included), so a larger body answers 413 unread.

Views and services therefore never see a value the database cannot store or compare.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import Flask, abort, request
from werkzeug.routing import BaseConverter, ValidationError

from shop.pagination import MAX_DB_INT

NUL = "\x00"
View = TypeVar("View", bound=Callable)


def body_limit(max_bytes: int) -> Callable[[View], View]:
    """Declare the largest request body a view accepts: below ``MAX_CONTENT_LENGTH``, or above
    it for the few forms that carry many documents (the supplier application)."""

    def declare(view: View) -> View:
        view.max_body_bytes = max_bytes  # type: ignore[attr-defined]
        return view

    return declare


class DatabaseIntConverter(BaseConverter):
    """``<int:name>``: ASCII digits, 0 up to the largest value an integer column holds."""

    regex = r"[0-9]{1,10}"
    weight = 50
    part_isolating = True

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_DB_INT:
            raise ValidationError()
        return number

    def to_url(self, value) -> str:
        return str(int(value))


def _has_nul(values) -> bool:
    return any(NUL in key or any(NUL in v for v in vs) for key, vs in values.lists())


def bad_input() -> str | None:
    """Why the current request's text cannot be accepted, or None."""
    if NUL in request.path:
        return "NUL byte in the path"
    if _has_nul(request.args):
        return "NUL byte in the query string"
    if request.method in ("POST", "PUT", "PATCH", "DELETE"):
        if _has_nul(request.form):
            return "NUL byte in a form field"
        for name, upload in request.files.items(multi=True):
            if NUL in name or NUL in (upload.filename or ""):
                return "NUL byte in an uploaded file's name"
    return None


def init_app(app: Flask) -> None:
    """Install the converter (before any route is registered) and the request check."""
    app.url_map.converters["int"] = DatabaseIntConverter

    # URL value preprocessors run before every before_request hook, so no hook (this rule's
    # form check, CSRF, rate-limit keys) can open the body under the app-wide limit first.
    @app.url_value_preprocessor
    def apply_body_limit(endpoint, _values):
        limit = getattr(app.view_functions.get(endpoint or ""), "max_body_bytes", None)
        if limit is not None:
            request.max_content_length = limit

    @app.before_request
    def reject_bad_input():
        reason = bad_input()
        if reason:
            abort(400, description=reason)
