"""The back office under ``/admin``. Every view is for staff (``@staff_required``); user
management is for admins. Other modules of this package add views to the same blueprint
and may list themselves on the dashboard with :func:`add_dashboard_link`."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, Flask

bp = Blueprint("admin", __name__, url_prefix="/admin")


@dataclass(frozen=True)
class DashboardLink:
    label: str
    endpoint: str
    description: str = ""
    admins_only: bool = False


DASHBOARD_LINKS: list[DashboardLink] = []


def add_dashboard_link(label: str, endpoint: str, description: str = "",
                       admins_only: bool = False) -> None:
    """Show a link on the dashboard (once per endpoint)."""
    if not any(link.endpoint == endpoint for link in DASHBOARD_LINKS):
        DASHBOARD_LINKS.append(DashboardLink(label, endpoint, description, admins_only))


def register_admin(app: Flask) -> None:
    """Import every module that adds views to the blueprint, then register it."""
    from shop.admin import views  # noqa: F401

    app.register_blueprint(bp)
