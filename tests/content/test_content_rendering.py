"""Markdown rendering and sanitising: what editors get, and what attackers do not."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from shop.content.rendering import comment_html, extract_refs, render_markdown, sanitise

# --- a checker that looks at parsed HTML, not at substrings --------------------------------

FORBIDDEN_TAGS = {
    "script", "style", "iframe", "object", "embed", "svg", "math", "form", "input", "button",
    "textarea", "select", "link", "meta", "base", "frame", "frameset", "template", "video",
    "audio", "source", "applet", "body", "html", "head", "title", "noscript", "marquee", "xmp",
}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "background", "poster",
                  "data", "srcset", "cite", "longdesc", "lowsrc", "dynsrc"}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:", "file:", "livescript:")


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, attrs))


def assert_harmless(html: str) -> None:
    parser = _Collector()
    parser.feed(html)
    parser.close()
    for tag, attrs in parser.tags:
        assert tag not in FORBIDDEN_TAGS, f"<{tag}> survived in {html!r}"
        for name, value in attrs:
            assert not name.startswith("on"), f"event handler {name} survived in {html!r}"
            assert name not in ("style", "srcdoc", "formaction"), f"{name} survived in {html!r}"
            if name in URL_ATTRIBUTES and value:
                squashed = "".join(ch for ch in value if ch > " ").lower()
                assert not squashed.startswith(BAD_SCHEMES), f"{name}={value!r} in {html!r}"
                if tag == "img" and name == "src":
                    assert value.startswith("/") and not value.startswith("//"), value


XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<script>script>alert(1)<</script>/script>",
    "<img src=x onerror=alert(1)>",
    "<img src=\"x\" onerror=\"alert(1)\">",
    "<IMG SRC=\"jav&#x09;ascript:alert(1)\">",
    "<img src=`x`onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<svg><a xlink:href=\"javascript:alert(1)\"><text x=20 y=20>x</text></a></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
    "<object data=\"javascript:alert(1)\"></object>",
    "<embed src=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">",
    "<a href=\"javascript:alert(1)\">click</a>",
    "<a href=\"JaVaScRiPt:alert(1)\">click</a>",
    "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">x</a>",
    "<a href=\"&#x6A;avascript&colon;alert(1)\">x</a>",
    "<a href=\" \x01javascript:alert(1)\">x</a>",
    "<a href=\"data:text/html,<script>alert(1)</script>\">x</a>",
    "<a href=\"vbscript:msgbox(1)\">x</a>",
    "[click](javascript:alert(1))",
    "[click](JAVASCRIPT:alert(1))",
    "[click](  javascript:alert(1)  )",
    "[click](java\nscript:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click][ref]\n\n[ref]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "![x](javascript:alert(1))",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "![x\" onerror=\"alert(1)](/media/posts/x.webp)",
    "[x](/ \"title\" onmouseover=\"alert(1)\")",
    "<details open ontoggle=alert(1)>x</details>",
    "<body onload=alert(1)>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<base href=\"javascript:/\">",
    "<link rel=stylesheet href=\"//evil.example/x.css\">",
    "<style>@import 'javascript:alert(1)';</style>",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
    "<form action=\"javascript:alert(1)\"><button>go</button></form>",
    "<input onfocus=alert(1) autofocus>",
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    "<template><script>alert(1)</script></template>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "<table background=\"javascript:alert(1)\"><tr><td>x</td></tr></table>",
    "<h2 id=\"main\" onclick=\"alert(1)\">heading</h2>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "<!--<script>alert(1)</script>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "```html\n<script>alert(1)</script>\n```",
    "`<img src=x onerror=alert(1)>`",
    "[[product:<script>alert(1)</script>]]",
    "[[product:x\" onmouseover=\"alert(1)]]",
    "[x](/p/[[product:MCX75310AAS-NEAT]])",
    "<a title=\"[[product:MCX75310AAS-NEAT]]\" href=\"/\">x</a>",
    "<img src=\"//evil.example/pixel.gif\">",
    "<img src=\"https://evil.example/pixel.gif\">",
    "<a href=\"#\" style=\"position:fixed;top:0;left:0;width:100%;height:100%\">x</a>",
]


def test_there_are_at_least_thirty_payloads():
    assert len(XSS_PAYLOADS) >= 30


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_no_payload_survives_rendering(payload):
    html = render_markdown(payload).html
    assert_harmless(html)
    assert_harmless(sanitise(payload))


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_no_payload_survives_a_comment(payload):
    html = comment_html(payload)
    parser = _Collector()
    parser.feed(html)
    assert {t for t, _ in parser.tags} <= {"p", "br", "a"}
    assert_harmless(html)


def test_payloads_survive_the_page_too(ctx):
    """Through the full post page (product cards and all), still nothing runs."""
    from shop.content.products import PAGE, PREVIEW, build_body

    body = "\n\n".join(XSS_PAYLOADS)
    with ctx.test_request_context():
        for mode in (PAGE, PREVIEW):
            assert_harmless(str(build_body(body, mode).html))


def test_headings_get_anchors_and_a_table_of_contents():
    rendered = render_markdown("## Choosing optics\n\ntext\n\n### At 400G\n\nmore\n\n"
                               "## Cables\n\nmore\n\n## Cables\n\nagain")
    assert '<h2 id="sec-choosing-optics">' in rendered.html
    assert 'href="#sec-choosing-optics"' in rendered.html
    assert [h.id for h in rendered.toc] == ["sec-choosing-optics", "sec-at-400g", "sec-cables",
                                            "sec-cables_1"]
    assert [h.level for h in rendered.toc] == [2, 3, 2, 2]
    assert rendered.show_toc


def test_top_heading_level_becomes_h2_whichever_the_author_used():
    assert "<h2" in render_markdown("# Intro").html
    assert "<h2" in render_markdown("## Intro").html
    assert "<h1" not in render_markdown("# Intro\n\n<h1>raw</h1>").html


def test_short_posts_have_no_table_of_contents():
    assert not render_markdown("## One\n\ntext").show_toc


def test_fenced_code_keeps_its_language_and_escapes_its_content():
    html = render_markdown("```bash\nibstat | grep 'Rate: 400'\n```").html
    assert '<code class="language-bash">' in html
    assert "ibstat | grep 'Rate: 400'" in html


def test_tables_render_with_alignment_and_a_scroll_wrapper():
    html = render_markdown("| Part | Reach |\n|:--|--:|\n| MCP4Y10-N001 | 1 m |").html
    assert '<div class="table-scroll" tabindex="0"><table>' in html
    assert '<th align="left">Part</th>' in html and '<td align="right">1 m</td>' in html
    assert "style=" not in html  # the CSP forbids inline styles


def test_external_links_get_noopener_and_internal_links_do_not():
    html = render_markdown("[spec](https://example.com/spec.pdf) and [cables](/c/dac-cables) "
                           "and [mail](mailto:sales@example.com)").html
    assert '<a href="https://example.com/spec.pdf" rel="noopener">' in html
    assert '<a href="/c/dac-cables">' in html
    assert '<a href="mailto:sales@example.com">' in html


def test_images_only_from_our_own_site():
    html = render_markdown("![ok](/media/posts/abcdefghijklmnop.webp) "
                           "![no](https://tracker.example/p.gif)").html
    assert 'src="/media/posts/abcdefghijklmnop.webp"' in html
    assert "tracker.example" not in html
    assert 'loading="lazy"' in html


def test_references_inside_code_stay_literal():
    rendered = render_markdown("Write `[[product:MQM9700-NS2F]]` to embed a card.")
    assert "<code>[[product:MQM9700-NS2F]]</code>" in rendered.html
    assert rendered.refs == ()


def test_references_are_extracted_once_each_in_order():
    body = "[[product:B-1]] then [[product: A-2 ]] and [[product:B-1]]"
    assert extract_refs(body) == ["B-1", "A-2"]
    assert render_markdown(body).refs == ("B-1", "A-2")


def test_word_count_and_reading_time():
    rendered = render_markdown(" ".join(["word"] * 660))
    assert rendered.word_count == 660
    assert rendered.reading_minutes == 3


def test_rendering_a_big_body_is_cut_at_the_limit_not_an_error():
    rendered = render_markdown("x " * 600_000)
    assert rendered.word_count <= 50_000


def test_comment_text_is_escaped_and_links_are_nofollow():
    html = comment_html("Try <b>this</b>:\nhttps://example.com/a?b=1&c=2.\n\nwww.example.org")
    assert "&lt;b&gt;this&lt;/b&gt;" in html
    assert ('<a href="https://example.com/a?b=1&amp;c=2" rel="nofollow ugc noopener">'
            "https://example.com/a?b=1&amp;c=2</a>.") in html
    assert '<a href="https://www.example.org" rel="nofollow ugc noopener">' in html
    assert html.count("<p>") == 2 and "<br>" in html


@pytest.mark.parametrize("bad", ["<img src=x onerror=alert(1)>", '<a href="java\tscript:x">x</a>',
                                 "<script>x</script>", "<svg></svg>", '<p style="x">y</p>',
                                 '<img src="https://evil.example/x.png">'])
def test_the_checker_itself_catches_bad_markup(bad):
    with pytest.raises(AssertionError):
        assert_harmless(bad)
