"""The back-office home: a link to each part of the back office the signed-in user may use."""

from __future__ import annotations

from dataclasses import dataclass

from flask import render_template
from flask_login import current_user

from shop.admin.blueprint import bp
from shop.security import ADMIN_ROLES, STAFF_ROLES, staff_required


@dataclass(frozen=True)
class DashboardLink:
    label: str
    endpoint: str
    description: str
    roles: frozenset[str]  # who sees the link: the roles the linked view lets in


# Every part of the back office, in the order the dashboard lists them.
LINKS: tuple[DashboardLink, ...] = (
    DashboardLink("Orders", "admin.orders",
                  "Mark paid, release holds, pack, ship, cancel and refund.", STAFF_ROLES),
    DashboardLink("Products", "admin.products",
                  "Find, create and edit products; publish, archive and change prices in bulk.",
                  STAFF_ROLES),
    DashboardLink("Posts", "admin.posts", "Write, preview, schedule and publish articles.",
                  STAFF_ROLES),
    DashboardLink("Comments", "admin.comments",
                  "Approve, reject or mark readers' comments as spam.", STAFF_ROLES),
    DashboardLink("Users", "admin.users", "Accounts and their roles.", ADMIN_ROLES),
    DashboardLink("Background jobs", "admin.jobs",
                  "Imports and housekeeping running beside the shop, with their progress.",
                  STAFF_ROLES),
    DashboardLink("Mail outbox", "admin.outbox",
                  "Every mail the shop stored instead of sending (no mail server set).",
                  STAFF_ROLES),
)


@bp.get("/")
@staff_required
def dashboard():
    links = [link for link in LINKS if current_user.role in link.roles]
    return render_template("admin/dashboard.html", links=links)
