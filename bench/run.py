"""Storefront speed benchmark: gunicorn (2 workers) driven by wrk on loopback.

Builds a catalogue of N products (demo + synthetic) in a SQLite file, serves it with
gunicorn, measures requests/s and p50/p99 of the main pages with page caching off and on,
and measures a bare Flask hello world under the same settings as the ceiling.

    .venv/bin/python bench/run.py                      # 100,000 products
    .venv/bin/python bench/run.py --products 10000 --duration 5
    .venv/bin/python bench/run.py --scale 10000,1000000  # category page at two sizes
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
RESULTS = ROOT / "bench" / "results"

PAGES = {
    "home": "/",
    "category, 2 facets": "/c/cables-transceivers?data_rate=200&form_factor=QSFP56",
    "product": None,  # filled with a real product slug
    "text search": "/search?q=optical+transceiver",
    "part-number search": "/search?q=MCX753",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def env_for(db_path: Path, page_cache: bool) -> dict:
    env = dict(os.environ)
    env.update({
        "SHOP_ENV": "production",
        "SECRET_KEY": "bench-secret-not-for-production",
        "PUBLIC_BASE_URL": "http://127.0.0.1", "MAIL_OUTBOX": "1",
        "DATABASE_URL": f"sqlite:///{db_path}",
        "PAGE_CACHE": "1" if page_cache else "0",
        "LOG_LEVEL": "WARNING",
    })
    env.pop("REDIS_URL", None)
    return env


def build_catalogue(db_path: Path, products: int) -> float:
    """Create the database and load demo + synthetic products; returns seconds taken."""
    if db_path.exists():
        return 0.0
    env = env_for(db_path, False)
    flask = [str(VENV_BIN / "flask"), "--app", "app"]
    subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    started = time.perf_counter()
    extra = max(0, products - 64)
    subprocess.run([*flask, "seed-demo", "--products", str(extra)], cwd=ROOT, env=env,
                   check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


class Server:
    def __init__(self, target: str, env: dict, workers: int = 2, cwd: Path = ROOT,
                 extra: tuple[str, ...] = ()):
        self.port = free_port()
        self.proc = subprocess.Popen(
            [str(VENV_BIN / "gunicorn"), "-w", str(workers), "-b", f"127.0.0.1:{self.port}",
             "--log-level", "warning", *extra, target],
            cwd=cwd, env=env, start_new_session=True,
        )
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.time() + 300
        while time.time() < deadline:
            try:
                urllib.request.urlopen(self.base + "/healthz" if target == "app:app"
                                       else self.base + "/", timeout=2)
                return
            except Exception:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"{target} did not start")

    def stop(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=15)


def wrk(url: str, duration: int, connections: int, headers: tuple[str, ...] = ()) -> dict:
    """requests/s, p50 and p99 of ``url``; ``headers`` ("Cookie: …") go with every request."""
    extra = [arg for header in headers for arg in ("-H", header)]
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", *extra, url],
        capture_output=True, text=True, check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def pct(label):
        m = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return {"rps": rps, "p50": pct("50"), "p99": pct("99"),
            "errors": int(non2xx.group(1)) if non2xx else 0}


def warm_up(url: str) -> None:
    """Every worker builds its facet index on first use: let that happen before measuring."""
    urllib.request.urlopen(url, timeout=600).read()
    subprocess.run(["wrk", "-t2", "-c4", "-d3s", url], capture_output=True, check=True)


def product_slug(base: str) -> str:
    html = urllib.request.urlopen(base + "/c/network-adapters", timeout=10).read().decode()
    return re.search(r'href="/p/([^"]+)"', html).group(1)


def measure_shop(db_path: Path, duration: int, connections: int, page_cache: bool) -> dict:
    server = Server("app:app", env_for(db_path, page_cache))
    try:
        pages = dict(PAGES)
        pages["product"] = "/p/" + product_slug(server.base)
        results = {}
        for name, path in pages.items():
            warm_up(server.base + path)
            results[name] = {"path": path, **wrk(server.base + path, duration, connections)}
        return results
    finally:
        server.stop()


def measure_hello(duration: int, connections: int) -> dict:
    env = dict(os.environ)
    server = Server("bench.hello:app", env)
    try:
        return wrk(server.base + "/", duration, connections)
    finally:
        server.stop()


def table(results: dict, ceiling: float) -> str:
    lines = ["| page | req/s | p50 ms | p99 ms | vs ceiling | non-2xx |",
             "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for name, r in results.items():
        lines.append(f"| {name} | {r['rps']:.0f} | {r['p50']:.1f} | {r['p99']:.1f} | "
                     f"{100 * r['rps'] / ceiling:.0f}% | {r['errors']} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--duration", type=int, default=10, help="seconds per page")
    parser.add_argument("--connections", type=int, default=2,
                        help="concurrent connections; 2 = one per worker, no queueing")
    parser.add_argument("--scale", default="", help="comma list of sizes for the category "
                        "scaling check, e.g. 10000,1000000")
    parser.add_argument("--workdir", default="/tmp/shop-bench")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is required: apt-get install wrk", file=sys.stderr)
        return 2
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    report = {"products": args.products}

    if args.scale:
        sizes = [int(s) for s in args.scale.split(",")]
        scale = {}
        for size in sizes:
            db_path = work / f"shop-{size}.sqlite"
            seconds = build_catalogue(db_path, size)
            if seconds:
                print(f"built {size} products in {seconds:.1f} s", flush=True)
            server = Server("app:app", env_for(db_path, False))
            try:
                url = server.base + PAGES["category, 2 facets"]
                warm_up(url)
                scale[size] = wrk(url, args.duration, args.connections)
            finally:
                server.stop()
            print(f"category page at {size}: {scale[size]}", flush=True)
        report["scale"] = scale
        first, last = sizes[0], sizes[-1]
        print(f"p50 ratio {last}/{first}: {scale[last]['p50'] / scale[first]['p50']:.2f}x; "
              f"req/s ratio: {scale[first]['rps'] / scale[last]['rps']:.2f}x")
    else:
        db_path = work / f"shop-{args.products}.sqlite"
        seconds = build_catalogue(db_path, args.products)
        if seconds:
            print(f"built {args.products} products in {seconds:.1f} s", flush=True)
            report["seed_seconds"] = seconds
        hello = measure_hello(args.duration, args.connections)
        print(f"hello world ceiling: {hello['rps']:.0f} req/s, p50 {hello['p50']:.2f} ms",
              flush=True)
        report["hello"] = hello
        for cache in (False, True):
            results = measure_shop(db_path, args.duration, args.connections, cache)
            report["cache_on" if cache else "cache_off"] = results
            print(f"\nPage cache {'on' if cache else 'off'} ({args.products} products, "
                  f"gunicorn -w 2, wrk -t2 -c{args.connections} -d{args.duration}s):")
            print(table(results, hello["rps"]), flush=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"bench-{stamp}.json").write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
