"""Storefront pages: home, category listings, product pages, search and compare.

Stock appears on these pages only as slots (``shop.stock_slots``), filled as each response is
sent, so the cached copies never hold a quantity.
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import abort, current_app, redirect, render_template, request, send_file, url_for

from shop import uploads
from shop.catalog import compatibility, queries, search, spelling
from shop.catalog.blueprint import bp
from shop.catalog.compare import MAX_COMPARE, build_comparison, parse_ids
from shop.catalog.facet_columns import RANGE_CODES
from shop.catalog.listing import Scope, depends_on_stock, run_listing, stock_vary
from shop.catalog.listing_params import SORTS, filters_for, parse_params
from shop.catalog.media import AREA as MEDIA_AREA
from shop.catalog.quantities import read_query
from shop.catalog.seo import breadcrumb_jsonld, product_jsonld
from shop.catalog.specs import SPECS, format_number, format_quantity
from shop.pagination import check_page, page_arg, page_count
from shop.stock_slots import stock_slot
from shop.web import cached_page, static_url


@bp.get("/")
def home():
    def render():
        return render_template(
            "catalog/home.html", families=queries.category_menu(queries.catalog_version()),
            best_sellers=queries.best_sellers(8), new_arrivals=queries.new_arrivals(8),
        )

    return cached_page(queries.catalog_version(), render)


@bp.get("/c/<slug>")
def category(slug: str):
    clean = without_empty_parameters()
    if clean is not None:
        return clean
    version = queries.catalog_version()
    params = parse_params(request.args, current_app.config["SHOP_CURRENCY"])

    def render():
        category = queries.category_by_slug(slug)
        if category is None:
            abort(404)
        listing = run_listing(Scope(category_id=category.id), params,
                              page_size=current_app.config["PAGE_SIZE"])
        return render_template(
            "catalog/category.html", category=category,
            trail=queries.breadcrumbs(category), listing=listing, params=params,
            products=queries.cards_by_ids(listing.product_ids), sorts=SORTS,
            breadcrumb_ld=breadcrumb_jsonld(queries.breadcrumbs(category)),
        )

    vary = ""
    if depends_on_stock(params, 0):
        category_id = queries.category_id_by_slug(slug, version)
        if category_id is None:
            abort(404)
        vary = stock_vary(params, category_id)
    return cached_page(version, render, vary=vary,
                       query=params.query_pairs(current_app.config["SHOP_CURRENCY"]))


@bp.get("/p/<slug>")
def product_detail(slug: str):
    def render():
        product = queries.product_by_slug(slug)
        if product is None:
            abort(404)
        trail = queries.breadcrumbs(product.category)
        return render_template(
            "catalog/product.html", product=product,
            compatible=compatibility.compatible_groups(product), trail=trail,
            compatible_is_part=compatibility.is_part(product),
            product_ld=product_jsonld(product, stock_slot(product.id, "ld")),
            breadcrumb_ld=breadcrumb_jsonld(trail, product),
        )

    return cached_page(queries.catalog_version(), render)


@bp.get("/p/<slug>/compatible")
def product_compatible(slug: str):
    """The full compatibility list of a product, one group per page when asked."""
    group_key = request.args.get("group") or None
    page = page_arg(request.args)

    def render():
        product = queries.product_by_slug(slug)
        if product is None:
            abort(404)
        size = current_app.config["PAGE_SIZE"]
        if group_key is None:
            check_page(page, 1)
            groups, pages = compatibility.compatible_groups(product, per_group=None), 1
        else:
            group, total = compatibility.group_page(product, group_key, (page - 1) * size, size)
            if group is None:
                abort(404)
            pages = page_count(total, size)
            check_page(page, pages)
            groups = [group] if total else []
        return render_template(
            "catalog/compatible.html", product=product, groups=groups, group_key=group_key,
            page=page, pages=pages, trail=queries.breadcrumbs(product.category),
            compatible_is_part=compatibility.is_part(product),
        )

    query = ([("group", group_key)] if group_key else []) + \
        ([("page", str(page))] if page > 1 else [])
    return cached_page(queries.catalog_version(), render, query=query)


@bp.get("/search")
def search_page():
    clean = without_empty_parameters()
    if clean is not None:
        return clean
    q = " ".join(request.args.get("q", "")[: search.MAX_QUERY_LENGTH].split())
    params = parse_params(request.args, current_app.config["SHOP_CURRENCY"])
    if q and not params.active_filters() and "page" not in request.args:
        slug = search.exact_part_number_slug(q, queries.catalog_version())
        if slug is not None:
            return redirect(url_for("catalog.product_detail", slug=slug))
    quantities = read_query(q)
    if quantities:  # "HDR DAC 2 m" is the search "HDR DAC" filtered on a reach of 2 m
        return redirect(url_for("catalog.search_page") + filters_for(quantities,
                                                                      request.args))

    version = queries.catalog_version()

    def render():
        listing = products = corrected = did_you_mean = None
        words = search.terms(q)
        if words or search.identifier_prefix(q) is not None:
            hit_ids, hit_tiers = search.ranked_hits(q)
            suggestion = spelling.suggest(words) if words else None
            if suggestion is not None:
                fixed = " ".join(suggestion)
                if len(hit_ids) == 0 and request.args.get("spell") != "0":
                    fixed_ids, fixed_tiers = search.ranked_hits(fixed)
                    if len(fixed_ids):  # no results is the last resort
                        hit_ids, hit_tiers, corrected = fixed_ids, fixed_tiers, fixed
                if corrected is None:
                    did_you_mean = fixed
            listing = run_listing(Scope(hit_ids=hit_ids, hit_tiers=hit_tiers), params,
                                  page_size=current_app.config["PAGE_SIZE"])
            products = queries.cards_by_ids(listing.product_ids)
        elif params.active_filters():
            listing = run_listing(Scope(everything=True), params,
                                  page_size=current_app.config["PAGE_SIZE"])
            products = queries.cards_by_ids(listing.product_ids)
        else:
            check_page(params.page, 1)  # no search, no listing: only its first page exists
        return render_template(
            "catalog/search.html", q=q, listing=listing, params=params, products=products,
            sorts=SORTS, corrected=corrected, did_you_mean=did_you_mean,
        )

    query = ([("q", q)] if q else []) + params.query_pairs(current_app.config["SHOP_CURRENCY"])
    if request.args.get("spell") == "0":  # the search as typed, not the corrected one
        query.append(("spell", "0"))
    return cached_page(version, render, vary=stock_vary(params), query=query)


@bp.get("/compare")
def compare():
    ids = parse_ids(request.args)
    products = queries.products_by_ids(ids)
    comparison = build_comparison(products)
    return render_template(
        "catalog/compare.html", products=products, comparison=comparison,
        max_compare=MAX_COMPARE,
        dropped=len(request.args.getlist("ids")) > 0 and len(ids) == MAX_COMPARE
        and _requested_count() > MAX_COMPARE,
    )


def _requested_count() -> int:
    return sum(len([p for p in v.split(",") if p.strip()]) for v in request.args.getlist("ids"))


@bp.get(f"/media/{MEDIA_AREA}/<name>")
def product_media(name: str):
    """Uploaded product images and datasheets. Names are random and never reused, so they
    are cached for a year; anything but a name the upload module made is a 404."""
    path = uploads.stored_path(current_app.config["UPLOAD_DIR"], f"{MEDIA_AREA}/{name}")
    if path is None:
        abort(404)
    response = send_file(path, max_age=31_536_000, conditional=True)
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


@bp.app_template_global("product_image_url")
def product_image_url(path: str | None, _external: bool = False) -> str:
    """The address of a product image: an upload (``products/<name>``) or a static file."""
    if not path:
        return ""
    if path.startswith(f"{MEDIA_AREA}/"):
        return url_for("catalog.product_media", name=path.split("/", 1)[1],
                       _external=_external)
    if _external:
        return url_for("static", filename=path, _external=True)
    return static_url(path)


@bp.app_template_global("product_document_url")
def product_document_url(document) -> str:
    """Where a product's document link goes: our copy of an uploaded PDF, else its URL."""
    if document.file_path:
        return url_for("catalog.product_media", name=document.file_path.split("/", 1)[1])
    return document.url


