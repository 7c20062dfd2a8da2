"""Helpers of the back-office product tests: a staff member, products with every required
spec, the edit form's fields as a browser would send them, and test files."""

from __future__ import annotations

import io
import re
from html import unescape

from PIL import Image
from sqlalchemy import select

from shop.catalog.models import Product
from shop.extensions import db
from tests.accounts.helpers import login, user
from tests.factories import make_category, make_product

ADAPTER_SPECS = {"protocol": ["Ethernet"], "data_rate": [100], "form_factor": ["QSFP28"],
                 "port_count": 2}


def staff_client(app, client, email: str = "staff@example.com"):
    with app.app_context():
        user(email, role="staff")
    login(client, email)
    return client


def adapter(app, **overrides) -> int:
    """A published adapter with every required spec (committed); its id."""
    with app.app_context():
        values = {"specs": ADAPTER_SPECS, "category": make_category("network-adapters")}
        values.update(overrides)
        product = make_product(**values)
        db.session.commit()
        return product.id


def stored(app, product_id: int) -> Product:
    with app.app_context():
        product = db.session.scalar(select(Product).where(Product.id == product_id))
        product.specs, product.images, product.documents  # noqa: B018  (load them)
        db.session.expunge(product)
        return product


_INPUT = re.compile(r"<input\b[^>]*>", re.S)
_SELECT = re.compile(r"<select\b[^>]*\bname=\"([^\"]+)\"[^>]*>(.*?)</select>", re.S)
_TEXTAREA = re.compile(r"<textarea\b[^>]*\bname=\"([^\"]+)\"[^>]*>(.*?)</textarea>", re.S)
_ATTR = re.compile(r"(\w[\w-]*)=\"([^\"]*)\"")


def form_fields(html: str, form_action: str | None = None) -> dict[str, list[str]]:
    """The values a browser would submit for the form (whose action contains
    ``form_action``, else the first POST form): text inputs, hidden inputs, checked boxes,
    selected options and text areas."""
    forms = re.findall(r"<form\b([^>]*)>(.*?)</form>", html, re.S)
    body = None
    for attrs, inner in forms:
        if 'method="post"' in attrs and (form_action is None or form_action in attrs):
            body = inner
            break
    assert body is not None, f"no form posting to {form_action}"
    data: dict[str, list[str]] = {}
    for tag in _INPUT.findall(body):
        attrs = dict(_ATTR.findall(tag))
        name = attrs.get("name")
        kind = attrs.get("type", "text")
        if not name or kind in ("file", "submit"):
            continue
        if kind in ("checkbox", "radio") and " checked" not in tag:
            continue
        data.setdefault(name, []).append(unescape(attrs.get("value", "y" if kind ==
                                                            "checkbox" else "")))
    for name, options in _SELECT.findall(body):
        tags = re.findall(r"<option\b[^>]*>", options)
        chosen = [t for t in tags if re.search(r"\sselected\b", t)] or tags[:1]
        data[name] = [unescape(dict(_ATTR.findall(t)).get("value", "")) for t in chosen[:1]]
    for name, text in _TEXTAREA.findall(body):
        text = text[2:] if text.startswith("\r\n") else text.removeprefix("\n")
        data[name] = [unescape(text)]
    return data


def flat(data: dict[str, list[str]]) -> list[tuple[str, str]]:
    return [(k, v) for k, vs in data.items() for v in vs]


def edit_form(client, product_id: int) -> dict[str, list[str]]:
    page = client.get(f"/admin/products/{product_id}/edit")
    assert page.status_code == 200
    return form_fields(page.text, f"/admin/products/{product_id}/edit")


def post_form(client, url: str, data: dict[str, list[str]], **changes):
    """POST ``data`` with ``changes`` (field name → value, or list of values)."""
    merged = dict(data)
    for name, value in changes.items():
        merged[name.replace("__", "-")] = value if isinstance(value, list) else [value]
    from werkzeug.datastructures import MultiDict

    return client.post(url, data=MultiDict(flat(merged)))


def png_bytes(size=(1200, 900), color=(20, 120, 200)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format="PNG")
    return out.getvalue()


def pdf_bytes() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
