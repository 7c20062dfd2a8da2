"""Domain errors and the error pages.

Services raise the domain errors; the entry points never translate them by hand:
``NotFound`` answers the 404 page and ``Conflict`` the 409 page (with its message, which is
written for people), both in the shop's design. A failed CSRF check answers a 400 page that
says what happened."""

from __future__ import annotations

import logging
import os

from flask import Flask, Response, g, render_template, request
from flask.globals import request_ctx
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)


class DomainError(Exception):
    """A rule of the shop was broken; views turn it into a message for the user."""


class ValidationError(DomainError):
    """Bad input for one field; the view puts ``message`` next to ``field`` on the form."""

    def __init__(self, field: str | None, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


class NotFound(DomainError):
    """What was asked for does not exist (or is not the asker's to see): a 404 page."""


class Conflict(DomainError):
    """The request clashes with the current state (a status move the table forbids, stock
    taken meanwhile): a 409 page showing the message."""


ERROR_TITLES = {
    400: ("Bad request", "We could not understand that request. Check the address or the form."),
    403: ("Forbidden", "You do not have access to this page."),
    404: ("Page not found", "We could not find that page. It may have moved or never existed."),
    405: ("Method not allowed", "That action is not allowed on this page."),
    409: ("Conflict", "That could not be done in the current state of things. Reload the page "
                      "and try again."),
    413: ("Too large", "What you sent is larger than we accept."),
    429: ("Too many requests", "You are going a little fast. Wait a moment and try again."),
    500: ("Something went wrong", "An error on our side stopped this page. It has been logged."),
}


def request_id() -> str:
    if "request_id" not in g:
        g.request_id = request.environ.get("HTTP_X_REQUEST_ID", "")[:64] or os.urandom(16).hex()
    return g.request_id


def _rollback() -> None:
    """An error ends the request's transaction: nothing of it is kept, and the error page
    (which may read the signed-in user or the menu) starts from a usable session."""
    from shop.extensions import db

    try:
        db.session.rollback()
    except Exception:  # a dead connection: the page must still render
        log.warning("rollback failed [request_id=%s]", request_id(), exc_info=True)


def register_error_handlers(app: Flask) -> None:
    def render(code: int, description: str | None = None):
        title, default = ERROR_TITLES.get(code, ("Error", "An error occurred."))
        _rollback()
        if request_ctx.url_adapter is None:
            # Refused before routing (a Host outside TRUSTED_HOSTS): no URL can be built for
            # it, so the page is plain text rather than the designed one.
            return Response(f"{title}\n\n{description or default}\n", status=code,
                            mimetype="text/plain")
        return (
            render_template(
                "errors/error.html",
                code=code,
                title=title,
                message=description or default,
                request_id=request_id(),
            ),
            code,
        )

    @app.errorhandler(NotFound)
    def not_found(_exc: NotFound):
        return render(404)

    @app.errorhandler(Conflict)
    def conflict(exc: Conflict):
        return render(409, str(exc) or None)

    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError):
        log.warning("CSRF check failed [request_id=%s] %s %s: %s", request_id(), request.method,
                    request.path, exc.description)
        return render(400, "This form has expired or was sent without its security token, so "
                           "nothing was changed. Go back, reload the page and try again.")

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        code = exc.code or 500
        if code in ERROR_TITLES and code < 500:
            response = render(code)
            if code == 405 and exc.get_response().headers.get("Allow"):
                allow = exc.get_response().headers["Allow"]
                if isinstance(response, Response):
                    response.headers["Allow"] = allow
                    return response
                return response[0], code, {"Allow": allow}
            return response
        return exc

    @app.errorhandler(Exception)
    def unhandled(exc: Exception):
        if isinstance(exc, HTTPException):
            return http_error(exc)
        log.exception("unhandled error [request_id=%s] %s %s", request_id(), request.method,
                      request.path)
        return render(500)
