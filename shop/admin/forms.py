"""Back-office forms."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice

from shop.accounts.models import Role

ROLE_LABELS = {Role.CUSTOMER: "Customer", Role.SUPPLIER: "Supplier", Role.STAFF: "Staff",
               Role.ADMIN: "Admin"}


class RoleForm(FlaskForm):
    role = SelectField("Role", choices=[SelectChoice(r.value, label)
                                        for r, label in ROLE_LABELS.items()])
