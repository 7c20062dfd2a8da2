"""Checkout benchmark: buyers over HTTP against the shop under gunicorn, on PostgreSQL.

A database of its own is created (``flask db upgrade``, ``flask seed-demo``) and dropped at the
end; the shop is served by gunicorn (2 workers) with the page cache on and CSRF on, as in
production. Three measurements:

1. Purchases: N buyers (threads, each with its own cookies) walk the whole journey again and
   again for D seconds: product page, add to cart, checkout details (GET, then POST), review,
   place an invoice order, the order page. Reports complete purchases per second and p50/p99
   of every step. Stock is large enough that nobody is refused.
2. Place order only: many checkouts are first walked up to the review page (ready-to-place
   sessions), then every "Place order" request is fired at once by N threads; reports
   orders per second of that step alone and its p50/p99.
3. Sold out: N buyers for fewer units than they want, walking for a few seconds; reports
   the orders placed, the buyers told the product is sold out, and the stock check.

After every run the stock is checked: units on order lines equal the units allocated to
them, and no level is negative.

    .venv/bin/python bench/checkout.py                       # 50 buyers, 20 s, 2000 places
    .venv/bin/python bench/checkout.py --buyers 50 --duration 20 --place-orders 2000
    .venv/bin/python bench/checkout.py --skip-walk --place-orders 1000   # place step only
    .venv/bin/python bench/checkout.py --tree /path/to/other/checkout     # another version

The shop runs with ``SHOP_ENV=development``: the buyers speak plain HTTP on loopback, and
production marks cookies Secure (a client does not send them back over HTTP). Nothing else in
that configuration changes the work a request does. The buyers run in this process: on a
2-core machine they share the CPU with gunicorn and PostgreSQL.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

import requests
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "bench"))

from run import Server  # noqa: E402  (gunicorn launcher shared with run.py)
from sales import drop_database, make_database  # noqa: E402

ADDRESS = {"email": "buyer@example.com", "name": "Ada Buyer", "ship_full_name": "Ada Buyer",
           "ship_line1": "Keizersgracht 1", "ship_city": "Amsterdam",
           "ship_postal_code": "1015 CJ", "ship_country_code": "NL", "billing_same": "y",
           "shipping_method": "standard", "payment_method": "invoice", "action": "review"}
STEPS = ("product GET", "add POST", "checkout GET", "details POST", "review GET",
         "place POST", "order GET")
TIMEOUT = 60
SOLD_OUT = re.compile(r"sold out|not enough left", re.I)
CSRF = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')
TOKEN = re.compile(r'name="token"[^>]*value="([^"]+)"')


def shop_env(db_url: str, work: Path, tree: Path = ROOT) -> dict:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("HUEY_", "STRIPE_", "MAIL_")) and k != "REDIS_URL"}
    env.update({"SHOP_ENV": "development", "SECRET_KEY": "bench-secret-not-for-production",
                "DATABASE_URL": db_url, "PAGE_CACHE": "1", "LOG_LEVEL": "WARNING",
                "HUEY_SQLITE_PATH": str(work / "huey.sqlite"), "PYTHONPATH": str(tree)})
    return env


def prepare(env: dict) -> None:
    flask = [str(VENV_BIN / "flask"), "--app", "app"]
    tree = env["PYTHONPATH"]
    subprocess.run([*flask, "db", "upgrade"], cwd=tree, env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    subprocess.run([*flask, "seed-demo"], cwd=tree, env=env, check=True,
                   stdout=subprocess.DEVNULL)


STOCK_SCRIPT = """
import sys
from sqlalchemy import select
from shop import create_app
from shop.catalog.models import Product, ProductStatus
from shop.extensions import db
from shop.inventory import services as inventory
count, units, offset = (int(a) for a in sys.argv[1:4])
app = create_app()
with app.app_context():
    location = inventory.get_or_create_location("BENCH", "Benchmark warehouse")
    products = db.session.scalars(
        select(Product).where(Product.status == ProductStatus.PUBLISHED,
                              Product.product_type == "adapter")
        .order_by(Product.id).offset(offset).limit(count)).all()
    for product in products:
        inventory.receive(product.id, location.id, units, reason="benchmark stock")
    db.session.commit()
    for product in products:
        print(product.id, product.slug)
