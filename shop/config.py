"""Configuration, one class per environment. Secrets come only from the environment."""

from __future__ import annotations

import json
import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _sqlite_default() -> str:
    instance = PROJECT_ROOT / "instance"
    return f"sqlite:///{instance / 'shop.sqlite'}"


class ConfigError(RuntimeError):
    """Raised when the environment does not hold what a configuration needs."""


DEV_SECRET_KEY = "dev-only-not-secret"


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    return value.strip().lower() in ("1", "true", "on", "yes")


def _json(name: str):
    """A setting given as JSON in the environment, or None when unset."""
    value = os.environ.get(name)
    if value is None or not value.strip():
        return None
    try:
        return json.loads(value)
    except ValueError as exc:
        raise ConfigError(f"{name} is not valid JSON: {exc}") from exc


class BaseConfig:
    SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL") or _sqlite_default()
    SQLALCHEMY_TRACK_MODIFICATIONS = False
    #: Set per database in ``create_app`` (``shop.db_setup.engine_options``).
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    SHOP_NAME = os.environ.get("SHOP_NAME", "Fabric & Port")
    SHOP_CURRENCY = "USD"
    PAGE_SIZE = 24
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024
    WTF_CSRF_ENABLED = True
    WTF_CSRF_TIME_LIMIT = None
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    PREFERRED_URL_SCHEME = "http"
    REDIS_URL = os.environ.get("REDIS_URL")
    # Page cache: on by default; keyed on the catalogue version so never stale.
    PAGE_CACHE = os.environ.get("PAGE_CACHE", "1") not in ("0", "false", "off")
    PAGE_CACHE_TIMEOUT = int(os.environ.get("PAGE_CACHE_TIMEOUT", "300"))
    RATELIMIT_ENABLED = True
    RATELIMIT_STORAGE_URI = os.environ.get("REDIS_URL") or "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY")
    STRIPE_PUBLISHABLE_KEY = os.environ.get("STRIPE_PUBLISHABLE_KEY")
    STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET")
    STRIPE_API_BASE = os.environ.get("STRIPE_API_BASE")  # unset: Stripe's own API
    STRIPE_NETWORK_RETRIES = int(os.environ.get("STRIPE_NETWORK_RETRIES", "2"))  # same key
    STRIPE_TIMEOUT = float(os.environ.get("STRIPE_TIMEOUT", "20"))  # seconds per call
    # Invoice / bank transfer / purchase order: the account shown in payment instructions.
    BANK_ACCOUNT_NAME = os.environ.get("BANK_ACCOUNT_NAME", "")
    BANK_IBAN = os.environ.get("BANK_IBAN", "")
    BANK_BIC = os.environ.get("BANK_BIC", "")
    BANK_NAME = os.environ.get("BANK_NAME", "")
    # Export compliance: destinations an order may not ship to. ISO 3166-1 country codes
    # refuse a whole country, ISO 3166-2 codes a region (matched by code, region name, city
    # and postal code as far as an address can tell). Default: the comprehensive embargoes.
    RESTRICTED_DESTINATIONS = [
        code.strip().upper()
        for code in os.environ.get("RESTRICTED_DESTINATIONS",
                                   "CU,IR,KP,SY,UA-43,UA-40,UA-14,UA-09").split(",")
        if code.strip()
    ]
    MAIL_SERVER = os.environ.get("MAIL_SERVER")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "shop@localhost")
    UPLOAD_DIR = os.environ.get("UPLOAD_DIR") or str(PROJECT_ROOT / "instance" / "uploads")
    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
    # Accounts: mail, links, sessions and sign-in limits.
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "0").lower() in ("1", "true", "on")
    MAIL_USE_SSL = os.environ.get("MAIL_USE_SSL", "0").lower() in ("1", "true", "on")
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL")  # links in mails; beats the Host header
    # Without MAIL_SERVER, mails are kept in the outbox table (shown to staff at /admin/outbox).
    # Production refuses to start without a mail server unless MAIL_OUTBOX says so.
    MAIL_OUTBOX = _flag("MAIL_OUTBOX", False)
    # Links that carry a secret (reset, verification, e-mail change, …) shown whole in the
    # outbox: only where the outbox is how a developer follows a flow.
    OUTBOX_SHOWS_SECRETS = False
    # Reverse proxies in front of the app (nginx: 1) whose X-Forwarded-For/-Proto to believe.
    PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0") or 0)
    # Host names the shop answers to (comma-separated); others get 400. Unset: any host.
    TRUSTED_HOSTS = [h.strip() for h in os.environ.get("TRUSTED_HOSTS", "").split(",")
                     if h.strip()] or None
    VERIFY_TOKEN_MAX_AGE = 3 * 24 * 3600
    RESET_TOKEN_MAX_AGE = 3600
    EMAIL_TOKEN_MAX_AGE = 24 * 3600
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    REMEMBER_COOKIE_DURATION = timedelta(days=30)
    LOGIN_IP_LIMIT = "20 per minute; 200 per hour"  # sign-in POSTs per address
    LOGIN_ACCOUNT_LIMIT = "30 per hour"  # failed sign-ins per account
    ACCOUNT_FORM_LIMIT = "5 per minute; 50 per hour"  # register, reset and resend POSTs per IP
    # Forms that mail an address typed into them (register, reset, resend, e-mail change,
    # guests' comments): per target address, whoever sends them.
    MAIL_TARGET_LIMIT = "3 per hour; 10 per day"
    LOGIN_FREE_FAILURES = 4  # failures per account before delays start
    LOGIN_MAX_DELAY = 900  # seconds; the delay doubles per failure up to this
    LOGIN_FAILURE_WINDOW = 3600  # failures older than this are forgotten
    # Background jobs (shop/jobs.py): Huey's queue lives in a SQLite file in instance/
    # (HUEY_SQLITE_PATH) unless a Redis is given; HUEY_REDIS_URL lets the queue use another
    # Redis than the cache (a cache that evicts keys must not hold the queue).
    HUEY_NAME = os.environ.get("HUEY_NAME", "shop")
    HUEY_REDIS_URL = os.environ.get("HUEY_REDIS_URL") or os.environ.get("REDIS_URL")
    HUEY_SQLITE_PATH = os.environ.get("HUEY_SQLITE_PATH")  # unset: instance/huey.sqlite
    HUEY_IMMEDIATE = _flag("HUEY_IMMEDIATE", False)  # run each job inside the request
    JOBS_KEEP_DAYS = int(os.environ.get("JOBS_KEEP_DAYS", "30"))  # finished job rows kept
    JOBS_STALE_AFTER = int(os.environ.get("JOBS_STALE_AFTER", "3600"))  # seconds without a
    # progress report after which a running job counts as abandoned and may be run again
    # Selling: the shop's own country (reverse charge applies to other member states), how
    # long a card checkout holds its stock, shipping zones and tax rates (JSON; unset: the
    # defaults in shop/checkout/pricing.py), and how long unpaid orders and guest carts stay.
    SHOP_COUNTRY = os.environ.get("SHOP_COUNTRY", "NL").strip().upper()
    RESERVATION_MINUTES = int(os.environ.get("RESERVATION_MINUTES", "15"))
    SHIPPING_ZONES = _json("SHIPPING_ZONES")
    TAX_RATES = _json("TAX_RATES")
    UNPAID_ORDER_HOURS = int(os.environ.get("UNPAID_ORDER_HOURS", "24"))
    CART_KEEP_DAYS = int(os.environ.get("CART_KEEP_DAYS", "60"))
    # Spreadsheet imports (shop/inventory/imports): the largest file, the most rows, and the
    # location a plain "stock" column counts (a location code; unset: the first location).
    IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(50 * 1024 * 1024)))
    IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "200000"))
    IMPORT_MAIN_LOCATION = os.environ.get("IMPORT_MAIN_LOCATION", "")
    IMPORT_KEEP_DAYS = int(os.environ.get("IMPORT_KEEP_DAYS", "30"))  # then prune-imports
    # How long a withdrawn listing keeps the images and PDFs staged with it (it may be
    # reopened); then prune-withdrawn-listing-files deletes them.
    LISTING_WITHDRAWN_KEEP_DAYS = int(os.environ.get("LISTING_WITHDRAWN_KEEP_DAYS", "30"))

    @classmethod
    def cache_settings(cls) -> dict:
        if cls.REDIS_URL:
            return {"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": cls.REDIS_URL}
        return {"CACHE_TYPE": "SimpleCache", "CACHE_THRESHOLD": 2000}

    @classmethod
    def validate(cls) -> dict:
        """Refuse configurations that cannot run safely; return the settings read from the
        environment at start-up that override the class's (the class itself never changes)."""
        return {}


