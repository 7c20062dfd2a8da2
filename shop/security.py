"""Security rules every page shares: response headers, safe redirects, role checks."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from urllib.parse import urljoin, urlsplit

from flask import Flask, g, has_request_context, request
from flask.sessions import SecureCookieSessionInterface

#: The policy every page gets: our own origin only, no inline script or style.
CSP_DIRECTIVES: dict[str, tuple[str, ...]] = {
    "default-src": ("'self'",),
    "script-src": ("'self'",),
    "style-src": ("'self'",),
    "img-src": ("'self'", "data:"),
    "font-src": ("'self'",),
    "connect-src": ("'self'",),
    "object-src": ("'none'",),
    "base-uri": ("'self'",),
    "form-action": ("'self'",),
    "frame-ancestors": ("'none'",),
}


def build_csp(extra: Mapping[str, Iterable[str]] | None = None) -> str:
    """The policy, with ``extra`` sources added to their directives. A directive the base
    policy leaves to ``default-src`` starts from its sources, so adding (say) a frame origin
    never takes away our own."""
    directives = {name: list(sources) for name, sources in CSP_DIRECTIVES.items()}
    for name, sources in (extra or {}).items():
        current = directives.setdefault(name, list(CSP_DIRECTIVES["default-src"]))
        current.extend(s for s in sources if s not in current)
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


CSP = build_csp()


def extend_csp(additions: Mapping[str, Iterable[str]]) -> None:
    """Allow more sources on the response to the current request only (the payment page
    allows Stripe's script and frames this way; every other page keeps :data:`CSP`)."""
    if not has_request_context():
        return
    merged = {name: list(sources) for name, sources in g.get("csp_extra", {}).items()}
    for name, sources in additions.items():
        merged.setdefault(name, []).extend(s for s in sources if s not in merged[name])
    g.csp_extra = merged


def safe_next_url(target: str | None, fallback: str = "/") -> str:
    """Only same-site paths pass: no scheme, no host, no protocol-relative or backslash tricks."""
    if not target or len(target) > 2000:
        return fallback
    cleaned = target.strip().replace("\\", "/")
    if any(ord(c) < 32 for c in cleaned):
        return fallback
    parts = urlsplit(cleaned)
    if parts.scheme or parts.netloc or not cleaned.startswith("/") or cleaned.startswith("//"):
        return fallback
    joined = urlsplit(urljoin(request.host_url, cleaned))
    if joined.netloc != urlsplit(request.host_url).netloc:
        return fallback
    return cleaned


def mail_target_key() -> str:
    """The address a form asks the shop to mail (its ``email`` field, trimmed and lower
    case), as a rate-limit key: mails to one address are limited whoever sends the form."""
    import hashlib

    address = (request.form.get("email") or "").strip().lower()[:254]
    return "mail-target:" + hashlib.sha256(address.encode()).hexdigest()


def mail_target_limit() -> str:
    from flask import current_app

    return current_app.config["MAIL_TARGET_LIMIT"]


#: Headers every response carries unless a view set its own.
FIXED_HEADERS: tuple[tuple[str, str], ...] = (
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("X-Frame-Options", "DENY"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
)
HSTS = ("Strict-Transport-Security", "max-age=31536000; includeSubDomains")


def register_security_headers(app: Flask) -> None:
    fixed = FIXED_HEADERS + ((HSTS,) if app.config.get("ENV_NAME") == "production" else ())

    @app.after_request
    def headers(response):
        present = {name.lower() for name in response.headers.keys()}
        if "content-security-policy" not in present:
            extra = g.get("csp_extra")
            response.headers.add("Content-Security-Policy", build_csp(extra) if extra else CSP)
        for name, value in fixed:
            if name.lower() not in present:
                response.headers.add(name, value)
        return response


class CookieSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, with the signing serializer made once per key set
    instead of on every request (Flask builds a new one to open a session, even when the
    request has no cookie, and again to save it)."""

    def get_signing_serializer(self, app: Flask):
        keys = (app.secret_key, tuple(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        held = app.extensions.get("session_serializer")
        if held is None or held[0] != keys:
            held = (keys, super().get_signing_serializer(app))
            app.extensions["session_serializer"] = held
        return held[1]


# --- authorisation: the one place views ask "may this user do this?" ----------------------

from functools import wraps  # noqa: E402

from flask import abort  # noqa: E402
from flask_login import current_user  # noqa: E402


def login_required(view):
    """Signed-in users only; others go to the sign-in page and come back."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated:
            from flask import current_app

            return current_app.login_manager.unauthorized()
        return view(*args, **kwargs)

    return wrapper


def roles_required(*roles: str):
    """Signed-in users holding one of ``roles``; everyone else gets 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not current_user.is_authenticated:
                from flask import current_app

                return current_app.login_manager.unauthorized()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapper

    return decorator


def roles_or_404(*roles: str):
    """Signed-in users holding one of ``roles``; everyone else, signed in or not, gets 404,
    so an address (a private file's) is not even confirmed to exist."""

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not current_user.is_authenticated or current_user.role not in roles:
                abort(404)
            return view(*args, **kwargs)

        return wrapper

    return decorator


STAFF_ROLES = frozenset({"staff", "admin"})
ADMIN_ROLES = frozenset({"admin"})

staff_required = roles_required(*STAFF_ROLES)
admin_required = roles_required(*ADMIN_ROLES)
staff_or_404 = roles_or_404(*STAFF_ROLES)
