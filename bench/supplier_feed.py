"""Supplier feed benchmark through the portal's pages, with a real job consumer: a supplier
with 50,000 listings signs in over HTTP (gunicorn, 2 workers, CSRF on), downloads its feed,
changes price and stock in every tenth row, uploads it, waits for the preview, confirms it
and waits for the apply; then uploads the same file again (all unchanged) and applies that.
Meanwhile it keeps asking for the portal's dashboard (``GET /supplier/``) and records how
long each answer takes: idle first, then while each job runs in the consumer (``flask jobs
worker``, a process of its own).

    .venv/bin/python bench/supplier_feed.py                      # SQLite file in /tmp
    .venv/bin/python bench/supplier_feed.py --database postgresql+psycopg://127.0.0.1:5432/test
    .venv/bin/python bench/supplier_feed.py --feed 10000

Targets: the 50,000-row feed previewed and applied within 60 s each; the dashboard's p50
under 100 ms while they run. The catalogue is built with ``flask seed-demo --products``
(kept between runs for SQLite); the benchmark makes the organisation and its member and
gives it the first ``--feed`` products.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

import requests
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent))
from imports import ROOT, VENV_BIN, build, drop_database, make_database, modify  # noqa: E402
from run import Server  # noqa: E402  (gunicorn launcher shared with run.py)

EMAIL, PASSWORD = "feed-bench@supplier.example", "a long bench password 1"
CSRF = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')
STATUS = re.compile(r'<p class="order-status"><strong>([^<]+)</strong>')


def env_for(db_url: str, work: Path) -> dict:
    env = dict(os.environ)
    env.update({"SHOP_ENV": "development", "SECRET_KEY": "bench-secret-not-for-production",
                "DATABASE_URL": db_url, "LOG_LEVEL": "WARNING", "PAGE_CACHE": "1",
                "UPLOAD_DIR": str(work / "uploads"), "HUEY_IMMEDIATE": "0",
                "HUEY_SQLITE_PATH": str(work / f"huey-{uuid.uuid4().hex[:8]}.sqlite")})
    for name in ("REDIS_URL", "HUEY_REDIS_URL"):
        env.pop(name, None)
    return env


def prepare(db_url: str, feed_rows: int) -> int:
    """The organisation, its member and its listings (the first ``feed_rows`` products);
    its id. Safe to run again on the same database."""
    from shop import create_app
    from shop.accounts.models import User
    from shop.accounts.passwords import hash_password
    from shop.catalog.models import Product
    from shop.db import utcnow
    from shop.extensions import db
    from shop.suppliers.models import SupplierOrganisation

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": db_url,
                      "LOG_LEVEL": "WARNING"})
    with app.app_context():
        organisation = db.session.scalar(db.select(SupplierOrganisation).where(
            SupplierOrganisation.name == "Feed Bench B.V."))
        if organisation is None:
            organisation = SupplierOrganisation(name="Feed Bench B.V.", country_code="NL")
            db.session.add(organisation)
            db.session.flush()
        member = db.session.scalar(db.select(User).where(User.email == EMAIL))
        if member is None:
            db.session.add(User(email=EMAIL, password_hash=hash_password(PASSWORD),
                                role="supplier", supplier_id=organisation.id,
                                email_verified_at=utcnow()))
        ids = db.select(Product.id).order_by(Product.id).limit(feed_rows).scalar_subquery()
        db.session.execute(db.update(Product).where(Product.id.in_(ids))
                           .values(supplier_id=organisation.id))
        db.session.commit()
        organisation_id = organisation.id
        # Statistics as the database keeps them in production (autovacuum, or the ANALYZE
        # the demo catalogue ends with): without them the planners read 50,000 listings
        # of one supplier as one.
        with db.engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").execute(db.text("ANALYZE"))
        db.engine.dispose()
    return organisation_id


class Consumer:
    """``flask jobs worker`` in a process group of its own, stopped by its id."""

    def __init__(self, env: dict) -> None:
        self.proc = subprocess.Popen(
            [str(VENV_BIN / "flask"), "--app", "app", "jobs", "worker", "--workers", "1",
             "--no-periodic"], cwd=ROOT, env=env, start_new_session=True,
            stdout=subprocess.DEVNULL)

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGINT)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)


class Portal:
    """A signed-in supplier over HTTP, timing the dashboard between its other steps."""

    def __init__(self, base: str) -> None:
        self.base, self.http = base, requests.Session()
        self.samples: dict[str, list[float]] = {}
        login = self.http.get(base + "/account/login")
        answer = self.http.post(base + "/account/login", data={
            "csrf_token": CSRF.search(login.text).group(1), "email": EMAIL,
            "password": PASSWORD}, allow_redirects=False)
        assert answer.status_code == 302, answer.text[:500]

    def dashboard(self, bucket: str) -> None:
        started = time.perf_counter()
        answer = self.http.get(self.base + "/supplier/")
        self.samples.setdefault(bucket, []).append((time.perf_counter() - started) * 1000)
        assert answer.status_code == 200, answer.status_code

    def status(self, url: str) -> tuple[str, str]:
        page = self.http.get(url)
        return STATUS.search(page.text).group(1), page.text

    def wait(self, url: str, busy: str, bucket: str, timeout: float = 900) -> tuple[str, float]:
        """Ask for the dashboard until the feed's page no longer says ``busy``; its status
        and the seconds waited."""
        started = time.perf_counter()
        while time.perf_counter() - started < timeout:
            for _ in range(5):
                self.dashboard(bucket)
            status, _page = self.status(url)
            if status != busy:
                return status, time.perf_counter() - started
        raise TimeoutError(f"{url} still says {busy!r}")

    def upload(self, data: bytes, name: str) -> str:
        form = self.http.get(self.base + "/supplier/feed")
        answer = self.http.post(self.base + "/supplier/feed", data={
            "csrf_token": CSRF.search(form.text).group(1), "currency": "USD"},
            files={"file": (name, data, "text/csv")}, allow_redirects=False)
        assert answer.status_code == 302, re.findall(r'field-error[^>]*>([^<]*)', answer.text)
        return self.base + answer.headers["Location"]

    def confirm(self, url: str) -> None:
        page = self.http.get(url)
        answer = self.http.post(url + "/apply", data={
            "csrf_token": CSRF.search(page.text).group(1)}, allow_redirects=False)
        assert answer.status_code == 302


def job_seconds(db_url: str) -> list[tuple[str, float]]:
    engine = create_engine(db_url)
    with engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT kind, started_at, finished_at FROM job WHERE kind LIKE 'catalog-import-%' "
            "AND finished_at IS NOT NULL ORDER BY id")).all()
    engine.dispose()

    def moment(value):
        from datetime import datetime

        return datetime.fromisoformat(value) if isinstance(value, str) else value

    return [(kind, (moment(end) - moment(start)).total_seconds())
            for kind, start, end in rows[-4:]]


def percentiles(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return (f"{len(values)} | {statistics.median(ordered):.1f} | {p95:.1f} | "
            f"{ordered[-1]:.1f}")


def run(db_url: str, args, work: Path) -> int:
    prepare(db_url, args.feed)
    env = env_for(db_url, work)
    consumer = Consumer(env)
    server = Server("app:app", env, workers=2)
    steps: list[tuple[str, float]] = []
    try:
        portal = Portal(server.base)
        for _ in range(5):
            portal.dashboard("warm-up")
        for _ in range(40):
            portal.dashboard("idle (no job running)")
        started = time.perf_counter()
        exported = portal.http.get(server.base + "/supplier/feed/export.csv").content
        steps.append(("GET /supplier/feed/export.csv", time.perf_counter() - started))
        data, changed = modify(exported, args.share, seed=4)
        print(f"feed: {len(exported) / 1e6:.1f} MB, {changed:,} rows changed", flush=True)

        for label, name in (("feed", "feed.csv"), ("same file again", "feed-again.csv")):
            started = time.perf_counter()
            url = portal.upload(data, name)
            steps.append((f"{label}: POST upload (checked in the request)",
                          time.perf_counter() - started))
            status, waited = portal.wait(url, "Building the preview",
                                         f"{label}: while the preview job runs")
            assert status == "Ready to apply", status
            steps.append((f"{label}: preview, seen from the page", waited))
            to_change = int(re.search(r"To change <strong>([\d,]+)</strong>",
                                      portal.status(url)[1]).group(1).replace(",", ""))
            assert to_change == (changed if label == "feed" else 0), to_change
            portal.confirm(url)
            status, waited = portal.wait(url, "Applying",
                                         f"{label}: while the apply job runs")
            assert status == "Applied", status
            steps.append((f"{label}: apply, seen from the page", waited))
            print(f"{label}: applied", flush=True)
        for _ in range(40):
            portal.dashboard("idle again")
    finally:
        server.stop()
        consumer.stop()
    dialect = make_url(db_url).get_backend_name()
    print(f"\n{dialect}, {args.feed:,} listings in the feed, {args.share:.0%} changed:\n")
    print("| step | seconds |\n| --- | ---: |")
    for label, seconds in steps:
        print(f"| {label} | {seconds:.1f} |")
    for kind, seconds in job_seconds(db_url):
        print(f"| job {kind} (its own record) | {seconds:.1f} |")
    print("\n| GET /supplier/ | requests | p50 ms | p95 ms | max ms |\n| --- | ---: | ---: | "
          "---: | ---: |")
    for bucket, values in portal.samples.items():
        if bucket != "warm-up":
            print(f"| {bucket} | {percentiles(values)} |")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=60_000)
    parser.add_argument("--feed", type=int, default=50_000, help="the supplier's listings")
    parser.add_argument("--share", type=float, default=0.1, help="share of rows changed")
    parser.add_argument("--database", default="", help="a PostgreSQL server URL (a database "
                        "of its own is created and dropped); default: a SQLite file")
    parser.add_argument("--workdir", default="/tmp/shop-bench-supplier-feed")
    args = parser.parse_args()
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    if args.database:
        db_url = make_database(args.database)
    else:
        db_path = work / f"feed-{args.products}.sqlite"
        db_url = f"sqlite:///{db_path}"
    try:
        if args.database or not db_path.exists():
            print(f"built {args.products:,} products in {build(db_url, args.products):.1f} s",
                  flush=True)
        return run(db_url, args, work)
    finally:
        if args.database:
            drop_database(db_url)


if __name__ == "__main__":
    sys.exit(main())