"""


def add_stock(env: dict, count: int, units: int, offset: int) -> list[tuple[int, str]]:
    """``units`` more units of ``count`` published adapters, through the inventory service.
    Returns (product id, slug) pairs."""
    out = subprocess.run([str(VENV_BIN / "python"), "-c", STOCK_SCRIPT, str(count), str(units),
                          str(offset)], cwd=env["PYTHONPATH"], env=env, check=True,
                         capture_output=True, text=True).stdout
    return [(int(pid), slug) for pid, slug in (line.split() for line in out.splitlines())]


def available(db_url: str, product_id: int) -> int:
    engine = create_engine(db_url)
    with engine.connect() as conn:
        value = conn.execute(text(
            "SELECT COALESCE(SUM(on_hand - reserved - allocated), 0) FROM stock_level "
            "WHERE product_id = :p"), {"p": product_id}).scalar_one()
    engine.dispose()
    return int(value)


class Buyer:
    """One browser: its own cookies, every request timed by step."""

    def __init__(self, base: str, timings: dict[str, list[float]], lock: threading.Lock):
        self.base, self.timings, self.lock = base, timings, lock
        self.http = requests.Session()
        self.errors: list[str] = []

    def call(self, step: str, method: str, path: str, **kw) -> requests.Response:
        started = time.perf_counter()
        response = self.http.request(method, self.base + path, timeout=TIMEOUT,
                                     allow_redirects=False, **kw)
        elapsed = time.perf_counter() - started
        with self.lock:
            self.timings[step].append(elapsed)
        if response.status_code >= 500:
            raise RuntimeError(f"{method} {path}: {response.status_code}")
        return response

    def to_review(self, product_id: int, slug: str) -> dict[str, str]:
        """Product page, add one, the details form, the review page: the place form data."""
        page = self.call("product GET", "GET", f"/p/{slug}")
        added = self.call("add POST", "POST", "/cart/add", data={
            "csrf_token": CSRF.search(page.text).group(1), "product_id": product_id,
            "quantity": 1})
        if added.status_code != 302:
            raise RuntimeError(f"add answered {added.status_code}")
        form = self.call("checkout GET", "GET", "/checkout")
        if form.status_code != 200:
            raise RuntimeError(f"checkout answered {form.status_code}")
        details = self.call("details POST", "POST", "/checkout", data={
            "csrf_token": CSRF.search(form.text).group(1), **ADDRESS})
        if details.status_code != 302:
            raise RuntimeError(f"details answered {details.status_code}")
        review = self.call("review GET", "GET", "/checkout/review")
        return {"csrf_token": CSRF.search(review.text).group(1),
                "token": TOKEN.search(review.text).group(1)}

    def place(self, form: dict[str, str]) -> str | None:
        """Place the order: its page's path, or None with the message the cart shows."""
        placed = self.call("place POST", "POST", "/checkout/place", data=form)
        where = placed.headers.get("Location", "")
        if placed.status_code == 302 and "/orders/" in where:
            return where.removeprefix(self.base)
        cart = self.call("cart GET", "GET", "/cart").text
        message = " ".join(re.findall(r'<p class="flash flash-\w+">(.*?)</p>', cart))
        if not SOLD_OUT.search(message):
            raise RuntimeError(f"refused without a sold-out message: {message!r}")
        return None


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return 1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def step_table(timings: dict[str, list[float]], steps) -> str:
    lines = ["| step | requests | p50 ms | p99 ms |", "| --- | ---: | ---: | ---: |"]
    for step in steps:
        values = timings.get(step, [])
        if values:
            lines.append(f"| {step} | {len(values)} | {pct(values, 0.5):.1f} | "
                         f"{pct(values, 0.99):.1f} |")
    return "\n".join(lines)


