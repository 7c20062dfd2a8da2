"""The audit page's filters (a GET form: nothing to protect with a CSRF token)."""

from __future__ import annotations

from wtforms import DateField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional, ValidationError

from shop.forms import BaseForm


class AuditFilterForm(BaseForm):
    class Meta:
        csrf = False

    actor = StringField("Who (e-mail or user id)", validators=[Optional(), Length(max=254)])
    action = StringField("Action (endpoint, or its start)",
                         validators=[Optional(), Length(max=120)],
                         description="For example admin.order_ship, or admin.order")
    target_type = SelectField("Target type", choices=[SelectChoice("", "Any")],
                              validate_choice=False)
    target_id = StringField("Target id", validators=[Optional(), Length(max=64)])
    since = DateField("From (UTC)", validators=[Optional()])
    until = DateField("To (UTC, inclusive)", validators=[Optional()])

    def validate_until(self, field) -> None:
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError("The end comes before the start.")
