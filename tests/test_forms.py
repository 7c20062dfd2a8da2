"""Every form inherits BaseForm, whose apply_error puts a service's error where it belongs."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired

import shop
from shop.accounts.exceptions import AccountLocked
from shop.errors import ValidationError
from shop.forms import BaseForm, LongSelect


class NoteForm(BaseForm):
    title = StringField("Title")
    body = StringField("Body")


class AliasedForm(NoteForm):
    error_fields = {"image": "body"}
    default_error_field = "title"


@pytest.fixture
def request_ctx(app):
    with app.test_request_context("/", method="POST"):
        yield


def _all_subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _all_subclasses(sub)


def test_every_form_of_the_shop_inherits_the_base_form():
    for module in pkgutil.walk_packages(shop.__path__, "shop."):
        importlib.import_module(module.name)
    forms = [cls for cls in _all_subclasses(FlaskForm) if cls.__module__.startswith("shop.")]
    assert len(forms) > 10  # the walk found the forms
    strays = [f"{cls.__module__}.{cls.__qualname__}" for cls in forms
              if cls is not BaseForm and not issubclass(cls, BaseForm)]
    assert strays == []


def test_an_error_goes_to_its_field(request_ctx):
    form = NoteForm(meta={"csrf": False})
    form.apply_error(ValidationError("body", "Too short."))
    form.apply_error(ValidationError("body", "Too dull."))
    assert form.body.errors == ["Too short.", "Too dull."]
    assert form.title.errors in ([], ()) and form.form_errors == []


def test_an_error_without_a_known_field_goes_above_the_form(request_ctx):
    form = NoteForm(meta={"csrf": False})
    form.apply_error(ValidationError(None, "This account no longer exists."))
    form.apply_error(ValidationError("nonexistent", "Something else."))
    form.apply_error(AccountLocked(30))
    assert form.form_errors == ["This account no longer exists.", "Something else.",
                                AccountLocked(30).message]
    assert not form.title.errors and not form.body.errors


def test_a_form_may_rename_fields_and_choose_its_default(request_ctx):
    form = AliasedForm(meta={"csrf": False})
    form.apply_error(ValidationError("image", "Not an image."))
    form.apply_error(ValidationError(None, "Something is off."))
    form.apply_error(ValidationError("tags", "Too many tags."))
    assert form.body.errors == ["Not an image."]
    assert form.title.errors == ["Something is off.", "Too many tags."]
    assert form.form_errors == []


class CountryForm(BaseForm):
    fast = SelectField("Country", widget=LongSelect(), validators=[DataRequired()])
    plain = SelectField("Country", validators=[DataRequired()])


@pytest.mark.parametrize("kind", ["pairs", "select_choices"])
def test_a_long_select_renders_what_select_renders(request_ctx, kind):
    pairs = [("", "Choose a country"), ("NL", "Netherlands"), ("CI", "Côte d'Ivoire"),
             ("X&Y", "<b>&</b>")]
    choices = pairs if kind == "pairs" else [SelectChoice(v, label) for v, label in pairs]
    for data in (None, "", "CI", "X&Y", "ZZ"):
        form = CountryForm(meta={"csrf": False}, data={"fast": data, "plain": data})
        form.fast.choices = form.plain.choices = list(choices)
        fast = str(form.fast(autocomplete="country")).replace('"fast"', '"plain"')
        assert fast == str(form.plain(autocomplete="country")), data
        assert fast.count("selected") == (data in {"", "CI", "X&Y"})
    form.fast.choices = [SelectChoice("NL", "Netherlands", render_kw={"lang": "nl"})]
    assert 'lang="nl"' in form.fast()  # anything more than a pair: rendered by Select
