"""Helpers for the blog's browser journey: a writable demo shop served from a thread, the
system Chromium, and checks every visited page must pass (axe, no console errors)."""

from __future__ import annotations

import os
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def require_chromium() -> None:
    """Skip without the system Chromium; in CI its absence is a failure."""
    if not os.path.exists(CHROMIUM):
        message = f"{CHROMIUM} not found (Debian's chromium package)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


@contextmanager
def serve(app):
    """The app on a free loopback port, from a background thread; yields the base URL."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="blog-e2e-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@dataclass
class Watcher:
    """Console errors (CSP violations among them) and uncaught exceptions on watched pages."""

    problems: list[str] = field(default_factory=list)

    def watch(self, page) -> None:
        page.on("console", lambda msg: msg.type == "error" and self.problems.append(
            f"console error on {page.url}: {msg.text}"))
        page.on("pageerror", lambda err: self.problems.append(f"exception on {page.url}: {err}"))

    def assert_clean(self) -> None:
        assert not self.problems, "\n".join(self.problems)


def check_page(page, watcher: Watcher) -> None:
    """What every page of the journey must pass: axe finds nothing, the console is quiet."""
    from axe_playwright_python.sync_playwright import Axe

    page.wait_for_load_state("load")
    violations = Axe().run(page).response["violations"]
    assert not violations, f"axe on {page.url}:\n" + "\n".join(
        f"  - {v['id']} [{v.get('impact')}] {v.get('help')}: "
        + ", ".join(" ".join(map(str, n.get("target", []))) for n in v.get("nodes", [])[:3])
        for v in violations)
    watcher.assert_clean()


def sign_in(page, base: str, email: str, password: str, next_path: str) -> None:
    page.goto(f"{base}/account/login?next={next_path}")
    page.get_by_label("E-mail", exact=False).first.fill(email)
    page.get_by_label("Password", exact=False).first.fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}{next_path}")
