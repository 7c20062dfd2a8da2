"""Import and export benchmark: 100,000 products exported, 10% of the rows changed (price and
stock), then the preview and the apply timed; then a 50,000-row supplier feed the same way;
then the same staff round through the back-office pages (test client, jobs in immediate
mode, so a request returns when its job has finished).

    .venv/bin/python bench/imports.py                          # SQLite file in /tmp
    .venv/bin/python bench/imports.py --database postgresql+psycopg://127.0.0.1:5432/test
    .venv/bin/python bench/imports.py --products 20000 --feed 10000 --no-pages

Targets: 100,000 rows previewed and applied in under 2 minutes; a 50,000-row supplier feed
previewed and applied within 60 s each. The catalogue is built with ``flask seed-demo
--products`` (kept between runs for SQLite); suppliers' listings are marked in the
benchmark's own setup.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, func, select, text, update
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))

SUPPLIER = 42


def make_database(server_url: str) -> str:
    url = make_url(server_url)
    name = f"shop_bench_imports_{uuid.uuid4().hex[:8]}"
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


def build(db_url: str, products: int) -> float:
    env = dict(os.environ, SHOP_ENV="development", DATABASE_URL=db_url, LOG_LEVEL="WARNING")
    env.pop("REDIS_URL", None)
    flask = [str(VENV_BIN / "flask"), "--app", "app"]
    subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    started = time.perf_counter()
    subprocess.run([*flask, "seed-demo", "--products", str(max(0, products - 85))], cwd=ROOT,
                   env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def modify(data: bytes, share: float, seed: int) -> tuple[bytes, int]:
    """Every 1/share-th row (offset by ``seed``) gets a new price and 3 more units at its
    first stock column."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    header, body = rows[0], rows[1:]
    price, first_stock = header.index("price"), next(
        i for i, name in enumerate(header) if name == "stock" or name.startswith("stock:"))
    step, changed = max(1, round(1 / share)), 0
    for i in range(seed % step, len(body), step):
        row = body[i]
        whole, _, cents = row[price].partition(".")
        row[price] = f"{int(whole) + 1 + seed}.{cents or '00'}"
        row[first_stock] = str(int(row[first_stock] or 0) + 3)
        changed += 1
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([header, *body])
    return out.getvalue().encode("utf-8"), changed


class Timer:
    def __init__(self) -> None:
        self.rows: list[tuple[str, int, float]] = []

    def run(self, label: str, rows: int, work):
        started = time.perf_counter()
        value = work()
        seconds = time.perf_counter() - started
        self.rows.append((label, rows, seconds))
        print(f"{label}: {rows:,} rows in {seconds:.1f} s", flush=True)
        return value

    def table(self) -> str:
        lines = ["| step | rows | seconds |", "| --- | ---: | ---: |"]
        lines += [f"| {label} | {rows:,} | {seconds:.1f} |" for label, rows, seconds in self.rows]
        return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--feed", type=int, default=50_000, help="rows of the supplier feed")
    parser.add_argument("--share", type=float, default=0.1, help="share of rows changed")
    parser.add_argument("--database", default="", help="a PostgreSQL server URL (a database "
                        "of its own is created and dropped); default: a SQLite file")
    parser.add_argument("--workdir", default="/tmp/shop-bench-imports")
    parser.add_argument("--no-pages", action="store_true", help="skip the back-office round")
    args = parser.parse_args()
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    if args.database:
        db_url = make_database(args.database)
    else:
        db_path = work / f"imports-{args.products}.sqlite"
        db_url = f"sqlite:///{db_path}"
    try:
        if args.database or not db_path.exists():
            print(f"built {args.products:,} products in {build(db_url, args.products):.1f} s",
                  flush=True)
        return run(db_url, args, work)
    finally:
        if args.database:
            drop_database(db_url)