def walk(base: str, products: list[tuple[int, str]], buyers: int, seconds: float,
         ) -> tuple[dict, int, int, list[str], float]:
    """Buyers walking the whole journey for ``seconds``. Returns the timings, the purchases,
    the refusals, the errors and the wall time."""
    timings: dict[str, list[float]] = defaultdict(list)
    lock = threading.Lock()
    counts = {"bought": 0, "refused": 0}
    errors: list[str] = []
    start = threading.Barrier(buyers + 1)
    end_at = [0.0]

    def run(seed: int) -> None:
        chooser = random.Random(seed)
        buyer = Buyer(base, timings, lock)
        start.wait()
        while time.perf_counter() < end_at[0]:
            product_id, slug = chooser.choice(products)
            try:
                form = buyer.to_review(product_id, slug)
                order = buyer.place(form)
                if order is not None:
                    buyer.call("order GET", "GET", order)
            except Exception as exc:  # noqa: BLE001  (counted and reported)
                with lock:
                    errors.append(f"{type(exc).__name__}: {exc}"[:300])
                continue
            with lock:
                counts["bought" if order else "refused"] += 1

    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(buyers)]
    for thread in threads:
        thread.start()
    end_at[0] = time.perf_counter() + seconds
    began = time.perf_counter()
    start.wait()
    for thread in threads:
        thread.join(timeout=seconds + 2 * TIMEOUT)
    return timings, counts["bought"], counts["refused"], errors, time.perf_counter() - began


