"""The back-office home: sales, orders waiting, stock and supplier queues and the latest
changes (``dashboard_figures``), and a link to each part of the back office the signed-in
user may use."""

from __future__ import annotations

from dataclasses import dataclass

from flask import render_template
from flask_login import current_user

from shop.admin import dashboard_figures as figures
from shop.admin.blueprint import bp
from shop.db import utcnow
from shop.orders.models import STATUS_TEXT
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
    DashboardLink("Inventory", "admin.inventory",
                  "Stock per product and location, low-stock thresholds, adjustments.",
                  STAFF_ROLES),
    DashboardLink("Ledger", "admin.inventory_ledger",
                  "Every stock movement: who, when, why, before and after; CSV export.",
                  STAFF_ROLES),
    DashboardLink("Purchase orders", "admin.purchase_orders",
                  "Order from suppliers and receive deliveries into stock.", STAFF_ROLES),
    DashboardLink("Stock counts", "admin.stock_counts",
                  "Count a location, review the differences, post them.", STAFF_ROLES),
    DashboardLink("Posts", "admin.posts", "Write, preview, schedule and publish articles.",
                  STAFF_ROLES),
    DashboardLink("Comments", "admin.comments",
                  "Approve, reject or mark readers' comments as spam.", STAFF_ROLES),
    DashboardLink("Users", "admin.users", "Accounts and their roles.", ADMIN_ROLES),
    DashboardLink("Import and export", "admin.imports",
                  "Products, prices and stock from a CSV or Excel file, with a preview; "
                  "the catalogue as CSV.", STAFF_ROLES),
    DashboardLink("Supplier applications", "admin.supplier_applications",
                  "Review companies applying to sell; their organisations.", STAFF_ROLES),
    DashboardLink("Supplier listings", "admin.supplier_listings",
                  "Approve suppliers' products and their edits, or ask for changes.",
                  STAFF_ROLES),
    DashboardLink("Background jobs", "admin.jobs",
                  "Imports and housekeeping running beside the shop, with their progress.",
                  STAFF_ROLES),
    DashboardLink("Mail outbox", "admin.outbox",
                  "Every mail the shop stored instead of sending (no mail server set).",
                  STAFF_ROLES),
    DashboardLink("Audit log", "admin.audit",
                  "Every back-office change: who, when, what, before and after.", STAFF_ROLES),
)


@bp.get("/")
@staff_required
def dashboard():
    links = [link for link in LINKS if current_user.role in link.roles]
    audit_rows, order_events = figures.latest_changes()
    return render_template(
        "admin/dashboard.html", links=links, today=utcnow().date(),
        sales=figures.sales(utcnow().date()), waiting=figures.waiting(),
        low_stock=figures.low_stock(), arriving=figures.arriving_this_week(),
        applications=figures.pending_applications(), audit_rows=audit_rows,
        listings=figures.pending_listings(),
        order_events=order_events, status_text=STATUS_TEXT, chart=figures)
