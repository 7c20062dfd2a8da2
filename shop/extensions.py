"""Flask extensions, created unbound and bound in ``create_app``."""

from flask_caching import Cache
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy

from shop.db import Base
from shop.form_tokens import ShopCSRFProtect

db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = ShopCSRFProtect()
cache = Cache()


class ShopLimiter(Limiter):
    """Flask-Limiter, looking before each request only when the view has a limit of its own.

    Flask-Limiter checks a decorated view's limits when the view is called, and also looks
    at every request before any view runs, for limits that apply to all views. The shop
    sets none of those (no default, application or meta limits), so requests to views
    without a limit of their own skip that look: on a page served from the page cache it
    was a tenth of the work, and working out that no limit applies still cost a sixth of
    a hit."""

    def _check_request_limit(self, callable_name=None, in_middleware=True) -> None:
        if in_middleware and not _has_own_limit():
            return
        super()._check_request_limit(callable_name=callable_name, in_middleware=in_middleware)


limiter = ShopLimiter(key_func=get_remote_address, default_limits=[])


def rate_limit(limit_value, **options):
    """``limiter.limit`` for a view, and a mark on it that it has a limit of its own.

    Requests to views without this mark skip the limiter (``ShopLimiter``): use this, not
    ``limiter.limit``, or the limit is skipped too (``tests/security/test_security_rate_limit.py``
    checks every view)."""
    decorate = limiter.limit(limit_value, **options)

    def apply(view):
        limited = decorate(view)
        limited.has_rate_limit = True  # functools.wraps carries it to outer decorators
        return limited

    return apply


@limiter.request_filter
def _without_limits() -> bool:
    """No limit applies to a view without one of its own, wherever the limiter looks."""
    return not _has_own_limit()


def _has_own_limit() -> bool:
    from flask import current_app, request

    view = current_app.view_functions.get(request.endpoint or "")
    return getattr(view, "has_rate_limit", False)
