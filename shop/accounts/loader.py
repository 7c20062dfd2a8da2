"""How Flask-Login finds the user behind a session, and where it sends strangers.

The session cookie and the remember-me cookie both carry ``id:version:token``; the user is
signed in only while the server-side session with that token lives (``sessions``), so
signing out, a password change or an expiry ends it for every copy of either cookie. A
remember-me cookie that brings a session back is rotated at once (a new token in a new
cookie), at the start of the request, before any view has done anything."""

from __future__ import annotations

from flask import current_app, g, request, session
from flask_login import current_user, user_loaded_from_cookie

from shop.accounts import sessions
from shop.accounts.blueprint import bp
from shop.accounts.models import User
from shop.extensions import db, login_manager
from shop.pagination import db_id

login_manager.login_view = "accounts.login"
login_manager.login_message = "Sign in to see that page."
login_manager.login_message_category = "info"


@login_manager.user_loader
def load_user(value: str) -> User | None:
    user_id, _, rest = value.partition(":")
    version, _, token = rest.partition(":")
    uid = db_id(user_id)
    if uid is None or not (version.isascii() and version.isdigit()) or len(version) > 9:
        return None
    user = db.session.get(User, uid)
    if user is None or user.session_version != int(version) or not user.is_active:
        return None
    row = sessions.find(user.id, token)
    if row is None:
        return None
    user.session_token = token
    g.user_session = row
    return user


def _rotate_remembered(_app, user: User, **_extra) -> None:
    """A remember-me cookie brought the session back: new token, new cookie, new expiry."""
    row = g.pop("user_session", None)
    if row is None:
        return
    user.session_token = sessions.rotate(row)
    db.session.commit()
    session["_user_id"] = user.get_id()
    session["_remember"] = "set"  # Flask-Login writes the new cookie with the response


user_loaded_from_cookie.connect(_rotate_remembered, weak=False)


@bp.before_app_request
def restore_remembered_session() -> None:
    """Load the user now when only a remember-me cookie names them, so its rotation (and
    commit) happens before any view runs."""
    cookie = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
    if cookie in request.cookies and "_user_id" not in session:
        current_user._get_current_object()
