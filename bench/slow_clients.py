"""Slow clients against the production setup: gunicorn alone, then behind nginx.

Each slow client sends a POST's headers with a large Content-Length and then dribbles the
body, a byte every few seconds. gunicorn's sync workers take one connection each, so a few
such clients hold every worker and the shop stops answering. Behind nginx with the shipped
configuration (deploy/nginx/proxy.conf), nginx holds them and gunicorn never sees them.

The script builds a demo shop in a temporary directory, serves it with gunicorn
(gunicorn.conf.py: 2 sync workers) on a free loopback port, puts nginx in front of it on
another, and for each target opens the slow connections, then asks for /healthz and the home
page for a while and reports how many answered and how fast. Loopback only; everything it
starts is stopped by its process id; it takes about a minute.

    .venv/bin/python bench/slow_clients.py                 # 100 slow clients, 2 direct
    .venv/bin/python bench/slow_clients.py --slow 200 --probe-seconds 20

Needs nginx (``apt-get install nginx-light``). Exits non-zero when the shop behind nginx
fails to answer, so it can serve as a check.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def shop_env(db_path: Path) -> dict:
    env = dict(os.environ)
    env.update({
        "SHOP_ENV": "production", "SECRET_KEY": "bench-secret-not-for-production",
        "DATABASE_URL": f"sqlite:///{db_path}", "PUBLIC_BASE_URL": "http://127.0.0.1",
        "MAIL_OUTBOX": "1", "LOG_LEVEL": "WARNING", "PAGE_CACHE": "0",
    })
    env.pop("REDIS_URL", None)
    return env


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (OSError, urllib.error.URLError):
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


def nginx_conf(work: Path, nginx_port: int, app_port: int) -> Path:
    proxy = (ROOT / "deploy" / "nginx" / "proxy.conf").resolve()
    for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (work / name).mkdir(exist_ok=True)
    conf = work / "nginx.conf"
    conf.write_text(f"""
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    upstream shop_app {{ server {HOST}:{app_port}; keepalive 16; }}
    server {{
        listen {HOST}:{nginx_port};
        server_name _;
        include {proxy};
    }}
}}
""")
    return conf


class SlowClients:
    """``count`` connections that each announce a 1 MB form and send it a byte at a time."""

    def __init__(self, port: int, count: int, interval: float = 3.0):
        self.port, self.count, self.interval = port, count, interval
        self.sockets: list[socket.socket] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._dribble, daemon=True)

    def __enter__(self):
        head = (f"POST /account/login HTTP/1.1\r\nHost: {HOST}:{self.port}\r\n"
                "Content-Type: application/x-www-form-urlencoded\r\n"
                "Content-Length: 1000000\r\n\r\n").encode()
        for _ in range(self.count):
            s = socket.create_connection((HOST, self.port), timeout=5)
            s.sendall(head + b"e")
            self.sockets.append(s)
        self.thread.start()
        return self

    def _dribble(self) -> None:
        while not self.stop.wait(self.interval):
            for s in list(self.sockets):
                try:
                    s.sendall(b"x")
                except OSError:
                    self.sockets.remove(s)  # dropped by the server: that is its right

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(5)
        for s in self.sockets:
            s.close()


def probe(port: int, seconds: float, timeout: float = 3.0) -> dict:
    """Ask for /healthz and / in turn for ``seconds``; how many answered 200, how fast."""
    results = {"/healthz": [], "/": []}
    failures = {"/healthz": 0, "/": 0}
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for path in results:
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(f"http://{HOST}:{port}{path}", timeout=timeout) as r:
                    r.read()
                    ok = r.status == 200
            except (OSError, urllib.error.URLError):
                ok = False
            if ok:
                results[path].append((time.perf_counter() - started) * 1000)
            else:
                failures[path] += 1
        time.sleep(0.2)
    return {path: (len(times), failures[path],
                   statistics.median(times) if times else None,
                   max(times) if times else None)
            for path, times in results.items()}


def stop(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(5)


def table(rows: list[tuple[str, dict]]) -> str:
    lines = ["| target | path | answered | failed | p50 ms | max ms |",
             "| --- | --- | ---: | ---: | ---: | ---: |"]
    for label, result in rows:
        for path, (ok, failed, p50, worst) in result.items():
            lines.append(f"| {label} | {path} | {ok} | {failed} | "
                         f"{'' if p50 is None else f'{p50:.1f}'} | "
                         f"{'' if worst is None else f'{worst:.1f}'} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--slow", type=int, default=100, help="slow clients behind nginx")
    parser.add_argument("--direct", type=int, default=2,
                        help="slow clients straight at gunicorn (0 skips that part)")
    parser.add_argument("--probe-seconds", type=float, default=15)
    args = parser.parse_args()
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        print("nginx is missing: apt-get install nginx-light", file=sys.stderr)
        return 2

    work = Path(tempfile.mkdtemp(prefix="shop-slow-"))
    env = shop_env(work / "shop.sqlite")
    flask = [str(VENV_BIN / "flask"), "--app", "app"]
    subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    subprocess.run([*flask, "seed-demo"], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    app_port, nginx_port = free_port(), free_port()
    gunicorn = web = None
    rows = []
    try:
        gunicorn = subprocess.Popen(
            [str(VENV_BIN / "gunicorn"), "-c", "gunicorn.conf.py", "app:app"], cwd=ROOT,
            env={**env, "GUNICORN_BIND": f"{HOST}:{app_port}"},
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(f"http://{HOST}:{app_port}/healthz")
        web = subprocess.Popen(
            [nginx, "-p", str(work), "-c", str(nginx_conf(work, nginx_port, app_port)),
             "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(f"http://{HOST}:{nginx_port}/healthz")

        rows.append(("gunicorn, no slow clients", probe(app_port, 3)))
        if args.direct:
            with SlowClients(app_port, args.direct):
                time.sleep(1)
                rows.append((f"gunicorn alone, {args.direct} slow clients",
                             probe(app_port, args.probe_seconds)))
            wait_for(f"http://{HOST}:{app_port}/healthz", 90)  # workers freed by their timeout
        with SlowClients(nginx_port, args.slow) as slow:
            time.sleep(1)
            result = probe(nginx_port, args.probe_seconds)
            held = len(slow.sockets)
            rows.append((f"behind nginx, {args.slow} slow clients", result))
    finally:
        stop(web)
        stop(gunicorn)
        shutil.rmtree(work, ignore_errors=True)

    print(table(rows))
    print(f"\nslow connections still open behind nginx at the end: {held} of {args.slow}")
    behind = rows[-1][1]
    survived = all(ok > 0 and failed == 0 for ok, failed, _, _ in behind.values())
    print("behind nginx: " + ("every probe answered" if survived else "PROBES FAILED"))
    return 0 if survived else 1


if __name__ == "__main__":
    sys.exit(main())