@bp.app_template_filter("quantity")
def quantity_filter(value, unit=None) -> str:
    return format_quantity(float(value), unit)


@bp.app_template_filter("number")
def number_filter(value) -> str:
    return format_number(float(value))


@bp.app_context_processor
def range_filter_names():
    return {"range_labels": {c: SPECS[c].label for c in RANGE_CODES},
            "range_units": {c: SPECS[c].unit for c in RANGE_CODES}}


def without_empty_parameters():
    """A redirect to the same listing without empty parameters (a submitted filter form
    sends every blank field), or None when there are none."""
    if not any(v == "" for _, v in request.args.items(multi=True)):
        return None
    kept = [(k, v) for k, v in request.args.items(multi=True) if v != ""]
    return redirect(request.path + ("?" + urlencode(kept) if kept else ""))


@bp.app_context_processor
def navigation():
    def nav_categories():
        return queries.category_menu(queries.catalog_version())

    return {"nav_categories": _LazyList(nav_categories)}


class _LazyList:
    """Runs the query only when a template iterates it; a failing database on an error
    page then yields an empty menu instead of a second error."""

    def __init__(self, load):
        self._load = load

    def __iter__(self):
        try:
            return iter(self._load())
        except Exception:  # the menu is decoration; the page must still render
            from shop.extensions import db

            db.session.rollback()
            return iter(())
