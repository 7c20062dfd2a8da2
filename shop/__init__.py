"""The shop's application factory."""

from __future__ import annotations

import logging
import os

from flask import Flask

from shop.config import PROJECT_ROOT, config_for


class Shop(Flask):
    """Flask, deciding once per function whether it must be wrapped to run synchronously.

    Flask asks, on every request, for each request hook and the view, whether it is an
    ``async def`` function (``ensure_sync``, which its documentation invites apps to
    override); the answer never changes, and on a page served from the cache the sixteen
    questions were a visible share of the work."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._sync_callables: dict = {}

    def ensure_sync(self, func):
        try:
            return self._sync_callables[func]
        except KeyError:
            sync = self._sync_callables[func] = super().ensure_sync(func)
            return sync
        except TypeError:  # an unhashable callable: ask every time
            return super().ensure_sync(func)


def create_app(config: str | type | dict | None = None) -> Flask:
    """config → extensions → models → blueprints → errors → CLI. Never migrates or seeds."""
    app = Shop(
        __name__,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
        instance_path=str(PROJECT_ROOT / "instance"),
    )
    from shop.security import CookieSessions

    app.session_interface = CookieSessions()
    _configure(app, config)
    os.makedirs(app.instance_path, exist_ok=True)
    logging.basicConfig(level=app.config.get("LOG_LEVEL", "INFO"),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    from shop.extensions import cache, csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    csrf.init_app(app)
    login_manager.init_app(app)
    cache.init_app(app, config=app.config["CACHE_SETTINGS"])
    limiter.init_app(app)

    from shop import jobs

    jobs.init_app(app)  # the queue is built on first use, not here

    from shop import models  # noqa: F401  (registers every table on the metadata)
    from shop.accounts import loader  # noqa: F401  (the user loader)
    from shop.db_setup import register_sqlite_pragmas

    register_sqlite_pragmas(app)

    from shop import sql

    sql.init_app(app)

    from shop.catalog import facet_index
    from shop.inventory.queries import in_stock_product_ids

    facet_index.init_app(app, stock_reader=in_stock_product_ids)

    from shop import input_rules
    from shop.audit import capture
    from shop.checkout.payments import register_order_hooks

    register_order_hooks(app)  # payment effects become order changes
    capture.init_app(app)  # back-office writes are recorded in the audit log
    input_rules.init_app(app)  # before the routes: it installs the <int:…> converter
    _register_blueprints(app)

    from shop.errors import register_error_handlers
    from shop.web import register_web

    register_error_handlers(app)
    register_web(app)

    from shop.cli import register_cli

    register_cli(app)
    if app.config.get("PROXY_COUNT"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = int(app.config["PROXY_COUNT"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)
    return app


def _register_blueprints(app: Flask) -> None:
    """One blueprint per domain, each in its ``blueprint`` module. Importing a view module
    registers its routes on its blueprint; this is the one place view modules are imported."""
    from shop.accounts import address_views  # noqa: F401
    from shop.accounts import views as accounts_views  # noqa: F401
    from shop.accounts.blueprint import bp as accounts_bp
    from shop.admin import audit as admin_audit  # noqa: F401
    from shop.admin import comments, dashboard, jobs, orders, outbox, posts, users  # noqa: F401
    from shop.admin import imports as admin_imports  # noqa: F401
    from shop.admin import inventory as admin_inventory  # noqa: F401
    from shop.admin import inventory_counts as admin_counts  # noqa: F401
    from shop.admin import inventory_ledger as admin_ledger  # noqa: F401
    from shop.admin import inventory_purchasing as admin_purchasing  # noqa: F401
    from shop.admin import order_print as admin_order_print  # noqa: F401
    from shop.admin import order_refunds as admin_order_refunds  # noqa: F401
    from shop.admin import product_edit as admin_product_edit  # noqa: F401
    from shop.admin import product_media as admin_product_media  # noqa: F401
    from shop.admin import products as admin_products  # noqa: F401
    from shop.admin import supplier_listings as admin_supplier_listings  # noqa: F401
    from shop.admin import supplier_messages as admin_supplier_messages  # noqa: F401
    from shop.admin import suppliers as admin_suppliers  # noqa: F401
    from shop.admin.blueprint import bp as admin_bp
    from shop.cart import quick_views  # noqa: F401
    from shop.cart import views as cart_views  # noqa: F401
    from shop.cart.blueprint import bp as cart_bp
    from shop.catalog import views as catalog_views  # noqa: F401
    from shop.catalog.blueprint import bp as catalog_bp
    from shop.checkout import views as checkout_views  # noqa: F401
    from shop.checkout.blueprint import bp as checkout_bp
    from shop.content import comment_views  # noqa: F401
    from shop.content import views as content_views  # noqa: F401
    from shop.content.blueprint import bp as content_bp
    from shop.orders import views as orders_views  # noqa: F401
    from shop.orders.blueprint import bp as orders_bp
    from shop.payments import webhook as payments_webhook  # noqa: F401
    from shop.payments.blueprint import bp as payments_bp
    from shop.site import views as site_views  # noqa: F401
    from shop.site.blueprint import bp as site_bp
    from shop.suppliers import feed_views as supplier_feed_views  # noqa: F401
    from shop.suppliers import listing_media_views as supplier_listing_media  # noqa: F401
    from shop.suppliers import listing_views as supplier_listing_views  # noqa: F401
    from shop.suppliers import messages_views as supplier_messages_views  # noqa: F401
    from shop.suppliers import orders_views as supplier_orders_views  # noqa: F401
    from shop.suppliers import portal_views  # noqa: F401
    from shop.suppliers import stock_views as supplier_stock_views  # noqa: F401
    from shop.suppliers import views as suppliers_views  # noqa: F401
    from shop.suppliers.blueprint import bp as suppliers_bp
    from shop.suppliers.blueprint import portal_bp as supplier_portal_bp

    for blueprint in (catalog_bp, site_bp, accounts_bp, admin_bp, content_bp, cart_bp,
                      checkout_bp, orders_bp, payments_bp, suppliers_bp, supplier_portal_bp):
        app.register_blueprint(blueprint)
    site_views.register_placeholders(app)


def _configure(app: Flask, config) -> None:
    if isinstance(config, dict):
        base = config_for("testing" if config.get("TESTING") else None)
        overrides = base.validate() or {}
        app.config.from_object(base)
        app.config.update(overrides)
        app.config.update(config)
    else:
        cls = config if isinstance(config, type) else config_for(config)
        overrides = cls.validate() or {}
        app.config.from_object(cls)
        app.config.update(overrides)
    if "CACHE_SETTINGS" not in app.config:
        if app.config.get("REDIS_URL"):
            app.config["CACHE_SETTINGS"] = {
                "CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": app.config["REDIS_URL"],
            }
        else:
            app.config["CACHE_SETTINGS"] = {"CACHE_TYPE": "SimpleCache", "CACHE_THRESHOLD": 2000}
    if app.config.get("REDIS_URL") and not app.config.get("RATELIMIT_STORAGE_URI"):
        app.config["RATELIMIT_STORAGE_URI"] = app.config["REDIS_URL"]
    from shop.db_setup import engine_options

    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(
        app.config["SQLALCHEMY_DATABASE_URI"], app.config.get("SQLALCHEMY_ENGINE_OPTIONS"))
