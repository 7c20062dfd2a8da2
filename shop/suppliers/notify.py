"""The mails of the supplier programme. Each is a few paragraphs and at most one button,
rendered into a plain-text and an HTML part. Mails to an address not yet confirmed (the
confirmation itself, links asked for by typing an address, invitations) carry no text their
sender chose: no company or person names typed into a form."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app, render_template

from shop.mail import send_mail
from shop.suppliers import links
from shop.suppliers.models import STATUS_TEXT, SupplierApplication, SupplierInvitation

_IGNORE = "If you did not ask for this, you can ignore this message."


@dataclass
class Mail:
    subject: str
    paragraphs: list[str]
    action_label: str | None = None
    action_url: str | None = None
    after: list[str] = field(default_factory=list)


def send(to: str, mail: Mail) -> None:
    context = {"mail": mail, "shop_name": current_app.config["SHOP_NAME"]}
    send_mail(to, f"{mail.subject} | {current_app.config['SHOP_NAME']}",
              render_template("suppliers/mail/message.txt", **context),
              render_template("suppliers/mail/message.html", **context))


def paragraphs(text: str) -> list[str]:
    """Staff's text as paragraphs: blank lines separate them."""
    parts = (p.strip() for p in text.replace("\r\n", "\n").split("\n\n"))
    return [p for p in parts if p]


def confirm_address(application: SupplierApplication) -> None:
    days = links.max_age_days(links.CONFIRM)
    send(application.email, Mail(
        f"Confirm your e-mail address for supplier application {application.reference}",
        [f"An application to sell through {current_app.config['SHOP_NAME']} gave this "
         f"e-mail address as its contact (reference {application.reference}). Confirm the "
         "address, and the application enters our review queue."],
        "Confirm my e-mail address", links.confirm_url(application),
        [f"The link works for {days} days. Unconfirmed applications are closed after that.",
         _IGNORE]))


def received(application: SupplierApplication) -> None:
    send(application.email, Mail(
        f"We received your supplier application {application.reference}",
        [f"Thank you: the application of {application.legal_name} is in our review queue. "
         "Most reviews take five working days. We write when we decide or when we need "
         "something from you.",
         "Your application's page shows where it stands and lets you add documents."],
        "Follow your application", links.status_url(application),
        [_status_link_note()]))


def answer_received(application: SupplierApplication) -> None:
    send(application.email, Mail(
        f"Thank you for your answer ({application.reference})",
        ["We received your answer and your application is back in our review queue."],
        "Follow your application", links.status_url(application),
        [_status_link_note()]))


def decision(application: SupplierApplication, subject: str, body: str,
             invitation: SupplierInvitation | None = None) -> None:
    """Staff's message about a status change, as they edited it, with the application's
    link (and, on approval, the contact's invitation to set a password)."""
    after = [f"Status of your application {application.reference}: "
             f"{STATUS_TEXT[application.status]}."]
    if invitation is not None:
        days = links.max_age_days(links.INVITE)
        after += [f"The invitation link works once and expires in {days} days.",
                  "Your application's page: " + links.status_url(application)]
        send(application.email, Mail(subject, paragraphs(body),
                                     "Set your password and sign in",
                                     links.invite_url(invitation), after))
        return
    send(application.email, Mail(subject, paragraphs(body), "Open your application",
                                 links.status_url(application),
                                 [*after, _status_link_note()]))


def status_links(to: str, applications: list[SupplierApplication]) -> None:
    if not applications:
        send(to, Mail(
            "About your request for a supplier application link",
            ["Someone asked for the links to the supplier applications of this e-mail "
             "address, but we have no application from it. If it was you, you may have "
             "applied with another address, or you can apply now."],
            after=[_IGNORE]))
        return
    lines = [f"{a.reference} ({STATUS_TEXT[a.status]}): {links.status_url(a)}"
             for a in applications]
    send(to, Mail(
        "Links to your supplier applications",
        ["Here are the links to the supplier applications of this e-mail address:", *lines],
        after=[_status_link_note(), _IGNORE]))


def invitation(invite: SupplierInvitation, inviter_email: str | None) -> None:
    organisation = invite.organisation
    who = f" ({inviter_email})" if inviter_email else ""
    days = links.max_age_days(links.INVITE)
    send(invite.email, Mail(
        f"You are invited to {organisation.display_name} on "
        f"{current_app.config['SHOP_NAME']}",
        [f"You are invited{who} to join the supplier organisation {organisation.display_name} "
         f"on {current_app.config['SHOP_NAME']}: its members list products and keep their "
         "stock and prices current in our supplier portal."],
        "Accept the invitation", links.invite_url(invite),
        [f"The link works once and expires in {days} days.", _IGNORE]))


def _status_link_note() -> str:
    days = links.max_age_days(links.STATUS)
    return (f"The link works for {days} days; every mail about your application carries a "
            "fresh one, and you can ask for a new one on our supplier page.")
