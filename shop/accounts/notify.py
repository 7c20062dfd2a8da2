"""The mails accounts sends. Each is a few paragraphs and at most one button, rendered
into a plain-text and an HTML part by two shared templates."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app, render_template

from shop.accounts import tokens
from shop.mail import absolute_url, send_mail


@dataclass
class Mail:
    subject: str
    paragraphs: list[str]
    action_label: str | None = None
    action_url: str | None = None
    after: list[str] = field(default_factory=list)


def _send(to: str, mail: Mail) -> None:
    context = {"mail": mail, "shop_name": current_app.config["SHOP_NAME"]}
    send_mail(
        to,
        f"{mail.subject} | {current_app.config['SHOP_NAME']}",
        render_template("accounts/mail/message.txt", **context),
        render_template("accounts/mail/message.html", **context),
    )


def _hours(purpose: str) -> str:
    seconds = tokens.max_age_for(purpose)
    if seconds % 86400 == 0:
        days = seconds // 86400
        return f"{days} day{'s' if days != 1 else ''}"
    hours = max(1, seconds // 3600)
    return f"{hours} hour{'s' if hours != 1 else ''}"


_IGNORE = "If you did not ask for this, you can ignore this message."


def verification(to: str, token: str) -> None:
    _send(to, Mail(
        "Confirm your e-mail address",
        ["Thank you for registering. Confirm your e-mail address to start using your account."],
        "Confirm my e-mail address", absolute_url("accounts.verify", token=token),
        [f"The link works once and expires in {_hours(tokens.VERIFY)}.", _IGNORE],
    ))


def already_registered(to: str) -> None:
    _send(to, Mail(
        "You already have an account",
        ["Someone asked to register an account with this e-mail address, but you already "
         "have one. Sign in, or reset your password if you have forgotten it."],
        "Reset my password", absolute_url("accounts.reset_request"), [_IGNORE],
    ))


def already_verified(to: str) -> None:
    _send(to, Mail(
        "Your e-mail address is already confirmed",
        ["Someone asked for a new confirmation link for this address, but it is already "
         "confirmed. You can sign in."],
        "Sign in", absolute_url("accounts.login"), [_IGNORE],
    ))


def no_account(to: str, what: str) -> None:
    _send(to, Mail(
        f"About your {what} request",
        [f"Someone asked for a {what} link for this e-mail address, but there is no account "
         "with this address. If it was you, you may have registered with another address, "
         "or you can register now."],
        "Register", absolute_url("accounts.register"), [_IGNORE],
    ))


def reset_link(to: str, token: str) -> None:
    _send(to, Mail(
        "Reset your password",
        ["Someone asked to reset the password of your account. Choose a new password with "
         "the link below."],
        "Choose a new password", absolute_url("accounts.reset_password", token=token),
        [f"The link works once and expires in {_hours(tokens.RESET)}.",
         "If you did not ask for this, ignore this message: your password stays as it is."],
    ))


def password_changed(to: str) -> None:
    _send(to, Mail(
        "Your password was changed",
        ["The password of your account was just changed and every other session was signed "
         "out. If this was not you, reset your password now and tell us."],
        "Reset my password", absolute_url("accounts.reset_request"),
    ))


def email_change_link(to: str, token: str) -> None:
    _send(to, Mail(
        "Confirm your new e-mail address",
        ["You asked to use this address for your account. Confirm it with the link below; "
         "until then your old address stays in use."],
        "Confirm my new address", absolute_url("accounts.email_confirm", token=token),
        [f"The link works once and expires in {_hours(tokens.EMAIL_CHANGE)}.", _IGNORE],
    ))


def email_change_requested(to: str, new_email: str) -> None:
    _send(to, Mail(
        "A change of e-mail address was requested",
        [f"Someone signed in to your account asked to change its e-mail address to {new_email}. "
         "Nothing changes until the new address is confirmed.",
         "If this was not you, change your password now."],
        "Change my password", absolute_url("accounts.change_password"),
    ))


def email_in_use(to: str) -> None:
    _send(to, Mail(
        "Your e-mail address was offered for another account",
        ["Someone asked to move another account to this e-mail address. This address already "
         "has an account, so nothing was changed."],
        after=[_IGNORE],
    ))


def account_deleted(to: str) -> None:
    _send(to, Mail(
        "Your account was deleted",
        ["Your account and its personal data were deleted. Orders you placed are kept for "
         "our accounting records, no longer linked to your name or e-mail address."],
    ))
