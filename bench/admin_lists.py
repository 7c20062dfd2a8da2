"""Back-office list speed: the stock page and the stock ledger at catalogue scale.

Builds a shop of N products (demo + synthetic, ``flask seed-demo --products``), then a large
ledger with plain bulk inserts (pairs of movements that cancel out, so the ledger still adds
up to the levels: reservations that expire, allocations that are cancelled, deliveries that
are written off), low-stock thresholds on a share of the products and a staff account. Serves
it with gunicorn (2 workers, production settings) and measures each page with wrk as the
signed-in staff member: requests/s, p50 and p99, plus one CSV export of a filtered ledger.

    .venv/bin/python bench/admin_lists.py                       # 100,000 products, 1M moves
    .venv/bin/python bench/admin_lists.py --products 10000 --movements 100000 --duration 5
    .venv/bin/python bench/admin_lists.py --database postgres   # the same on PostgreSQL

The SQLite file is kept in --workdir and reused by later runs (delete it after a schema
change); a PostgreSQL database is created for the run and dropped at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "bench"))

from run import RESULTS, Server, wrk  # noqa: E402  (gunicorn and wrk helpers)
from sales import drop_database, make_database  # noqa: E402

STAFF_EMAIL, STAFF_PASSWORD = "bench-staff@example.com", "a long bench password 7"
USER_AGENT = "shop-bench"
COLUMNS = ("product_id", "location_id", "on_hand_delta", "reserved_delta", "allocated_delta",
           "reason", "note", "actor_id", "order_id", "created_at", "on_hand_after",
           "reserved_after", "allocated_after", "purchase_order_id", "request_key")
CSRF = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')


def shop_env(db_url: str) -> dict:
    env = dict(os.environ)
    env.update({
        "SHOP_ENV": "production", "SECRET_KEY": "bench-secret-not-for-production",
        "PUBLIC_BASE_URL": "http://127.0.0.1", "MAIL_OUTBOX": "1", "DATABASE_URL": db_url,
        "PAGE_CACHE": "0", "LOG_LEVEL": "WARNING", "PYTHONPATH": str(ROOT),
    })
    env.pop("REDIS_URL", None)
    return env


def flask(env: dict, *args: str, stdin: str | None = None) -> None:
    subprocess.run([str(VENV_BIN / "flask"), "--app", "app", *args], cwd=ROOT, env=env,
                   check=True, input=stdin, text=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL if args[0] == "db" else None)


def _connect(db_url: str):
    """A plain driver connection for the bulk inserts."""
    if db_url.startswith("sqlite"):
        import sqlite3

        return sqlite3.connect(db_url.removeprefix("sqlite:///"))
    import psycopg

    return psycopg.connect(db_url.replace("postgresql+psycopg://", "postgresql://"))


def _movement_rows(levels: list[tuple[int, int, int]], count: int, seed: int = 7):
    """``count`` movements in pairs that cancel out, oldest first over the last year."""
    rng = random.Random(seed)
    now = datetime.now(UTC)
    start = now - timedelta(days=365)
    step = timedelta(days=365) / max(1, count)
    order_id = 1_000_000
    for n in range(0, count, 2):
        product_id, location_id, on_hand = levels[rng.randrange(len(levels))]
        q = rng.randint(1, 4)
        at = start + step * n
        later = at + step
        kind = rng.random()
        order_id += 1
        if kind < 0.45:
            yield (product_id, location_id, 0, q, 0, "reservation", "", None, order_id, at,
                   on_hand, q, 0, None, None)
            yield (product_id, location_id, 0, -q, 0, "reservation expired", "", None,
                   order_id, later, on_hand, 0, 0, None, None)
        elif kind < 0.9:
            yield (product_id, location_id, 0, 0, q, "allocation", "", None, order_id, at,
                   on_hand, 0, q, None, None)
            yield (product_id, location_id, 0, 0, -q, "order cancelled", "", None, order_id,
                   later, on_hand, 0, 0, None, None)
        else:
            yield (product_id, location_id, q, 0, 0, "received", "bench delivery", None, None,
                   at, on_hand + q, 0, 0, None, None)
            yield (product_id, location_id, -q, 0, 0, "damaged", "bench write-off", None, None,
                   later, on_hand, 0, 0, None, None)


def build_ledger(db_url: str, movements: int, threshold_share: float) -> dict:
    """Bulk-insert the movements and the thresholds; returns what was built."""
    started = time.perf_counter()
    conn = _connect(db_url)
    sqlite = db_url.startswith("sqlite")
    cur = conn.cursor()
    cur.execute("SELECT product_id, location_id, on_hand FROM stock_level ORDER BY id")
    levels = cur.fetchall()
    rows = _movement_rows(levels, movements)
    if sqlite:
        marks = ", ".join("?" * len(COLUMNS))
        sql = f"INSERT INTO stock_movement ({', '.join(COLUMNS)}) VALUES ({marks})"
        batch: list[tuple] = []
        for row in rows:
            batch.append(row[:9] + (row[9].isoformat(sep=" "),) + row[10:])
            if len(batch) == 50_000:
                cur.executemany(sql, batch)
                batch.clear()
        if batch:
            cur.executemany(sql, batch)
    else:
        with cur.copy(f"COPY stock_movement ({', '.join(COLUMNS)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    rng = random.Random(11)
    cur.execute("SELECT id FROM product ORDER BY id")
    products = [r[0] for r in cur.fetchall()]
    chosen = rng.sample(products, int(len(products) * threshold_share))
    now = datetime.now(UTC)
    thresholds = [(pid, rng.randint(0, 40), None, now if not sqlite else now.isoformat(sep=" "))
                  for pid in chosen]
    mark = "?" if sqlite else "%s"
    cur.executemany(f"INSERT INTO stock_threshold (product_id, threshold, updated_by_id, "
                    f"updated_at) VALUES ({mark}, {mark}, {mark}, {mark})", thresholds)
    conn.commit()
    if not sqlite:  # as autovacuum would have left it: statistics and the visibility map
        conn.autocommit = True
        conn.execute("VACUUM ANALYZE")
    cur = conn.cursor()
    cur.execute("SELECT count(*) FROM stock_movement")
    total = cur.fetchone()[0]
    cur.execute("SELECT code, id FROM location ORDER BY id")
    locations = cur.fetchall()
    cur.execute(f"SELECT sku FROM product ORDER BY id LIMIT 1 OFFSET {len(products) // 2}")
    sku = cur.fetchone()[0]
    conn.close()
    return {"seconds": time.perf_counter() - started, "movements": total,
            "thresholds": len(thresholds), "locations": locations, "sku": sku}


def sign_in(base: str) -> str:
    """Sign the staff member in over HTTP; the Cookie header that carries the session.
    Production cookies are Secure and the bench speaks plain HTTP on loopback, so every
    cookie is sent back by hand."""
    http = requests.Session()
    http.headers["User-Agent"] = USER_AGENT

    def cookies() -> str:
        return "; ".join(f"{c.name}={c.value}" for c in http.cookies)

    page = http.get(base + "/account/login", timeout=30).text
    token = CSRF.search(page).group(1)
    r = http.post(base + "/account/login", data={"csrf_token": token, "email": STAFF_EMAIL,
                                                  "password": STAFF_PASSWORD},
                  headers={"Cookie": cookies()}, allow_redirects=False, timeout=30)
    if r.status_code != 302:
        raise RuntimeError(f"sign-in failed: {r.status_code}")
    return cookies()


def check(base: str, path: str, cookie: str, expect: str) -> None:
    r = requests.get(base + path, headers={"Cookie": cookie, "User-Agent": USER_AGENT},
                     allow_redirects=False, timeout=120)
    if r.status_code != 200 or expect not in r.text:
        raise RuntimeError(f"{path}: {r.status_code}, {expect!r} not on the page")


def worker_cpu_seconds(master_pid: int) -> float:
    """CPU time (user + system) used so far by the gunicorn master's worker processes."""
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        if int(fields[1]) == master_pid:  # ppid
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def measure(server: Server, pages: dict[str, tuple[str, str]], cookie: str, duration: int,
            connections: int) -> dict:
    """wrk per page, and the workers' CPU time per request over the same run: what a page
    costs, whatever else the machine is doing (latency is not: on a busy machine it grows
    with the queue for the CPU)."""
    base = server.base
    headers = (f"Cookie: {cookie}", f"User-Agent: {USER_AGENT}")
    results = {}
    for name, (path, expect) in pages.items():
        check(base, path, cookie, expect)  # a signed-in page, not a redirect to sign in
        wrk(base + path, 2, 2, headers)  # warm both workers
        cpu = worker_cpu_seconds(server.proc.pid)
        result = wrk(base + path, duration, connections, headers)
        requests_done = max(1.0, result["rps"] * duration)
        result["cpu_ms"] = (worker_cpu_seconds(server.proc.pid) - cpu) * 1000 / requests_done
        results[name] = {"path": path, **result}
        print(f"  {name}: p50 {result['p50']:.1f} ms, p99 {result['p99']:.1f} ms, "
              f"{result['rps']:.0f} req/s, {result['cpu_ms']:.1f} ms CPU per request",
              flush=True)
    return results