def run(db_url: str, args, work: Path) -> int:
    from shop import create_app
    from shop.catalog.models import Product
    from shop.extensions import db
    from shop.inventory.imports import queries, services
    from shop.inventory.imports.export import export_csv
    from shop.inventory.imports.models import ImportStatus
    from shop.inventory.imports.plan import Scope
    from shop.jobs import start_job

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": db_url,
                      "UPLOAD_DIR": str(work / "uploads"), "HUEY_IMMEDIATE": True,
                      "WTF_CSRF_ENABLED": False, "LOG_LEVEL": "WARNING"})
    timer = Timer()
    dialect = make_url(db_url).get_backend_name()

    def one_round(data: bytes, supplier_id: int | None, label: str, rows: int) -> None:
        settings = services.settings_from(app.config)
        imp = timer.run(f"{label}: upload check (in the request)", rows,
                        lambda: services.create_import(data, f"{label}.csv", settings=settings,
                                                       currency="USD",
                                                       supplier_id=supplier_id))
        db.session.commit()
        import_id = imp.id
        timer.run(f"{label}: preview job", rows, lambda: start_job(
            "catalog-import-preview", params={"import_id": import_id, "revision": 1}))
        imp = queries.get_import(import_id)
        assert imp.status == ImportStatus.PREVIEWED, (imp.status, imp.file_error)
        print(f"  {imp.changed:,} to change, {imp.unchanged:,} unchanged", flush=True)
        services.request_apply(imp, actor_id=None)
        db.session.commit()
        timer.run(f"{label}: apply job", rows, lambda: start_job(
            "catalog-import-apply", params={"import_id": import_id}))
        imp = queries.get_import(import_id)
        assert imp.status == ImportStatus.APPLIED, (imp.status, imp.result)
        print(f"  applied: {imp.result}", flush=True)

    with app.app_context():
        total = db.session.scalar(select(func.count()).select_from(Product))
        exported = timer.run("export (streamed CSV)", total,
                             lambda: "".join(export_csv(Scope())).encode("utf-8"))
        data, changed = modify(exported, args.share, seed=1)
        print(f"  {len(exported) / 1e6:.1f} MB; {changed:,} rows changed", flush=True)
        one_round(data, None, "staff file", total)

        ids = select(Product.id).order_by(Product.id).limit(args.feed).scalar_subquery()
        db.session.execute(update(Product).where(Product.id.in_(ids))
                           .values(supplier_id=SUPPLIER))
        db.session.commit()
        feed = "".join(export_csv(Scope(SUPPLIER))).encode("utf-8")
        feed_data, feed_changed = modify(feed, args.share, seed=2)
        print(f"  supplier feed: {feed_changed:,} rows changed", flush=True)
        one_round(feed_data, SUPPLIER, "supplier feed", args.feed)
        db.session.remove()
    if not args.no_pages:
        pages_round(app, timer, total, args.share)
    print(f"\n{dialect}, {total:,} products, {args.share:.0%} of rows changed:\n")
    print(timer.table())
    return 0


def pages_round(app, timer: Timer, total: int, share: float) -> None:
    """Export, upload, preview page, confirm: the staff round over HTTP. Each request runs
    in an app context of its own; the setup opens a short one."""
    from shop.accounts.models import User
    from shop.accounts.passwords import hash_password
    from shop.db import utcnow
    from shop.extensions import db

    email, password = f"bench-{uuid.uuid4().hex[:6]}@example.com", "a long bench password 1"
    with app.app_context():
        db.session.add(User(email=email, password_hash=hash_password(password), role="staff",
                            email_verified_at=utcnow()))
        db.session.commit()
    client = app.test_client()
    client.post("/account/login", data={"email": email, "password": password})
    exported = timer.run("pages: GET export.csv", total,
                         lambda: client.get("/admin/imports/export.csv").data)
    data, _changed = modify(exported, share, seed=3)
    answer = timer.run("pages: POST upload (check, store, preview job)", total,
                       lambda: client.post("/admin/imports", data={
                           "file": (io.BytesIO(data), "pages.csv"), "currency": "USD"},
                           content_type="multipart/form-data"))
    page_url = answer.headers["Location"]
    timer.run("pages: GET preview page", total, lambda: client.get(page_url))
    timer.run("pages: GET preview page, changed rows, page 20", total,
              lambda: client.get(page_url + "?kind=changed&page=20"))
    done = timer.run("pages: POST apply (apply job)", total,
                     lambda: client.post(page_url + "/apply", data={}))
    assert done.status_code == 302
    assert "Applied" in client.get(page_url).text


if __name__ == "__main__":
    sys.exit(main())
