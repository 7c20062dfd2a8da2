"""Back-office product list speed: p50 and p90 of /admin/products at 100,000 products.

Builds the catalogue as ``bench/run.py`` does (demo + synthetic products in a SQLite file,
or reuses it), creates an admin, serves the shop with gunicorn (2 workers), signs in over
HTTP and requests each list address one request at a time (a person at a desk, not a
crowd), after a warm-up. Reported per address: p50, p90, and how many products matched.

    .venv/bin/python bench/admin_products.py                   # 100,000 products, SQLite
    .venv/bin/python bench/admin_products.py --requests 100 --products 10000
    .venv/bin/python bench/admin_products.py --postgres postgresql+psycopg://127.0.0.1:5432/test

With ``--postgres`` the catalogue is built in a PostgreSQL database of its own on that
server, dropped afterwards; ``--database URL`` uses (and keeps) a database, loading the
catalogue only if it holds no products.
"""

from __future__ import annotations

import argparse
import http.client
import json
import re
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "bench"))

from run import RESULTS, Server  # noqa: E402  (gunicorn launcher shared with run.py)
from sales import drop_database, make_database  # noqa: E402  (throwaway PostgreSQL databases)

EMAIL, PASSWORD = "bench-admin@example.com", "a long bench password 1"
TARGET_MS = 50.0


def env_for(database_url: str) -> dict:
    import os

    env = dict(os.environ)
    env.update({
        "SHOP_ENV": "production", "SECRET_KEY": "bench-secret-not-for-production",
        "PUBLIC_BASE_URL": "http://127.0.0.1", "MAIL_OUTBOX": "1",
        "DATABASE_URL": database_url, "PAGE_CACHE": "0", "LOG_LEVEL": "WARNING",
    })
    env.pop("REDIS_URL", None)
    return env


def prepare(database_url: str, products: int, fresh: bool) -> None:
    """Migrate, load the catalogue unless it is there, and make the admin."""
    env = env_for(database_url)
    flask = [str(VENV_BIN / "flask"), "--app", "app"]
    subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if fresh:
        started = time.perf_counter()
        subprocess.run([*flask, "seed-demo", "--products", str(max(0, products - 64))],
                       cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
        print(f"built {products:,} products in {time.perf_counter() - started:.0f} s",
              flush=True)
    subprocess.run([*flask, "create-admin", EMAIL, "--password-stdin"], cwd=ROOT, env=env,
                   input=PASSWORD + "\n", text=True, check=True, stdout=subprocess.DEVNULL)
    if database_url.startswith("postgresql"):  # as autovacuum would, given the time
        from sqlalchemy import create_engine, text

        engine = create_engine(database_url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text("VACUUM ANALYZE"))
        engine.dispose()


def has_products(database_url: str) -> bool:
    from sqlalchemy import create_engine, inspect, text

    engine = create_engine(database_url)
    try:
        if "product" not in inspect(engine).get_table_names():
            return False
        with engine.connect() as conn:
            return bool(conn.execute(text("SELECT count(*) FROM product")).scalar())
    finally:
        engine.dispose()


class Browser:
    """One signed-in person: a keep-alive connection and the session cookie."""

    def __init__(self, base: str):
        parts = urllib.parse.urlsplit(base)
        self.conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: dict | None = None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.conn.request(method, path, body=data, headers=headers)
        response = self.conn.getresponse()
        text = response.read().decode()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        return response.status, text

    def sign_in(self) -> None:
        _, page = self.request("GET", "/account/login")
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or \
            re.search(r'name="csrf_token" value="([^"]+)"', page)
        status, _ = self.request("POST", "/account/login", {
            "email": EMAIL, "password": PASSWORD, "csrf_token": token.group(1)})
        if status != 302:
            raise RuntimeError(f"sign-in answered {status}")


def addresses(browser: Browser) -> dict[str, str]:
    """The list addresses measured, with ids read from the list's own filter options."""
    _, page = browser.request("GET", "/admin/products")

    def option(select_id: str, label: str) -> str:
        block = re.search(rf'<select id="{select_id}".*?</select>', page, re.S).group(0)
        return re.search(rf'<option value="(\d+)"[^>]*>{re.escape(label)}</option>',
                         block).group(1)

    cables = option("f-category", "Cables &amp; transceivers")
    nvidia = option("f-brand", "NVIDIA")
    return {
        "no filter (recently updated)": "/admin/products",
        "filter: category + status": f"/admin/products?category={cables}&status=published",
        "filter: brand, by price": f"/admin/products?brand={nvidia}&sort=price",
        "filter: low stock": "/admin/products?stock=low",
        "filter: category + out of stock": f"/admin/products?category={cables}&stock=out",
        "search: part number MCX753": "/admin/products?q=MCX753",
        "search: name ConnectX-7": "/admin/products?q=ConnectX-7",
        "search + filter": f"/admin/products?q=transceiver&category={cables}&sort=price",
        "search: broad (nvidia)": "/admin/products?q=nvidia",
        "sort: by stock": "/admin/products?sort=-stock",
        "page 500": "/admin/products?sort=name&page=500",
    }


def measure(browser: Browser, path: str, requests: int) -> dict:
    for _ in range(5):
        status, page = browser.request("GET", path)
        if status != 200:
            raise RuntimeError(f"{path} answered {status}")
    found = re.search(r'class="result-count" role="status">([\d,]+) product', page)
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        browser.request("GET", path)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {"path": path, "p50": statistics.median(times),
            "p90": times[int(len(times) * 0.9) - 1], "matches": found.group(1) if found else "?"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200, help="per address")
    parser.add_argument("--workdir", default="/tmp/shop-bench")
    parser.add_argument("--postgres", default="", help="a PostgreSQL server URL")
    parser.add_argument("--database", default="", help="a database URL to use and keep")
    args = parser.parse_args()
    if args.postgres:
        database_url, fresh = make_database(args.postgres, "admin_products"), True
    elif args.database:
        database_url, fresh = args.database, not has_products(args.database)
    else:
        work = Path(args.workdir)
        work.mkdir(parents=True, exist_ok=True)
        db_path = work / f"admin-{args.products}.sqlite"
        database_url, fresh = f"sqlite:///{db_path}", not db_path.exists()
    try:
        prepare(database_url, args.products, fresh)
        server = Server("app:app", env_for(database_url))
        try:
            browser = Browser(server.base)
            browser.sign_in()
            results = {name: measure(browser, path, args.requests)
                       for name, path in addresses(browser).items()}
        finally:
            server.stop()
    finally:
        if args.postgres:
            drop_database(database_url)
    dialect = "PostgreSQL" if database_url.startswith("postgresql") else "SQLite"
    print(f"\n/admin/products at {args.products:,} products ({dialect}, gunicorn -w 2, "
          f"one request at a time, {args.requests} each):")
    print("| list | matches | p50 ms | p90 ms |\n| --- | ---: | ---: | ---: |")
    for name, r in results.items():
        flag = "" if r["p50"] < TARGET_MS else " (over 50 ms)"
        print(f"| {name} | {r['matches']} | {r['p50']:.1f}{flag} | {r['p90']:.1f} |")
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"admin-products-{stamp}.json").write_text(json.dumps(
        {"products": args.products, "database": dialect, "results": results}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
