"""Back-office forms."""

from __future__ import annotations

from wtforms import SelectField
from wtforms.fields.choices import SelectChoice

from shop.accounts.models import Role
from shop.forms import BaseForm

ROLE_LABELS = {Role.CUSTOMER: "Customer", Role.SUPPLIER: "Supplier", Role.STAFF: "Staff",
               Role.ADMIN: "Admin"}


class RoleForm(BaseForm):
    role = SelectField("Role", choices=[SelectChoice(r.value, label)
                                        for r, label in ROLE_LABELS.items()])