class DevelopmentConfig(BaseConfig):
    DEBUG = False
    ENV_NAME = "development"
    OUTBOX_SHOWS_SECRETS = True


class TestingConfig(BaseConfig):
    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "testing-secret"
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL") or "sqlite://"
    WTF_CSRF_ENABLED = False
    PAGE_CACHE = False
    RATELIMIT_ENABLED = False
    REDIS_URL = None
    HUEY_REDIS_URL = os.environ.get("HUEY_REDIS_URL")  # a consumer test's queue; never REDIS_URL
    HUEY_IMMEDIATE = _flag("HUEY_IMMEDIATE", True)  # tasks run where they are enqueued
    PASSWORD_HASH_METHOD = "scrypt:4096:8:1"  # cheaper work factor, same algorithm
    SERVER_NAME = None
    OUTBOX_SHOWS_SECRETS = True


class ProductionConfig(BaseConfig):
    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"
    OUTBOX_SHOWS_SECRETS = False

    @classmethod
    def validate(cls) -> dict:
        """What production requires, read from the environment when the app starts:
        ``SECRET_KEY``, ``DATABASE_URL``, ``PUBLIC_BASE_URL`` (every link the shop builds
        with a host, mails above all, uses it and never the request's Host header), and a way
        to deliver mail (``MAIL_SERVER``, or ``MAIL_OUTBOX=1`` to keep mails in the outbox,
        where links that carry a secret are withheld)."""
        secret = os.environ.get("SECRET_KEY")
        if not secret or secret == DEV_SECRET_KEY:
            raise ConfigError("SECRET_KEY must be set in the environment in production")
        url = os.environ.get("DATABASE_URL")
        if not url:
            raise ConfigError("DATABASE_URL must be set in the environment in production")
        base = (os.environ.get("PUBLIC_BASE_URL") or "").strip()
        parts = urlsplit(base)
        if (parts.scheme not in ("http", "https") or not parts.netloc or parts.query
                or parts.path.strip("/")):
            raise ConfigError("PUBLIC_BASE_URL must be set in production to the shop's public "
                              "address, such as https://shop.example.com: links in mails are "
                              "built from it, never from the request's Host header")
        mail_server = os.environ.get("MAIL_SERVER")
        outbox = _flag("MAIL_OUTBOX", False)
        if not mail_server and not outbox:
            raise ConfigError("MAIL_SERVER must be set in production (or MAIL_OUTBOX=1 to keep "
                              "every mail in the outbox instead of sending it)")
        return {
            "SECRET_KEY": secret,
            "SQLALCHEMY_DATABASE_URI": url,
            "PUBLIC_BASE_URL": base.rstrip("/"),
            # External URLs on pages (canonical links, feeds, the sitemap) use this host too,
            # whatever Host header a request carries.
            "SERVER_NAME": parts.netloc,
            "PREFERRED_URL_SCHEME": parts.scheme,
            "MAIL_SERVER": mail_server,
            "MAIL_OUTBOX": outbox,
        }


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_for(name: str | None) -> type[BaseConfig]:
    name = name or os.environ.get("SHOP_ENV") or "production"
    try:
        return CONFIGS[name]
    except KeyError as exc:
        raise ConfigError(f"unknown SHOP_ENV {name!r}; use one of {sorted(CONFIGS)}") from exc
