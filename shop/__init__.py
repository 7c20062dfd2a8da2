"""The shop's application factory."""

from __future__ import annotations

import logging
import os

from flask import Flask

from shop.config import PROJECT_ROOT, config_for


def create_app(config: str | type | dict | None = None) -> Flask:
    """config → extensions → models → blueprints → errors → CLI. Never migrates or seeds."""
    app = Flask(
        __name__,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
        instance_path=str(PROJECT_ROOT / "instance"),
    )
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

    from shop.catalog import facet_index
    from shop.inventory.queries import in_stock_product_ids

    facet_index.init_app(app, stock_reader=in_stock_product_ids)

    _register_blueprints(app)

    from shop.errors import register_error_handlers
    from shop.web import register_web

    register_error_handlers(app)
    register_web(app)

    from shop.cli import register_cli

    register_cli(app)
    return app


def _register_blueprints(app: Flask) -> None:
    """One blueprint per domain, each in its ``blueprint`` module. Importing a view module
    registers its routes on its blueprint; this is the one place view modules are imported."""
    from shop.accounts import address_views  # noqa: F401
    from shop.accounts import views as accounts_views  # noqa: F401
    from shop.accounts.blueprint import bp as accounts_bp
    from shop.admin import comments, dashboard, outbox, posts, users  # noqa: F401
    from shop.admin.blueprint import bp as admin_bp
    from shop.catalog import views as catalog_views  # noqa: F401
    from shop.catalog.blueprint import bp as catalog_bp
    from shop.content import comment_views  # noqa: F401
    from shop.content import views as content_views  # noqa: F401
    from shop.content.blueprint import bp as content_bp
    from shop.site import views as site_views  # noqa: F401
    from shop.site.blueprint import bp as site_bp

    for blueprint in (catalog_bp, site_bp, accounts_bp, admin_bp, content_bp):
        app.register_blueprint(blueprint)
    site_views.register_placeholders(app)


def _configure(app: Flask, config) -> None:
    if isinstance(config, dict):
        base = config_for("testing" if config.get("TESTING") else None)
        base.validate()
        app.config.from_object(base)
        app.config.update(config)
    else:
        cls = config if isinstance(config, type) else config_for(config)
        cls.validate()
        app.config.from_object(cls)
    if "CACHE_SETTINGS" not in app.config:
        if app.config.get("REDIS_URL"):
            app.config["CACHE_SETTINGS"] = {
                "CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": app.config["REDIS_URL"],
            }
        else:
            app.config["CACHE_SETTINGS"] = {"CACHE_TYPE": "SimpleCache", "CACHE_THRESHOLD": 2000}
    if app.config.get("REDIS_URL") and not app.config.get("RATELIMIT_STORAGE_URI"):
        app.config["RATELIMIT_STORAGE_URI"] = app.config["REDIS_URL"]
