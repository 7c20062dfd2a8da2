"""Configuration, one class per environment. Secrets come only from the environment."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

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


class BaseConfig:
    SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL") or _sqlite_default()
    SQLALCHEMY_TRACK_MODIFICATIONS = False
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
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

    @classmethod
    def cache_settings(cls) -> dict:
        if cls.REDIS_URL:
            return {"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": cls.REDIS_URL}
        return {"CACHE_TYPE": "SimpleCache", "CACHE_THRESHOLD": 2000}

    @classmethod
    def validate(cls) -> None:
        """Refuse configurations that cannot run safely."""


class DevelopmentConfig(BaseConfig):
    DEBUG = False
    ENV_NAME = "development"


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


class ProductionConfig(BaseConfig):
    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"

    @classmethod
    def validate(cls) -> None:
        secret = os.environ.get("SECRET_KEY")
        if not secret or secret == DEV_SECRET_KEY:
            raise ConfigError("SECRET_KEY must be set in the environment in production")
        url = os.environ.get("DATABASE_URL")
        if not url:
            raise ConfigError("DATABASE_URL must be set in the environment in production")
        cls.SECRET_KEY = secret
        cls.SQLALCHEMY_DATABASE_URI = url


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
