"""Product references in posts: resolve them against the catalogue and put live product
cards (name, image, price, stock) where the body had ``[[product:…]]``.

Content reads the catalogue; the catalogue never imports content.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import render_template, url_for
from markupsafe import Markup, escape

from shop.catalog.models import Product
from shop.catalog.queries import product_by_slug, products_by_ids
from shop.catalog.search import exact_part_number
from shop.content.rendering import Heading, RenderedBody, render_markdown
from shop.db import format_money

PAGE, PREVIEW, FEED = "page", "preview", "feed"


def resolve_ref(ref: str) -> Product | None:
    """A published product by part number (case, dashes and spaces ignored) or by slug."""
    product = exact_part_number(ref)
    if product is None and "/" not in ref:
        product = product_by_slug(ref.strip().lower())
    return product


def resolve_refs(refs) -> dict[str, int]:
    """Reference text → product id, for the references that name a published product."""
    found: dict[str, int] = {}
    for ref in refs:
        product = resolve_ref(ref)
        if product is not None:
            found[ref] = product.id
    return found


@dataclass
class BodyView:
    """A post body ready for a template."""

    html: Markup
    toc: tuple[Heading, ...]
    word_count: int
    products: list[Product] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    show_toc: bool = False

    @property
    def reading_minutes(self) -> int:
        return max(1, round(self.word_count / 220))


def _inline_link(product: Product, mode: str) -> str:
    """Inside a sentence: the short name and the part number; the full name as a title."""
    href = url_for("catalog.product_detail", slug=product.slug, _external=mode == FEED)
    short = product.name.split(",")[0].strip() or product.name
    return str(Markup('<a class="product-ref" href="{}" title="{}">{} ({})</a>').format(
        href, product.name, short, product.mpn))


def _block(product: Product, mode: str) -> str:
    if mode == FEED:
        href = url_for("catalog.product_detail", slug=product.slug, _external=True)
        return str(Markup("<p><a href=\"{}\">{} ({})</a>: {}</p>").format(
            href, product.name, product.mpn, format_money(product.price_cents, product.currency)))
    return render_template("content/_product_card.html", product=product)


def _unknown(ref: str, mode: str, block: bool) -> str:
    if mode == PREVIEW:
        tag = "p" if block else "span"
        return str(Markup('<{0} class="ref-warning" role="note">Unknown product reference '
                          '<code>{1}</code>: no published product has this part number or '
                          'slug. Readers will see it as plain text.</{0}>').format(
            Markup(tag), ref))
    text = escape(ref)
    return f"<p>{text}</p>" if block else str(text)


def build_body(body: str, mode: str = PAGE) -> BodyView:
    """Render a post body and put the catalogue's current data where it references products."""
    rendered: RenderedBody = render_markdown(body or "")
    ids = resolve_refs(rendered.refs)
    products = products_by_ids(list(dict.fromkeys(ids.values())))
    by_id = {p.id: p for p in products}
    out = rendered.html
    unknown: list[str] = []
    for placeholder in rendered.placeholders:
        product = by_id.get(ids.get(placeholder.ref, -1))
        block_markup = f"<p>{placeholder.token}</p>"
        if product is None:
            unknown.append(placeholder.ref)
            out = out.replace(block_markup, _unknown(placeholder.ref, mode, True))
            out = out.replace(placeholder.token, _unknown(placeholder.ref, mode, False))
        else:
            out = out.replace(block_markup, _block(product, mode))
            out = out.replace(placeholder.token, _inline_link(product, mode))
    return BodyView(
        html=Markup(out),
        toc=rendered.toc,
        word_count=rendered.word_count,
        products=products,
        unknown=unknown,
        show_toc=rendered.show_toc,
    )
