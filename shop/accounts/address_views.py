"""The address book under ``/account/addresses``. Every lookup is scoped to the signed-in
user, so another user's address id answers 404 exactly like one that does not exist."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from shop.accounts import addresses, queries
from shop.accounts.addresses import AddressInput
from shop.accounts.blueprint import bp
from shop.accounts.countries import country_name
from shop.accounts.forms import AddressForm, ConfirmForm
from shop.accounts.postal import locality_lines
from shop.errors import ValidationError
from shop.extensions import db
from shop.security import login_required


def _input(form: AddressForm) -> AddressInput:
    return AddressInput(
        full_name=form.full_name.data or "", company=form.company.data or "",
        line1=form.line1.data or "", line2=form.line2.data or "", city=form.city.data or "",
        region=form.region.data or "", postal_code=form.postal_code.data or "",
        country_code=form.country_code.data or "", phone=form.phone.data or "",
        is_default_shipping=bool(form.is_default_shipping.data),
        is_default_billing=bool(form.is_default_billing.data),
    )


def _owned_or_404(address_id: int):
    address = queries.address_of(current_user.id, address_id)
    if address is None:
        abort(404)
    return address


@bp.route("/addresses", methods=["GET", "POST"])
@login_required
def address_book():
    form = AddressForm()
    if form.validate_on_submit():
        try:
            addresses.add_address(current_user.id, _input(form))
        except ValidationError as exc:
            db.session.rollback()
            form.apply_error(exc)
        else:
            db.session.commit()
            flash("The address has been added.", "success")
            return redirect(url_for("accounts.address_book"))
    return render_template(
        "accounts/addresses.html", form=form, addresses=queries.addresses_for(current_user.id),
        delete_form=ConfirmForm(), country_name=country_name, locality_lines=locality_lines,
    )


@bp.route("/addresses/<int:address_id>/edit", methods=["GET", "POST"])
@login_required
def address_edit(address_id: int):
    address = _owned_or_404(address_id)
    form = AddressForm(obj=address)
    if form.validate_on_submit():
        try:
            addresses.update_address(current_user.id, address.id, _input(form))
        except ValidationError as exc:
            db.session.rollback()
            form.apply_error(exc)
        else:
            db.session.commit()
            flash("The address has been saved.", "success")
            return redirect(url_for("accounts.address_book"))
    return render_template("accounts/address_edit.html", form=form, address=address)


@bp.post("/addresses/<int:address_id>/delete")
@login_required
def address_delete(address_id: int):
    _owned_or_404(address_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    addresses.delete_address(current_user.id, address_id)
    db.session.commit()
    flash("The address has been deleted.", "success")
    return redirect(url_for("accounts.address_book"))
