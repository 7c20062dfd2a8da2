"""Operator and crawler endpoints: health, sitemap, robots, favicon."""

from __future__ import annotations

from flask import Response, redirect, render_template, url_for
from sqlalchemy import text

from shop.catalog import queries
from shop.extensions import db
from shop.site.blueprint import bp
from shop.web import cached_page, page_changes_at


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # any database failure means unhealthy
        db.session.rollback()
        return {"status": "error", "database": "unreachable"}, 503
    return {"status": "ok", "database": "ok"}


@bp.get("/robots.txt")
def robots():
    body = "\n".join([
        "User-agent: *",
        "Disallow: /cart",
        "Disallow: /checkout",
        "Disallow: /account/",
        "Disallow: /admin/",
        "Disallow: /supplier/",
        "Disallow: /search",
        f"Sitemap: {url_for('site.sitemap', _external=True)}",
        "",
    ])
    return Response(body, mimetype="text/plain")


@bp.get("/sitemap.xml")
def sitemap():
    def render():
        products, categories = queries.sitemap_entries()
        from shop.content import clock
        from shop.content.queries import next_publication, sitemap_posts

        now = clock.now()
        page_changes_at(lambda: next_publication(now))
        posts = sitemap_posts(now)
        xml = render_template("site/sitemap.xml", products=products, categories=categories,
                              posts=posts)
        return Response(xml, mimetype="application/xml")

    return cached_page(queries.catalog_version(), render)


@bp.get("/favicon.ico")
def favicon():
    return redirect(url_for("static", filename="img/favicon.svg"), code=301)


def supplier_apply_soon():
    """Stands in at ``/suppliers/apply`` until the supplier programme serves it."""
    return render_template("site/supplier_apply_soon.html")


def register_placeholders(app) -> None:
    """Public URLs the design promises and posts already link to, whose page is not built
    yet: each gets a short page saying so instead of a 404. A placeholder is added only
    when no blueprint serves its path, so the real page takes over the moment it lands."""
    taken = {rule.rule for rule in app.url_map.iter_rules()}
    if "/suppliers/apply" not in taken:
        app.add_url_rule("/suppliers/apply", "supplier_apply_soon", supplier_apply_soon)
