"""Sales traffic benchmark: stock movements per second, and what they do to the page cache.

1. Writers: W processes, each moving stock of its own product through
   ``inventory.services`` (receive one unit, allocate one unit, a commit each) as fast as
   they can for D seconds, on PostgreSQL; reported for 1 writer and for 8.
2. Page cache under sales: the shop under gunicorn (2 workers, page cache on) while one
   writer process moves stock of a few products without pause; a reader requests listing
   and product pages and counts ``X-Cache: hit``. Reported separately for pages of products
   not being sold, pages of the products being sold, and listings.

    .venv/bin/python bench/sales.py                      # PostgreSQL at 127.0.0.1:5432
    .venv/bin/python bench/sales.py --duration 5 --tree /path/to/other/checkout

``--tree`` runs the writers against another checkout of the shop (the same commands and
service calls), to compare designs on the same machine.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "bench"))

from run import Server, free_port  # noqa: E402,F401  (gunicorn launcher shared with run.py)


def make_database(server_url: str, label: str = "sales") -> str:
    url = make_url(server_url)
    name = f"shop_bench_{label}_{uuid.uuid4().hex[:8]}"
    engine = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def drop_database(db_url: str) -> None:
    url = make_url(db_url)
    engine = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
    engine.dispose()


def shop_env(db_url: str, tree: Path, page_cache: bool = False) -> dict:
    env = dict(os.environ)
    env.update({
        "SHOP_ENV": "production", "SECRET_KEY": "bench-secret-not-for-production",
        "PUBLIC_BASE_URL": "http://127.0.0.1", "MAIL_OUTBOX": "1",
        "DATABASE_URL": db_url, "PAGE_CACHE": "1" if page_cache else "0",
        "LOG_LEVEL": "WARNING", "PYTHONPATH": str(tree),
    })
    env.pop("REDIS_URL", None)
    return env


def prepare(db_url: str, tree: Path) -> None:
    env = shop_env(db_url, tree)
    flask = [str(VENV_BIN / "flask"), "--app", "app"]
    subprocess.run([*flask, "db", "upgrade"], cwd=tree, env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    subprocess.run([*flask, "seed-demo"], cwd=tree, env=env, check=True,
                   stdout=subprocess.DEVNULL)


def _writer(db_url: str, tree: str, product_ids: list[int], seconds: float, start_at: float,
            counter) -> None:
    """One process: receive and allocate one unit at a time, a transaction each."""
    os.environ.update(shop_env(db_url, Path(tree)))
    sys.path.insert(0, tree)
    os.chdir(tree)
    from shop import create_app
    from shop.extensions import db
    from shop.inventory import services as inventory

    app = create_app()
    done = 0
    with app.app_context():
        location = inventory.get_or_create_location("MAIN", "Main warehouse")
        db.session.commit()
        while time.time() < start_at:
            time.sleep(0.001)
        end = start_at + seconds
        n = 0
        while time.time() < end:
            product_id = product_ids[(n // 2) % len(product_ids)]
            if n % 2 == 0:
                inventory.receive(product_id, location.id, 1, reason="bench")
            else:
                inventory.allocate(product_id, location.id, 1, order_id=n)
            db.session.commit()
            n += 1
        done = n
    with counter.get_lock():
        counter.value += done


def product_ids(db_url: str, count: int, offset: int = 0) -> list[int]:
    engine = create_engine(db_url)
    with engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT id FROM product WHERE status = 'published' ORDER BY id "
            "LIMIT :n OFFSET :o"), {"n": count, "o": offset}).all()
    engine.dispose()
    return [r[0] for r in rows]


def movements_per_second(db_url: str, tree: Path, writers: int,
                         seconds: float) -> tuple[float, float]:
    """Movements per second, and the share of samples (every 20 ms) in which a writer's
    connection was waiting for a lock held by another."""
    ids = product_ids(db_url, writers)
    counter = mp.Value("q", 0)
    start_at = time.time() + 3.0  # every process imported and connected by then
    procs = [mp.Process(target=_writer, args=(db_url, str(tree), [pid], seconds, start_at,
                                              counter)) for pid in ids]
    for p in procs:
        p.start()
    engine = create_engine(db_url, isolation_level="AUTOCOMMIT")
    waiting = seen = 0
    with engine.connect() as conn:
        while time.time() < start_at:
            time.sleep(0.01)
        while time.time() < start_at + seconds:
            rows = conn.execute(text(
                "SELECT wait_event_type FROM pg_stat_activity WHERE datname = "
                "current_database() AND pid <> pg_backend_pid() AND state <> 'idle'")).all()
            seen += len(rows)
            waiting += sum(1 for (kind,) in rows if kind == "Lock")
            time.sleep(0.02)
    engine.dispose()
    for p in procs:
        p.join()
    return counter.value / seconds, waiting / seen if seen else 0.0


def slugs(db_url: str, ids: list[int]) -> list[str]:
    engine = create_engine(db_url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT id, slug FROM product WHERE id = ANY(:ids)"),
                            {"ids": ids}).all()
    engine.dispose()
    by_id = dict(rows)
    return [by_id[i] for i in ids]


def cache_under_sales(db_url: str, tree: Path, seconds: float) -> dict:
    sold = product_ids(db_url, 6)
    quiet = product_ids(db_url, 20, offset=20)
    groups = {
        "product pages, not being sold": [f"/p/{s}" for s in slugs(db_url, quiet)],
        "product pages, being sold": [f"/p/{s}" for s in slugs(db_url, sold)],
        "listings": ["/", "/c/switches", "/c/network-adapters", "/c/cables-transceivers",
                     "/c/cables-transceivers?data_rate=200&form_factor=QSFP56",
                     "/c/network-adapters?in_stock=1", "/search?q=transceiver"],
    }
    server = Server("app:app", shop_env(db_url, tree, page_cache=True))
    try:
        for _ in range(4):  # both workers fill their caches
            for paths in groups.values():
                for path in paths:
                    urllib.request.urlopen(server.base + path, timeout=30).read()
        counter = mp.Value("q", 0)
        writer = mp.Process(target=_writer, args=(db_url, str(tree), sold, seconds + 6,
                                                  time.time(), counter))
        writer.start()
        time.sleep(3)
        counts = {name: [0, 0] for name in groups}
        end = time.time() + seconds
        while time.time() < end:
            for name, paths in groups.items():
                for path in paths:
                    with urllib.request.urlopen(server.base + path, timeout=30) as response:
                        response.read()
                        hit = response.headers.get("X-Cache") == "hit"
                    counts[name][0] += hit
                    counts[name][1] += 1
        writer.join()
        return {"movements_per_second": counter.value / (seconds + 6),
                **{name: (hits / total if total else 0.0, total)
                   for name, (hits, total) in counts.items()}}
    finally:
        server.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="postgresql+psycopg://127.0.0.1:5432/postgres",
                        help="PostgreSQL server (a database of its own is created and dropped)")
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--tree", default=str(ROOT), help="checkout of the shop to run")
    parser.add_argument("--skip-cache", action="store_true")
    args = parser.parse_args()
    tree = Path(args.tree).resolve()
    db_url = make_database(args.database)
    try:
        prepare(db_url, tree)
        one, one_waits = movements_per_second(db_url, tree, 1, args.duration)
        eight, eight_waits = movements_per_second(db_url, tree, 8, args.duration)
        print(f"PostgreSQL, {args.duration:.0f} s each, one product per writer, a commit per "
              f"movement ({tree}):")
        print("| writers | movements/s | busy connections waiting on a lock |\n"
              "| ---: | ---: | ---: |\n"
              f"| 1 | {one:.0f} | {100 * one_waits:.0f}% |\n"
              f"| 8 | {eight:.0f} | {100 * eight_waits:.0f}% |\n"
              f"8 vs 1: {eight / one:.2f}x", flush=True)
        if not args.skip_cache:
            result = cache_under_sales(db_url, tree, args.duration)
            print(f"\nPage cache while one writer moves stock of 6 products "
                  f"({result.pop('movements_per_second'):.0f} movements/s), gunicorn -w 2:")
            print("| pages | hit ratio | requests |\n| --- | ---: | ---: |")
            for name, (ratio, total) in result.items():
                print(f"| {name} | {100 * ratio:.1f}% | {total} |")
    finally:
        drop_database(db_url)
    return 0


if __name__ == "__main__":
    mp.set_start_method("spawn")
    sys.exit(main())
