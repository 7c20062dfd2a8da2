"""Listings hold still while they load: no layout shift on a phone (or a desktop) even when
the page arrives in small pieces, and a post's wide table scrolls on its own."""

from __future__ import annotations

import time

import pytest

from tests.e2e.browser import serve
from tests.e2e.conftest import DESKTOP, MOBILE

CHUNKS = (700, 1500, 3000)  # bytes per piece of a page: boundaries fall in different places
PAUSE = 0.04  # seconds between pieces: the browser paints between them

# Sums every layout shift not caused by input, as Lighthouse's CLS does for one page load.
CLS_OBSERVER = """
window.__cls = 0;
new PerformanceObserver(function (list) {
  list.getEntries().forEach(function (e) { if (!e.hadRecentInput) window.__cls += e.value; });
}).observe({type: "layout-shift", buffered: true});
"""


class Trickle:
    """WSGI middleware sending every HTML page in small, spaced pieces, without a
    Content-Length, as a slow network would deliver it."""

    def __init__(self, app, chunk: int):
        self.app, self.chunk = app, chunk

    def __call__(self, environ, start_response):
        seen = {}

        def capture(status, headers, exc_info=None):
            seen["html"] = any(k.lower() == "content-type" and v.startswith("text/html")
                               for k, v in headers)
            if seen["html"]:
                headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
            return start_response(status, headers, exc_info)

        result = self.app(environ, capture)
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        if not seen.get("html"):
            return [body]
        return self._pieces(body)

    def _pieces(self, body: bytes):
        for start in range(0, len(body), self.chunk):
            yield body[start:start + self.chunk]
            time.sleep(PAUSE)


@pytest.fixture(scope="module", params=CHUNKS, ids=[f"{c}B" for c in CHUNKS])
def trickling_server(request, demo_app):
    with serve(Trickle(demo_app.wsgi_app, request.param)) as base:
        yield base


def _cls(page, url: str) -> float:
    page.goto(url, wait_until="load")
    page.wait_for_timeout(300)
    return page.evaluate("window.__cls")


@pytest.mark.parametrize("viewport", [MOBILE, DESKTOP], ids=["390px", "desktop"])
@pytest.mark.parametrize("path", ["/c/dac-cables", "/c/cables-transceivers?in_stock=1",
                                  "/search?q=cable", "/search?q=HDR+DAC&reach_min=2&reach_max=2"])
def test_listings_do_not_shift_while_they_arrive(new_page, trickling_server, viewport, path):
    mobile = viewport is MOBILE
    page = new_page(viewport=viewport, is_mobile=mobile, has_touch=mobile)
    page.add_init_script(CLS_OBSERVER)
    assert _cls(page, trickling_server + path) == 0
    # The results come first on a phone: the first card is above the filter form.
    first_card = page.locator(".results .card").first.bounding_box()
    filters = page.locator("form.filters").bounding_box()
    if mobile:
        assert first_card["y"] < filters["y"]
    else:
        assert filters["x"] < first_card["x"]  # the filters stay in the left column


def test_a_wide_post_table_scrolls_inside_the_post(new_page, app):
    from datetime import UTC, datetime, timedelta

    from shop.extensions import db
    from tests.content.factories import make_post

    header = "| " + " | ".join(f"Column {i} with a long heading" for i in range(9)) + " |"
    rule = "|" + "---|" * 9
    row = "| " + " | ".join(f"MCX75310AAS-NEAT-{i}" for i in range(9)) + " |"
    with app.app_context():
        post = make_post(title="A post with a wide table",
                         body=("## First part\n\nSome text.\n\n## Second part\n\n"
                               f"{header}\n{rule}\n{row}\n\n## Third part\n\nMore text."),
                         publish_at=datetime.now(UTC) - timedelta(days=1))
        db.session.commit()
        slug = post.slug
    page = new_page(viewport=MOBILE, is_mobile=True, has_touch=True)
    with serve(app) as base:
        page.goto(f"{base}/blog/{slug}")
        width, inner = page.evaluate(
            "[document.documentElement.scrollWidth, window.innerWidth]")
        scroller = page.locator(".post-body .table-scroll").first
        box = scroller.bounding_box()
        inside = scroller.evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert width <= inner == MOBILE["width"], f"the page is {width} px wide"
    assert box["x"] >= 0 and box["x"] + box["width"] <= MOBILE["width"]
    assert inside[0] > inside[1]  # the table scrolls inside its own box
