"""The text staff start from when they move an application: a subject and a body per move,
filled in with the application's details. Staff edit it before it is sent; the links (the
application's page, the invitation) are added below it and cannot be edited away."""

from __future__ import annotations

from flask import current_app

from shop.suppliers.models import ApplicationStatus, SupplierApplication

S = ApplicationStatus
_SIGN = "Kind regards,\nThe supplier team of {shop}"

TEMPLATES: dict[tuple[S | None, S], tuple[str, str]] = {
    (None, S.MORE_INFO): (
        "More information needed for your supplier application {reference}",
        "Dear {contact},\n\nThank you for applying to sell through {shop}. Before we can "
        "decide on the application of {company}, we need the following:\n\n- \n\nPlease "
        "answer on your application's page (the link is below): you can correct any field "
        "there and add documents.\n\n" + _SIGN),
    (None, S.APPROVED): (
        "Your supplier application {reference} is approved",
        "Dear {contact},\n\nWe are glad to tell you that {company} is now a supplier of "
        "{shop}. We have set up your supplier organisation.\n\nUse the link below to set "
        "your password and sign in to the supplier portal, where you can invite your "
        "colleagues.\n\n" + _SIGN),
    (S.SUSPENDED, S.APPROVED): (
        "Your supplier organisation is active again ({reference})",
        "Dear {contact},\n\nThe suspension of {company} has ended: your organisation is "
        "active again and its listings can be sold.\n\n" + _SIGN),
    (None, S.REJECTED): (
        "About your supplier application {reference}",
        "Dear {contact},\n\nThank you for your interest in selling through {shop}. After "
        "reviewing the application of {company}, we cannot accept it, because:\n\n- \n\n"
        "You are welcome to apply again when this changes.\n\n" + _SIGN),
    (S.SUSPENDED, S.REJECTED): (
        "Your supplier organisation is closed ({reference})",
        "Dear {contact},\n\nWe have ended the supplier agreement with {company}, because:"
        "\n\n- \n\nYour listings will not be sold again.\n\n" + _SIGN),
    (None, S.SUSPENDED): (
        "Your supplier organisation is suspended ({reference})",
        "Dear {contact},\n\nWe have suspended {company} as a supplier of {shop}, because:"
        "\n\n- \n\nWhile it is suspended, its listings are not sold. We will tell you what "
        "is needed to lift the suspension.\n\n" + _SIGN),
    (None, S.IN_REVIEW): (
        "Your supplier application {reference} is back in review",
        "Dear {contact},\n\nThank you: we have what we needed and are reviewing the "
        "application of {company} again.\n\n" + _SIGN),
}


def default_mail(application: SupplierApplication, target: S | str) -> tuple[str, str]:
    """The subject and body staff start from for moving ``application`` to ``target``."""
    target = S(target)
    current = S(application.status)
    subject, body = TEMPLATES.get((current, target)) or TEMPLATES[(None, target)]
    values = {"reference": application.reference, "contact": application.contact_name,
              "company": application.legal_name, "shop": current_app.config["SHOP_NAME"]}
    return subject.format(**values), body.format(**values)