IN_PROCESS = """
import json, statistics, sys, time
from shop import create_app
app = create_app()
app.config.update(WTF_CSRF_ENABLED=False, SESSION_COOKIE_SECURE=False,
                  REMEMBER_COOKIE_SECURE=False)
client = app.test_client()
assert client.post("/account/login", data={"email": sys.argv[1], "password": sys.argv[2]}
                   ).status_code == 302
out = {}
for path in sys.argv[3:]:
    client.get(path)
    wall, cpu = [], []
    for _ in range(25):
        started, started_cpu = time.perf_counter(), time.process_time()
        assert client.get(path).status_code == 200, path
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    out[path] = [statistics.median(wall), statistics.median(cpu)]
print(json.dumps(out))
"""


def in_process(env: dict, paths: list[str]) -> dict[str, list[float]]:
    """Medians of 25 requests per page through the test client, in one process and thread
    (SQLite works inside it): [wall ms, CPU ms]."""
    out = subprocess.run([str(VENV_BIN / "python"), "-c", IN_PROCESS, STAFF_EMAIL,
                          STAFF_PASSWORD, *paths], cwd=ROOT, env=env, check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def export_speed(base: str, path: str, cookie: str) -> dict:
    started = time.perf_counter()
    r = requests.get(base + path, headers={"Cookie": cookie, "User-Agent": USER_AGENT},
                     stream=True, timeout=600)
    first = None
    rows = 0
    for chunk in r.iter_content(chunk_size=65536):
        if first is None:
            first = time.perf_counter() - started
        rows += chunk.count(b"\n")
    seconds = time.perf_counter() - started
    return {"path": path, "rows": rows - 1, "seconds": seconds, "first_byte_ms": first * 1000,
            "rows_per_s": (rows - 1) / seconds}


def table(results: dict) -> str:
    lines = ["| page | req/s | p50 ms | p99 ms | CPU ms/request (workers) | in-process median "
             "ms (CPU ms) | non-2xx |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for name, r in results.items():
        lines.append(f"| {name} | {r['rps']:.0f} | {r['p50']:.1f} | {r['p99']:.1f} | "
                     f"{r['cpu_ms']:.1f} | {r.get('in_process_ms', 0):.1f} "
                     f"({r.get('in_process_cpu_ms', 0):.1f}) | {r['errors']} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--movements", type=int, default=1_000_000)
    parser.add_argument("--thresholds", type=float, default=0.05,
                        help="share of products with a low-stock threshold")
    parser.add_argument("--duration", type=int, default=10, help="seconds per page")
    parser.add_argument("--connections", type=int, default=2)
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--pg-url", default="postgresql+psycopg://127.0.0.1:5432/test")
    parser.add_argument("--workdir", default="/tmp/shop-bench-admin")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is required: apt-get install wrk", file=sys.stderr)
        return 2
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    db_path = work / f"admin-{args.products}-{args.movements}.sqlite"
    building = db_path.with_suffix(".building")
    if args.database == "sqlite":
        fresh = not db_path.exists()
        building.unlink(missing_ok=True)  # what an interrupted build left
        db_url = f"sqlite:///{building if fresh else db_path}"
    else:
        db_url, fresh = make_database(args.pg_url, "admin"), True
    env = shop_env(db_url)
    report: dict = {"products": args.products, "database": args.database}
    try:
        facts_path = work / f"admin-{args.products}-{args.movements}.json"
        if fresh:
            started = time.perf_counter()
            flask(env, "db", "upgrade")
            flask(env, "seed-demo", "--products", str(max(0, args.products - 85)))  # 85 demo
            flask(env, "create-admin", STAFF_EMAIL, "--password-stdin",
                  stdin=STAFF_PASSWORD + "\n")
            seeded = time.perf_counter() - started
            facts = build_ledger(db_url, args.movements, args.thresholds)
            print(f"catalogue in {seeded:.0f} s; {facts['movements']:,} movements and "
                  f"{facts['thresholds']:,} thresholds in {facts['seconds']:.0f} s", flush=True)
            report.update(seed_seconds=seeded, ledger=facts)
            if args.database == "sqlite":  # complete: keep it for later runs
                facts_path.write_text(json.dumps(facts))
                building.rename(db_path)
                db_url = f"sqlite:///{db_path}"
                env = shop_env(db_url)
        else:
            facts = json.loads(facts_path.read_text())
        location_id = facts["locations"][-1][1]
        middle = max(1, args.products // 50 // 2)  # a page in the middle of the list
        month_ago = (datetime.now(UTC) - timedelta(days=30)).date().isoformat()
        pages = {
            "back-office home (for scale)": ("/admin/", "Back office"),
            "stock list": ("/admin/inventory", "products."),
            f"stock list, page {middle}": (f"/admin/inventory?page={middle}", "products."),
            "stock list, one location": (f"/admin/inventory?location={location_id}",
                                         "products."),
            "stock list, low stock": ("/admin/inventory?stock=low", "threshold."),
            "stock list, name search": ("/admin/inventory?q=optical+transceiver", "matching"),
            "stock list, part-number search": ("/admin/inventory?q=MCX753", "matching"),
            "ledger": ("/admin/inventory/ledger", "movements"),
            "ledger, reason filter": ("/admin/inventory/ledger?reason=received", "movements"),
            "ledger, product (SKU)": (f"/admin/inventory/ledger?product={facts['sku']}",
                                      "movement"),
            "ledger, last 30 days, one location": (
                f"/admin/inventory/ledger?from={month_ago}&location={location_id}",
                "movements"),
        }
        server = Server("app:app", env)
        try:
            cookie = sign_in(server.base)
            print(f"\n{args.products:,} products, {facts['movements']:,} movements, "
                  f"{args.database} (gunicorn -w 2, wrk -t2 -c{args.connections} "
                  f"-d{args.duration}s):", flush=True)
            results = measure(server, pages, cookie, args.duration, args.connections)
            report["pages"] = results
            report["export"] = export_speed(
                server.base, f"/admin/inventory/ledger.csv?from={month_ago}", cookie)
        finally:
            server.stop()
        medians = in_process(env, [path for path, _ in pages.values()])
        for result in results.values():
            result["in_process_ms"], result["in_process_cpu_ms"] = medians[result["path"]]
        report["load_average"] = os.getloadavg()
        print("\n" + table(results))
        print(f"load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
        e = report["export"]
        print(f"\nCSV export of the last 30 days ({e['rows']:,} rows): {e['seconds']:.1f} s, "
              f"{e['rows_per_s']:,.0f} rows/s, first byte after {e['first_byte_ms']:.0f} ms")
    finally:
        if args.database == "postgres":
            drop_database(db_url)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"admin-lists-{stamp}.json").write_text(json.dumps(report, indent=2,
                                                                    default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
