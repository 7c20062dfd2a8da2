"""Fifty buyers at once for five units, over HTTP, against the real shop under gunicorn.

The shop runs as it does in production: gunicorn with several worker processes, CSRF on (the
buyers read their tokens from the pages), the page cache on, on the database of this run
(a SQLite file, or a PostgreSQL database when DATABASE_URL points there). Each buyer has its
own cookies and walks the whole checkout: add to cart, the details form, the review page,
"Place order" on invoice. Exactly five orders are placed; every other buyer is sent back to
the cart with a message that says the units are gone; no request fails; the stock ends
allocated to the five orders and never below zero, and the movement rows add up to it.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests
from sqlalchemy import func, select

from shop.extensions import db
from shop.inventory.models import HoldStatus, StockHold, StockLevel, StockMovement
from shop.inventory.queries import available_by_product
from shop.orders.models import Order, OrderLine, OrderStatus
from tests.factories import make_product
from tests.harness import make_test_app

pytestmark = pytest.mark.timeout(120)

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"  # beside the interpreter running the tests
BUYERS, UNITS, WORKERS = 50, 5, 3
REQUEST_TIMEOUT = 30  # seconds, every request
ADDRESS = {"email": "buyer@example.com", "name": "Ada Buyer", "ship_full_name": "Ada Buyer",
           "ship_line1": "Keizersgracht 1", "ship_city": "Amsterdam",
           "ship_postal_code": "1015 CJ", "ship_country_code": "NL", "billing_same": "y",
           "shipping_method": "standard", "payment_method": "invoice", "action": "review"}
SOLD_OUT = re.compile(r"sold out|not enough left", re.I)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def _flashes(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", m)
            for m in re.findall(r'<p class="flash flash-\w+">(.*?)</p>', html, re.S)]


class Shop:
    """gunicorn serving ``app:app`` on a free loopback port; stopped by its process group."""

    def __init__(self, database_url: str, tmp_path: Path):
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = tmp_path / "gunicorn.log"
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("HUEY_", "STRIPE_", "MAIL_")) and k != "REDIS_URL"}
        # Development differs from production only in sending cookies without the Secure
        # flag (the buyers speak plain HTTP on loopback) and in not requiring the secrets.
        env.update({"SHOP_ENV": "development", "DATABASE_URL": database_url,
                    "SECRET_KEY": "concurrent-buyers-test", "LOG_LEVEL": "WARNING",
                    "HUEY_SQLITE_PATH": str(tmp_path / "huey.sqlite")})
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen(
                [str(GUNICORN), "-w", str(WORKERS), "-b", f"127.0.0.1:{self.port}",
                 "--timeout", "60", "app:app"],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True)

    def wait_ready(self, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"gunicorn exited:\n{self.log()}")
            try:
                if requests.get(self.base + "/healthz", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise AssertionError(f"gunicorn did not answer within {seconds} s:\n{self.log()}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=15)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


@dataclass
class Outcome:
    order_path: str | None = None
    message: str = ""
    statuses: list[tuple[str, int]] = field(default_factory=list)
    error: str = ""


def _buy(base: str, product_id: int, start: threading.Barrier,
         place_together: threading.Barrier) -> Outcome:
    """One buyer's whole walk, with cookies of its own."""
    outcome = Outcome()
    with requests.Session() as http:
        def call(method: str, path: str, **kw) -> requests.Response:
            response = http.request(method, base + path, timeout=REQUEST_TIMEOUT,
                                    allow_redirects=False, **kw)
            outcome.statuses.append((f"{method} {path}", response.status_code))
            return response

        start.wait(timeout=60)
        page = call("GET", "/cart")
        added = call("POST", "/cart/add", data={"csrf_token": _csrf(page.text),
                                                "product_id": product_id, "quantity": 1})
        assert added.status_code == 302, added.text
        form = call("GET", "/checkout")
        assert form.status_code == 200, form.text
        details = call("POST", "/checkout", data={"csrf_token": _csrf(form.text), **ADDRESS})
        assert details.status_code == 302 and details.headers["Location"].endswith(
            "/checkout/review"), details.text
        review = call("GET", "/checkout/review")
        assert review.status_code == 200, review.text
        token = re.search(r'name="token"[^>]*value="([^"]+)"', review.text)
        assert token, "no checkout token on the review page"
        place_together.wait(timeout=60)  # every "Place order" click at the same moment
        placed = call("POST", "/checkout/place",
                      data={"csrf_token": _csrf(review.text), "token": token.group(1)})
        assert placed.status_code == 302, placed.text
        where = placed.headers["Location"]
        if "/orders/" in where:
            outcome.order_path = where
            call("GET", where.removeprefix(base))
        else:
            assert where.endswith("/cart"), where
            outcome.message = " ".join(_flashes(call("GET", "/cart").text))
    return outcome