def place_only(base: str, products: list[tuple[int, str]], orders: int, buyers: int,
               meter: CpuMeter) -> tuple[dict, int, float, list[str], dict[str, float]]:
    """Walk ``orders`` checkouts up to the review page, then fire every "Place order" with
    ``buyers`` threads. Returns the place timings, the orders placed, the seconds the place
    requests took, the errors and the CPU seconds spent meanwhile (workers, PostgreSQL,
    this client)."""
    lock = threading.Lock()
    setup: dict[str, list[float]] = defaultdict(list)
    ready: list[tuple[Buyer, dict]] = []
    errors: list[str] = []
    todo = list(range(orders))

    def prepare_some() -> None:
        while True:
            with lock:
                if not todo:
                    return
                n = todo.pop()
            buyer = Buyer(base, setup, lock)
            product_id, slug = products[n % len(products)]
            try:
                form = buyer.to_review(product_id, slug)
            except Exception as exc:  # noqa: BLE001
                with lock:
                    errors.append(f"setup {type(exc).__name__}: {exc}"[:300])
                continue
            with lock:
                ready.append((buyer, form))

    threads = [threading.Thread(target=prepare_some, daemon=True) for _ in range(buyers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    timings: dict[str, list[float]] = defaultdict(list)
    placed = [0]
    queue = list(ready)
    start = threading.Barrier(buyers + 1)

    def fire() -> None:
        start.wait()
        while True:
            with lock:
                if not queue:
                    return
                buyer, form = queue.pop()
            buyer.timings = timings
            try:
                ok = buyer.place(form) is not None
            except Exception as exc:  # noqa: BLE001
                with lock:
                    errors.append(f"place {type(exc).__name__}: {exc}"[:300])
                continue
            with lock:
                placed[0] += ok

    threads = [threading.Thread(target=fire, daemon=True) for _ in range(buyers)]
    for thread in threads:
        thread.start()
    before = meter.snapshot()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - began
    return timings, placed[0], seconds, errors, meter.since(before)


class CpuMeter:
    """CPU seconds used by the gunicorn workers and by the PostgreSQL backends serving this
    database, read from /proc (Linux): what an order costs whatever else the machine runs."""

    def __init__(self, master_pid: int, db_url: str):
        self.master_pid, self.db_url = master_pid, db_url
        self.tick = os.sysconf("SC_CLK_TCK")

    def _cpu(self, pid: int) -> float:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / self.tick  # utime + stime

    def _workers(self) -> list[int]:
        pids = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                except (OSError, IndexError, ValueError):
                    continue
                if ppid == self.master_pid:
                    pids.append(int(entry.name))
        return pids

    def _backends(self) -> list[int]:
        engine = create_engine(self.db_url)
        with engine.connect() as conn:
            pids = conn.execute(text(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid()")).scalars().all()
        engine.dispose()
        return list(pids)

    def snapshot(self) -> dict[str, dict[int, float]]:
        return {"workers": {p: self._cpu(p) for p in self._workers()},
                "postgres": {p: self._cpu(p) for p in self._backends()},
                "client": {0: time.process_time()}}

    def since(self, before: dict) -> dict[str, float]:
        now = self.snapshot()
        return {kind: sum(cpu - before[kind].get(pid, 0.0) for pid, cpu in now[kind].items())
                for kind in now}


def stock_check(db_url: str) -> tuple[bool, str]:
    """Units on order lines equal units allocated, per product; nothing negative."""
    engine = create_engine(db_url)
    with engine.connect() as conn:
        mismatched = conn.execute(text("""
            SELECT l.product_id, l.allocated, COALESCE(o.units, 0)
            FROM (SELECT product_id, SUM(allocated) AS allocated FROM stock_level
                  GROUP BY product_id) l
            FULL JOIN (SELECT product_id, SUM(quantity) AS units FROM order_line
                       GROUP BY product_id) o ON o.product_id = l.product_id
            WHERE COALESCE(l.allocated, 0) <> COALESCE(o.units, 0)""")).all()
        negative = conn.execute(text(
            "SELECT COUNT(*) FROM stock_level WHERE on_hand < 0 OR reserved < 0 "
            "OR allocated < 0 OR on_hand - reserved - allocated < 0")).scalar_one()
        unbalanced = conn.execute(text("""
            SELECT COUNT(*) FROM stock_level s JOIN (
                SELECT product_id, location_id, SUM(on_hand_delta) AS h,
                       SUM(reserved_delta) AS r, SUM(allocated_delta) AS a
                FROM stock_movement GROUP BY product_id, location_id) m
              ON m.product_id = s.product_id AND m.location_id = s.location_id
            WHERE (s.on_hand, s.reserved, s.allocated) <> (m.h, m.r, m.a)""")).scalar_one()
        orders, units = conn.execute(text(
            "SELECT COUNT(DISTINCT order_id), COALESCE(SUM(quantity), 0) FROM order_line")).one()
    engine.dispose()
    ok = not mismatched and not negative and not unbalanced
    return ok, (f"{orders} orders, {units} units on order lines; products whose allocated "
                f"units differ from their order lines: {len(mismatched)}; levels below zero: "
                f"{negative}; levels that differ from the sum of their movements: "
                f"{unbalanced}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="postgresql+psycopg://127.0.0.1:5432/postgres",
                        help="PostgreSQL server (a database of its own is created and dropped)")
    parser.add_argument("--buyers", type=int, default=50)
    parser.add_argument("--duration", type=float, default=20.0, help="seconds of walking")
    parser.add_argument("--products", type=int, default=4,
                        help="products the buyers choose from (at random)")
    parser.add_argument("--place-orders", type=int, default=2000,
                        help="ready checkouts for the place-only run (0: skip it)")
    parser.add_argument("--soldout-units", type=int, default=25)
    parser.add_argument("--soldout-seconds", type=float, default=5.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1,
                        help="threads per worker (more than 1: gunicorn's gthread workers)")
    parser.add_argument("--skip-walk", action="store_true")
    parser.add_argument("--tree", default=str(ROOT),
                        help="checkout of the shop to serve (to compare two versions)")
    args = parser.parse_args()
    tree = Path(args.tree).resolve()
    work = Path(tempfile.mkdtemp(prefix="shop-bench-checkout-"))
    db_url = make_database(args.database, "checkout")
    env = shop_env(db_url, work, tree)
    failed = False
    try:
        prepare(env)
        big = max(1_000_000, 10 * args.place_orders)
        products = add_stock(env, args.products, big, 0)
        threads = ("--threads", str(args.threads)) if args.threads > 1 else ()
        server = Server("app:app", env, workers=args.workers, cwd=tree, extra=threads)
        try:
            print(f"{tree}: PostgreSQL, gunicorn -w {args.workers} {' '.join(threads)}, "
                  f"{args.buyers} buyers "
                  f"(threads in one client process), invoice orders of 1 unit, "
                  f"{len(products)} products", flush=True)
            if not args.skip_walk:
                timings, bought, refused, errors, wall = walk(
                    server.base, products, args.buyers, args.duration)
                print(f"\nWhole journey for {args.duration:.0f} s: {bought} purchases, "
                      f"{bought / wall:.1f} purchases/s, {refused} refused, "
                      f"{len(errors)} errors; place step {len(timings['place POST'])} requests "
                      f"({len(timings['place POST']) / wall:.1f}/s alongside the other steps)")
                print(step_table(timings, STEPS))
                failed |= bool(errors)
                for error in errors[:5]:
                    print("  error:", error)
            if args.place_orders:
                timings, placed, seconds, errors, cpu = place_only(
                    server.base, products, args.place_orders, args.buyers,
                    CpuMeter(server.proc.pid, db_url))
                print(f"\nPlace order only: {placed} orders in {seconds:.2f} s = "
                      f"{placed / seconds:.1f} orders/s ({args.buyers} concurrent clients, "
                      f"{len(errors)} errors)")
                print(step_table(timings, ("place POST",)))
                per = {kind: 1000 * value / max(placed, 1) for kind, value in cpu.items()}
                server_ms = per["workers"] + per["postgres"]
                print(f"CPU per order: gunicorn workers {per['workers']:.1f} ms + PostgreSQL "
                      f"{per['postgres']:.1f} ms = {server_ms:.1f} ms (this client "
                      f"{per['client']:.1f} ms): a CPU-bound ceiling of "
                      f"{1000 * (os.cpu_count() or 1) / server_ms:.0f} orders/s on "
                      f"{os.cpu_count()} cores running nothing else. Load average at the end: "
                      f"{os.getloadavg()[0]:.1f}")
                failed |= bool(errors)
                for error in errors[:5]:
                    print("  error:", error)
            ok, summary = stock_check(db_url)
            print(f"\nStock check: {'OK' if ok else 'FAILED'}: {summary}")
            failed |= not ok

            scarce = add_stock(env, 1, args.soldout_units, args.products)
            product_id = scarce[0][0]
            before = available(db_url, product_id)
            timings, bought, refused, errors, wall = walk(
                server.base, scarce, args.buyers, args.soldout_seconds)
            after = available(db_url, product_id)
            ok, summary = stock_check(db_url)
            oversold = max(0, bought - before)
            print(f"\nSold out: {args.buyers} buyers for {before} available units over "
                  f"{args.soldout_seconds:.0f} s: {bought} orders, {refused} told it is sold "
                  f"out, {len(errors)} errors; available afterwards {after}; oversold units "
                  f"{oversold}")
            print(f"Stock check: {'OK' if ok else 'FAILED'}: {summary}")
            failed |= bool(errors) or not ok or oversold > 0 or after < 0
            for error in errors[:5]:
                print("  error:", error)
        finally:
            server.stop()
    finally:
        drop_database(db_url)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
