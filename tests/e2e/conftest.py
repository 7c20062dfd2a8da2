"""Browser fixtures: the system Chromium driven by Playwright against a live demo shop.

``browser`` and ``live_server`` live for the whole session; ``page`` (and ``new_page`` for
extra pages, other viewports or JavaScript switched off) give each test fresh contexts.
Every page opened through these fixtures is watched: a console error (a CSP violation is
one), an uncaught exception, a failed request to the shop or a 4xx/5xx answer to one of its
sub-resources fails the test. ``axe_check(page)`` asserts that axe finds no violations.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest

from tests.e2e.browser import (
    _NO_SCRIPT_PAGES,
    CHROMIUM,
    CHROMIUM_ARGS,
    run_axe,
    serve,
)

DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 390, "height": 844}
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
# Requests that navigation cancels (a lazy image still loading when a link is followed)
# end with this error; it says nothing about the page.
IGNORED_FAILURES = ("net::ERR_ABORTED",)


def _is_loopback(url: str) -> bool:
    return (urlsplit(url).hostname or "") in LOOPBACK_HOSTS


@dataclass
class PageProblems:
    """What went wrong in the pages of one test. ``allow`` accepts an expected message."""

    problems: list[str] = field(default_factory=list)
    allowed: list[re.Pattern] = field(default_factory=list)
    pages: list = field(default_factory=list)

    def allow(self, pattern: str) -> None:
        self.allowed.append(re.compile(pattern))

    def add(self, message: str) -> None:
        self.problems.append(message)

    def unexpected(self) -> list[str]:
        return [p for p in self.problems if not any(a.search(p) for a in self.allowed)]

    def watch(self, page) -> None:
        self.pages.append(page)

        def on_console(msg):
            if msg.type == "error":
                loc = msg.location or {}
                where = f" ({loc.get('url', '')}:{loc.get('lineNumber', '')})" if loc else ""
                self.add(f"console error on {page.url}: {msg.text}{where}")

        def on_page_error(error):
            self.add(f"uncaught exception on {page.url}: {error}")

        def on_request_failed(request):
            failure = request.failure or ""
            if _is_loopback(request.url) and not any(f in failure for f in IGNORED_FAILURES):
                self.add(f"request failed: {request.method} {request.url}: {failure}")

        def on_response(response):
            request = response.request
            if (_is_loopback(response.url) and response.status >= 400
                    and request.resource_type != "document"):
                self.add(f"{request.resource_type} answered {response.status}: {response.url}")

        page.on("console", on_console)
        page.on("pageerror", on_page_error)
        page.on("requestfailed", on_request_failed)
        page.on("response", on_response)

    def flush(self) -> None:
        """Let Playwright deliver events still in flight before the verdict."""
        for page in self.pages:
            if not page.is_closed():
                try:
                    page.wait_for_timeout(50)
                except Exception:  # a page that died on its own is reported elsewhere
                    pass


_PROBLEMS = pytest.StashKey[PageProblems]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    result = yield
    problems = item.stash.get(_PROBLEMS, None)
    if problems is not None:
        problems.flush()
        found = problems.unexpected()
        if found:
            raise AssertionError(
                "the browser reported problems:\n" + "\n".join(f"  - {p}" for p in found)
            )
    return result


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        message = f"{CHROMIUM} not found (install Debian's chromium package)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def live_server(demo_app):
    """The demo shop served over HTTP on a free loopback port; yields its base URL."""
    with serve(demo_app) as base:
        yield base


@pytest.fixture
def page_problems(request) -> PageProblems:
    """Problems seen by this test's pages; call ``allow(regex)`` for expected ones."""
    problems = PageProblems()
    request.node.stash[_PROBLEMS] = problems
    return problems


@pytest.fixture
def new_page(browser, page_problems):
    """Open a page in a fresh, watched context: ``new_page(viewport=..., java_script_enabled=...)``.
    Contexts are closed after the test."""
    contexts = []

    def open_page(**context_options):
        context_options.setdefault("viewport", DESKTOP)
        context = browser.new_context(**context_options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page_problems.watch(page)
        if context_options.get("java_script_enabled") is False:
            _NO_SCRIPT_PAGES.add(page)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    """A desktop-sized (1280x900) page in a fresh context."""
    return new_page()


@pytest.fixture
def axe_check():
    """``axe_check(page)`` asserts that axe finds no accessibility violations."""
    return run_axe