def _run_buyers(base: str, product_id: int) -> list[Outcome]:
    start, place_together = threading.Barrier(BUYERS), threading.Barrier(BUYERS)
    outcomes: list[Outcome] = [Outcome() for _ in range(BUYERS)]

    def run(i: int) -> None:
        try:
            outcomes[i] = _buy(base, product_id, start, place_together)
        except BaseException as exc:  # noqa: BLE001  (reported by the test)
            outcomes[i].error = f"{type(exc).__name__}: {exc}"[:500]
            start.abort()
            place_together.abort()

    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(BUYERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    assert not any(thread.is_alive() for thread in threads), "a buyer never finished"
    return outcomes


def test_fifty_buyers_over_http_get_exactly_the_five_units(database_factory, tmp_path):
    began = time.monotonic()
    url = database_factory("buyers_http")
    app = make_test_app(url)
    with app.app_context():
        db.create_all()
        product = make_product(name="Last adapters", stock=UNITS, price_cents=899_00)
        db.session.commit()
        product_id = product.id
        db.session.remove()
        db.engine.dispose()  # the shop's workers have the database to themselves

    shop = Shop(url, tmp_path)
    try:
        shop.wait_ready()
        outcomes = _run_buyers(shop.base, product_id)
    finally:
        shop.stop()
    log = shop.log()

    errors = [o.error for o in outcomes if o.error]
    assert not errors, f"{errors[:3]}\n{log[-3000:]}"
    failed = [(step, code) for o in outcomes for step, code in o.statuses if code >= 500]
    assert not failed, f"{failed[:5]}\n{log[-3000:]}"
    assert "Traceback" not in log and "database is locked" not in log, log[-3000:]

    bought = [o for o in outcomes if o.order_path]
    refused = [o for o in outcomes if not o.order_path]
    assert len(bought) == UNITS and len(refused) == BUYERS - UNITS
    assert len({o.order_path.split("?")[0] for o in bought}) == UNITS
    unclear = [o.message for o in refused if not SOLD_OUT.search(o.message)]
    assert not unclear, unclear[:3]

    with app.app_context():
        orders = db.session.scalars(select(Order)).all()
        assert len(orders) == UNITS
        assert {o.status for o in orders} == {OrderStatus.AWAITING_PAYMENT}
        assert db.session.scalar(select(func.sum(OrderLine.quantity))
                                 .where(OrderLine.product_id == product_id)) == UNITS
        level = db.session.scalar(select(StockLevel).where(StockLevel.product_id == product_id))
        assert (level.on_hand, level.allocated, level.reserved) == (UNITS, UNITS, 0)
        assert available_by_product([product_id]) == {product_id: 0}
        moves = db.session.execute(
            select(StockMovement.on_hand_delta, StockMovement.reserved_delta,
                   StockMovement.allocated_delta)
            .where(StockMovement.product_id == product_id).order_by(StockMovement.id)).all()
        on_hand = reserved = allocated = 0
        for on_hand_delta, reserved_delta, allocated_delta in moves:  # never below zero
            on_hand += on_hand_delta
            reserved += reserved_delta
            allocated += allocated_delta
            assert min(reserved, allocated, on_hand - reserved - allocated) >= 0, moves
        assert (on_hand, reserved, allocated) == (level.on_hand, level.reserved,
                                                  level.allocated)
        holds = db.session.execute(
            select(StockHold.status, func.sum(StockHold.quantity))
            .where(StockHold.product_id == product_id).group_by(StockHold.status)).all()
        assert dict(holds) == {HoldStatus.ALLOCATED.value: UNITS}
        db.session.remove()
        db.engine.dispose()
    assert time.monotonic() - began < 60
