"""Back-office orders list at scale: p50 of ``/admin/orders`` with a filter and with a search
over 100,000 orders (target: under 50 ms).

A database of its own is filled with N orders (core inserts: orders spread over two years,
ten statuses, forty shipping countries, card and invoice, 8,000 customers at 2,500 companies,
purchase-order numbers on invoice orders, two or three lines and two addresses each), then a
staff user signs in with the test client and every listing below is requested R times after
three warm-up requests, in this process (no HTTP server, no network: the time is the shop's
own, from routing to the rendered page, queries included).

    .venv/bin/python bench/admin_orders.py                        # SQLite file, 100,000 orders
    .venv/bin/python bench/admin_orders.py --postgres             # PostgreSQL at DATABASE_URL
    .venv/bin/python bench/admin_orders.py --orders 20000 --repeat 20
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

# Orders older than two weeks have been dealt with; the last two weeks' are still moving.
SETTLED = [("delivered", 85), ("cancelled", 8), ("refunded", 3), ("partially_refunded", 2),
           ("shipped", 2)]
OPEN = [("paid", 30), ("packed", 15), ("shipped", 25), ("awaiting_payment", 15),
        ("pending_payment", 5), ("compliance_hold", 5), ("delivered", 5)]
COUNTRIES = ["DE", "NL", "FR", "GB", "US", "IT", "ES", "SE", "PL", "BE", "AT", "CH", "DK",
             "FI", "NO", "IE", "PT", "CZ", "HU", "RO", "GR", "CA", "JP", "KR", "SG", "AU",
             "NZ", "IL", "AE", "IN", "BR", "MX", "ZA", "TR", "SK", "SI", "HR", "LT", "LV",
             "EE"]
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def seed(db, n: int, rng: random.Random) -> dict:
    """N orders with their lines and addresses, inserted in batches; returns values to search
    for (an order number, an e-mail, a company, a PO number)."""
    from shop.orders.models import Order, OrderAddress, OrderLine

    settled = [s for s, weight in SETTLED for _ in range(weight)]
    moving = [s for s, weight in OPEN for _ in range(weight)]
    recent = datetime.now(UTC) - timedelta(days=14)
    companies = [f"{rng.choice(['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Vandelay', 'Stark', 'Wayne', 'Tyrell', 'Cyberdyne'])} "  # noqa: E501
                 f"{rng.choice(['Networks', 'Compute', 'Labs', 'Systems', 'Data', 'Cloud'])} "
                 f"{i}" for i in range(2500)]
    customers = [(f"buyer{i}@{companies[i % 2500].split()[0].lower()}{i % 2500}.example",
                  companies[i % 2500]) for i in range(8000)]
    start = datetime.now(UTC) - timedelta(days=730)
    numbers: set[str] = set()
    picked = {}
    conn = db.session.connection()
    batch = 5000
    for first in range(0, n, batch):
        orders, lines, addresses = [], [], []
        for i in range(first, min(n, first + batch)):
            number = "FP-" + "".join(rng.choice(ALPHABET) for _ in range(8))
            while number in numbers:
                number = "FP-" + "".join(rng.choice(ALPHABET) for _ in range(8))
            numbers.add(number)
            email, company = customers[rng.randrange(len(customers))]
            method = "invoice" if rng.random() < 0.45 else "card"
            placed = start + timedelta(seconds=rng.randrange(730 * 86400))
            status = rng.choice(moving if placed > recent else settled)
            if method == "card" and status == "awaiting_payment":
                status = "pending_payment"
            subtotal = 0
            order_lines = []
            for _ in range(rng.choice((1, 2, 2, 3))):
                price, qty = rng.choice((1999_00, 849_00, 129_00, 54_00, 12_500_00)), \
                    rng.choice((1, 1, 2, 4))
                subtotal += price * qty
                order_lines.append((price, qty))
            shipping, tax = 25_00, (subtotal + 25_00) * 19 // 100
            order_id = i + 1
            orders.append({
                "id": order_id, "number": number, "checkout_token": secrets.token_hex(16),
                "status": status, "user_id": None, "email": email, "name": "Ada Buyer",
                "company": company, "phone": "",
                "po_number": f"PO-{rng.randrange(10**6):06d}" if method == "invoice" else "",
                "note": "", "vat_number": "", "reverse_charge": False,
                "payment_method": method, "shipping_method": "standard",
                "shipping_label": "Standard", "currency": "USD", "subtotal_cents": subtotal,
                "shipping_cents": shipping, "tax_rate_bp": 1900, "tax_cents": tax,
                "total_cents": subtotal + shipping + tax,
                "refunded_cents": 0, "controlled": rng.random() < 0.05,
                "screening": "clear", "reservation_expires_at": None, "placed_at": placed,
                "carrier": "", "tracking_number": "", "created_at": placed,
                "updated_at": placed})
            for k, (price, qty) in enumerate(order_lines):
                lines.append({
                    "order_id": order_id, "product_id": None, "sku": f"SKU-{k}",
                    "mpn": f"MPN-{k}", "name": "Network adapter", "eccn": "EAR99",
                    "unit_price_cents": price, "quantity": qty,
                    "line_total_cents": price * qty, "refunded_quantity": 0,
                    "restocked_quantity": 0})
            country = rng.choice(COUNTRIES)
            orders[-1]["ship_country"] = country
            for kind in ("shipping", "billing"):
                addresses.append({
                    "order_id": order_id, "kind": kind, "full_name": "Ada Buyer",
                    "company": company, "line1": "Main street 1", "line2": "",
                    "city": "Somewhere", "region": "", "postal_code": "12345",
                    "country_code": country, "phone": ""})
            if i == n // 2:
                picked = {"number": number, "email": email, "company": company,
                          "po": orders[-1]["po_number"] or "PO-000123"}
        conn.execute(Order.__table__.insert(), orders)
        conn.execute(OrderLine.__table__.insert(), lines)
        conn.execute(OrderAddress.__table__.insert(), addresses)
    db.session.commit()
    return picked


def measure(client, url: str, repeat: int) -> tuple[float, float]:
    for _ in range(3):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.95))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--postgres", action="store_true",
                        help="use PostgreSQL (DATABASE_URL, default 127.0.0.1:5432/test)")
    args = parser.parse_args()
    os.environ.setdefault("SHOP_ENV", "development")

    from sales import drop_database, make_database

    work = Path(tempfile.mkdtemp(prefix="bench-admin-orders-"))
    if args.postgres:
        url = make_database(os.environ.get("DATABASE_URL")
                            or "postgresql+psycopg://127.0.0.1:5432/test", "admin_orders")
    else:
        url = f"sqlite:///{work / 'shop.sqlite'}"

    from shop import create_app
    from shop.accounts.models import User
    from shop.accounts.passwords import hash_password
    from shop.db import utcnow
    from shop.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench-not-a-secret",
                      "WTF_CSRF_ENABLED": False, "PAGE_CACHE": False,
                      "RATELIMIT_ENABLED": False, "LOG_LEVEL": "WARNING"})
    try:
        with app.app_context():
            db.create_all()
            began = time.perf_counter()
            picked = seed(db, args.orders, random.Random(7))
            seeded = time.perf_counter() - began
            db.session.add(User(email="staff@bench.example", role="staff",
                                password_hash=hash_password("bench password 123"),
                                email_verified_at=utcnow()))
            db.session.commit()
            with db.engine.begin() as conn:  # the planner's statistics, committed
                conn.exec_driver_sql("ANALYZE")
        client = app.test_client()
        response = client.post("/account/login", data={"email": "staff@bench.example",
                                                       "password": "bench password 123"})
        assert response.status_code == 302, "sign-in failed"
        today = datetime.now(UTC).date()
        month = (today - timedelta(days=240)).replace(day=1)
        month_end = (month + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        half = today - timedelta(days=365)
        cases = [
            ("no filter", "/admin/orders"),
            ("status = paid", "/admin/orders?status=paid"),
            ("country = NL", "/admin/orders?country=NL"),
            ("placed in one month", f"/admin/orders?since={month}&until={month_end}"),
            ("payment method = invoice", "/admin/orders?method=invoice"),
            ("on compliance hold", "/admin/orders?compliance=hold"),
            ("status + country + half a year", "/admin/orders?status=delivered&country=DE"
                                               f"&since={half}&until={half + timedelta(182)}"),
            ("search: order number", f"/admin/orders?q={picked['number']}"),
            ("search: e-mail", f"/admin/orders?q={picked['email']}"),
            ("search: company", "/admin/orders?q=" + picked["company"].replace(" ", "+")),
            ("search: PO number", f"/admin/orders?q={picked['po']}"),
            ("search: start of a company name (many)", "/admin/orders?q=globex"),
            ("dashboard", "/admin/"),
        ]
        dialect = "PostgreSQL" if args.postgres else "SQLite"
        print(f"{args.orders} orders seeded in {seeded:.1f} s ({dialect}); "
              f"{args.repeat} requests each, in-process test client\n")
        print("| listing | p50 ms | p95 ms |\n| --- | ---: | ---: |")
        for label, path in cases:
            p50, p95 = measure(client, path, args.repeat)
            print(f"| {label} | {p50:.1f} | {p95:.1f} |", flush=True)
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        if args.postgres:
            drop_database(url)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
