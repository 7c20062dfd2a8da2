"""Account pages under ``/account/``: sign-in, registration, links from mails, profile, password,
e-mail, deletion (the address book is ``address_views``). Views parse a form, call one service,
commit once and redirect (through ``safe_next_url``) or render."""

from __future__ import annotations

import hashlib
import logging

from flask import (
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_user, logout_user

from shop.accounts import devices, services, sessions, tokens
from shop.accounts import queries as account_queries
from shop.accounts.blueprint import bp
from shop.accounts.exceptions import AccountLocked, TokenError, WrongCredentials
from shop.accounts.forms import (
    ChangeEmailForm,
    ChangePasswordForm,
    ConfirmForm,
    DeleteAccountForm,
    EmailOnlyForm,
    LoginForm,
    ProfileForm,
    RegisterForm,
    ResetPasswordForm,
)
from shop.errors import ValidationError
from shop.extensions import db, rate_limit
from shop.security import login_required, mail_target_key, mail_target_limit, safe_next_url

log = logging.getLogger(__name__)


# --- rate limits (Flask-Limiter; shared through Redis when REDIS_URL is set) ------------------

def _login_ip_limit() -> str:
    return current_app.config["LOGIN_IP_LIMIT"]


def _login_account_limit() -> str:
    return current_app.config["LOGIN_ACCOUNT_LIMIT"]


def _form_limit() -> str:
    return current_app.config["ACCOUNT_FORM_LIMIT"]


def _account_key() -> str:
    """Sign-ins per account *and source*: one address's failures from one IP address. The
    normalised address, so case and spaces do not make new counters; the account's password
    fingerprint, so a password reset starts every count of the account afresh."""
    key = services.sign_in_key(request.form.get("email") or "")
    account = account_queries.user_by_email(key)
    epoch = tokens.password_fingerprint(account.password_hash) if account else ""
    raw = f"{key}|{get_remote_address()}|{epoch}"
    return "login-account:" + hashlib.sha256(raw.encode()).hexdigest()


def _failed(_response) -> bool:
    """Only wrong passwords count: never a refusal (429), a locked account or a success."""
    return bool(g.get("sign_in_failed"))


def _link_error(error: TokenError):
    return render_template("accounts/link_error.html", message=error.message), 400


def _spend_link(form, use):
    """On a valid POST, run ``use()`` (a service that spends a mailed link) and commit.

    Returns True when the link was used, a 400 page when it is dead (expired, tampered,
    already used), and None to show the form again (a GET, or errors put on the form)."""
    if not form.validate_on_submit():
        return None
    try:
        use()
    except TokenError as exc:
        db.session.rollback()
        return _link_error(exc)
    except ValidationError as exc:
        db.session.rollback()
        form.apply_error(exc)
        return None
    db.session.commit()
    return True


def _home() -> str:
    return url_for("accounts.profile")


def _sign_in(user, *, remember: bool) -> None:
    """A fresh session cookie naming a new server-side session; the caller commits."""
    session.clear()
    user.session_token = sessions.start(user.id, remember=remember)
    login_user(user, remember=remember)


# --- sign-in, registration, sign-out ---------------------------------------------------------

@bp.get("/")
def index():
    return redirect(url_for("accounts.profile"))


@bp.route("/login", methods=["GET", "POST"])
@rate_limit(_login_ip_limit, methods=["POST"], key_func=get_remote_address)
@rate_limit(_login_account_limit, methods=["POST"], key_func=_account_key,
               deduct_when=_failed)
def login():
    form = LoginForm()
    if request.method == "GET":
        if current_user.is_authenticated:
            return redirect(safe_next_url(request.args.get("next"), _home()))
        form.next.data = safe_next_url(request.args.get("next"), "")
    status = 200
    if form.validate_on_submit():
        device_token = request.cookies.get(devices.COOKIE_NAME)
        try:
            user = services.authenticate(form.email.data, form.password.data,
                                         device_token=device_token)
        except AccountLocked as exc:
            form.apply_error(exc)
            status = 429
        except ValidationError as exc:
            g.sign_in_failed = isinstance(exc, WrongCredentials)
            db.session.commit()  # the failure count must stick
            form.apply_error(exc)
        else:
            _sign_in(user, remember=bool(form.remember.data))
            db.session.commit()
            response = redirect(safe_next_url(form.next.data, _home()))
            if devices.read(device_token, user.email) is None:
                devices.set_cookie(response, devices.issue(user.email))
            return response
    return render_template("accounts/login.html", form=form), status


@bp.route("/register", methods=["GET", "POST"])
@rate_limit(_form_limit, methods=["POST"], key_func=get_remote_address)
@rate_limit(mail_target_limit, methods=["POST"], key_func=mail_target_key)
def register():
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            services.register(form.email.data, form.password.data, form.display_name.data or "")
        except ValidationError as exc:
            db.session.rollback()
            form.apply_error(exc)
        else:
            db.session.commit()
            return redirect(url_for("accounts.check_inbox", reason="register"))
    return render_template("accounts/register.html", form=form)


@bp.get("/check-inbox")
def check_inbox():
    reason = request.args.get("reason", "")
    return render_template("accounts/check_inbox.html", reason=reason)


@bp.post("/logout")
def logout():
    if current_user.is_authenticated:
        sessions.end(current_user.session_token)  # copies of the cookies die with it
        db.session.commit()
    session.clear()
    logout_user()  # after clearing, so the remember cookie is removed too
    return redirect(url_for("catalog.home"))


# --- links from mails: GET shows a button, only the POST changes anything ----------------------

@bp.route("/verify/<token>", methods=["GET", "POST"])
def verify(token: str):
    form = ConfirmForm()
    try:
        user, _ = services.check_link(token, tokens.VERIFY)
    except TokenError as exc:
        return _link_error(exc)
    outcome = _spend_link(form, lambda: services.verify_email(token))
    if outcome is True:
        flash("Your e-mail address is confirmed. You can sign in now.", "success")
        return redirect(url_for("accounts.login"))
    return outcome or render_template("accounts/verify.html", form=form, email=user.email)


@bp.route("/verify/resend", methods=["GET", "POST"])
@rate_limit(_form_limit, methods=["POST"], key_func=get_remote_address)
@rate_limit(mail_target_limit, methods=["POST"], key_func=mail_target_key)
def resend_verification():
    form = EmailOnlyForm()
    if form.validate_on_submit():
        services.resend_verification(form.email.data)
        db.session.commit()
        return redirect(url_for("accounts.check_inbox", reason="resend"))
    return render_template("accounts/resend.html", form=form)


@bp.route("/reset", methods=["GET", "POST"])
@rate_limit(_form_limit, methods=["POST"], key_func=get_remote_address)
@rate_limit(mail_target_limit, methods=["POST"], key_func=mail_target_key)
def reset_request():
    form = EmailOnlyForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        db.session.commit()
        return redirect(url_for("accounts.check_inbox", reason="reset"))
    return render_template("accounts/reset_request.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    form = ResetPasswordForm()
    try:
        user, _ = services.check_link(token, tokens.RESET)
    except TokenError as exc:
        return _link_error(exc)
    outcome = _spend_link(form, lambda: services.reset_password(token, form.password.data))
    if outcome is True:
        session.clear()
        logout_user()
        flash("Your password has been changed. Sign in with the new one.", "success")
        response = redirect(url_for("accounts.login"))
        # The mailbox proved the owner: this browser signs in past strangers' failures.
        devices.set_cookie(response, devices.issue(user.email))
        return response
    return outcome or render_template("accounts/reset_password.html", form=form,
                                      email=user.email)


@bp.route("/email/confirm/<token>", methods=["GET", "POST"])
def email_confirm(token: str):
    form = ConfirmForm()
    try:
        _, data = services.check_link(token, tokens.EMAIL_CHANGE)
    except TokenError as exc:
        return _link_error(exc)
    outcome = _spend_link(form, lambda: services.confirm_email_change(token))
    if outcome is True:
        flash("Your new e-mail address is confirmed and now in use.", "success")
        target = "accounts.profile" if current_user.is_authenticated else "accounts.login"
        return redirect(url_for(target))
    return outcome or render_template("accounts/email_confirm.html", form=form,
                                      new_email=data.extra.get("new", ""))


# --- the signed-in account ---------------------------------------------------------------------

@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileForm(obj=current_user if request.method == "GET" else None)
    if form.validate_on_submit():
        services.update_profile(
            current_user.id, display_name=form.display_name.data or "",
            company_name=form.company_name.data or "", tax_id=form.tax_id.data or "",
            phone=form.phone.data or "",
        )
        db.session.commit()
        flash("Your profile has been saved.", "success")
        return redirect(url_for("accounts.profile"))
    return render_template("accounts/profile.html", form=form)


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        remembered = current_app.config.get("REMEMBER_COOKIE_NAME",
                                            "remember_token") in request.cookies
        try:
            user = services.change_password(current_user.id, form.current_password.data,
                                            form.new_password.data)
        except ValidationError as exc:
            db.session.rollback()
            form.apply_error(exc)
        else:
            # Every session ended with the password change; this browser gets a new one.
            _sign_in(user, remember=remembered)
            db.session.commit()
            flash("Your password has been changed. Other devices have been signed out.",
                  "success")
            return redirect(url_for("accounts.profile"))
    return render_template("accounts/password.html", form=form)


@bp.route("/email", methods=["GET", "POST"])
@rate_limit(_form_limit, methods=["POST"], key_func=get_remote_address)
@rate_limit(mail_target_limit, methods=["POST"], key_func=mail_target_key)
@login_required
def change_email():
    form = ChangeEmailForm()
    if form.validate_on_submit():
        try:
            services.request_email_change(current_user.id, form.email.data, form.password.data)
        except ValidationError as exc:
            db.session.rollback()
            form.apply_error(exc)
        else:
            db.session.commit()
            flash("We sent a confirmation link to the new address. Your e-mail address changes "
                  "when you use it.", "success")
            return redirect(url_for("accounts.profile"))
    return render_template("accounts/email.html", form=form)


@bp.route("/delete", methods=["GET", "POST"])
@login_required
def delete_account():
    form = DeleteAccountForm()
    if form.validate_on_submit():
        try:
            services.delete_account(current_user.id, form.password.data)
        except ValidationError as exc:
            db.session.rollback()
            form.apply_error(exc)
        else:
            db.session.commit()
            session.clear()
            logout_user()
            flash("Your account has been deleted.", "success")
            return redirect(url_for("accounts.login"))
    return render_template("accounts/delete.html", form=form)

