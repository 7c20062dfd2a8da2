"""Browser helpers shared by every journey: the system Chromium, serving an app from a
thread, and the axe check every visited page must pass."""

from __future__ import annotations

import hashlib
import threading
import weakref
from contextlib import contextmanager

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]


@contextmanager
def serve(app):
    """The app on a free loopback port, from a background thread; yields the base URL."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="e2e-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def _describe(violation: dict, max_targets: int = 3) -> str:
    nodes = violation.get("nodes", [])
    targets = [" ".join(map(str, n.get("target", []))) for n in nodes[:max_targets]]
    more = f" (+{len(nodes) - max_targets} more)" if len(nodes) > max_targets else ""
    return (f"  - {violation['id']} [{violation.get('impact')}] {violation.get('help')}: "
            f"{', '.join(targets)}{more}")


# Pages whose context runs no scripts: axe needs timers, which never fire there.
_NO_SCRIPT_PAGES: weakref.WeakSet = weakref.WeakSet()


def _scripted_copy(page):
    """The DOM of a script-less page, served again at its URL in a page that runs scripts."""
    url, html = page.url, page.content()
    document = url.split("#", 1)[0]  # requests never carry the fragment
    context = page.context.browser.new_context(viewport=page.viewport_size)
    served = []

    def serve_snapshot(route):
        if route.request.resource_type == "document" and not served:
            served.append(route.request.url)
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)
        else:
            route.continue_()

    context.route(lambda requested: requested == document, serve_snapshot)
    copy = context.new_page()
    copy.goto(url)
    return context, copy


# Pages already found clean in this session, by DOM, focus, viewport and axe context:
# axe gives the same answer for the same input, and catalogue pages repeat across tests.
_AXE_CLEAN: set[str] = set()


def _axe_key(page, context) -> str:
    focused = page.evaluate(
        "document.activeElement ? document.activeElement.outerHTML.slice(0, 500) : ''")
    material = f"{page.viewport_size}|{context!r}|{focused}|{page.content()}"
    return hashlib.sha256(material.encode()).hexdigest()


def run_axe(page, context=None) -> None:
    """Assert that axe finds no violations on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    key = _axe_key(page, context)
    if key in _AXE_CLEAN:
        return
    if page in _NO_SCRIPT_PAGES:
        helper, copy = _scripted_copy(page)
        try:
            results = Axe().run(copy, context=context)
        finally:
            helper.close()
    else:
        results = Axe().run(page, context=context)
    violations = results.response["violations"]
    if violations:
        raise AssertionError(
            f"axe found {len(violations)} violation(s) on {page.url}:\n"
            + "\n".join(_describe(v) for v in violations)
        )
    _AXE_CLEAN.add(key)


def screenshot(page, name: str) -> None:
    """A full-page screenshot into ``$SCREENSHOT_DIR`` when it is set (for people)."""
    import os
    from pathlib import Path

    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)
