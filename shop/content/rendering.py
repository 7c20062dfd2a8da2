"""Post bodies: Markdown in, sanitised HTML out.

The pipeline, in order:

1. ``[[product:PART-NUMBER]]`` / ``[[product:slug]]`` references are swapped for placeholders
   carrying a random nonce, so nothing an author types can pose as one.
2. Markdown renders the body (headings shifted so the top level is an ``<h2>``, ids for a
   table of contents, fenced code, tables).
3. nh3 sanitises the result against an allow-list of tags and attributes. Only http, https and
   mailto URLs survive; images must come from our own site; event handlers, ``style``,
   ``script``, SVG and MathML never do. Placeholders that ended up in an attribute are removed.
4. External links get ``rel="noopener"``; tables get a scrolling wrapper.

What comes out still holds the placeholders. ``shop.content.products`` replaces them at view
time with product cards rendered from our own templates, so prices and stock are always live.
The result is a pure function of the body and is memoised.
"""

from __future__ import annotations

import functools
import html
import re
import secrets
from dataclasses import dataclass

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from slugify import slugify

MAX_BODY_CHARS = 100_000
WORDS_PER_MINUTE = 220
TOC_MIN_HEADINGS = 3

REF_PATTERN = re.compile(r"\[\[product:\s*([A-Za-z0-9][A-Za-z0-9._+/\- ]{0,79}?)\s*\]\]")

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "div",
    "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
    "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong",
    "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}
# Removed together with everything inside them.
DROPPED_WITH_CONTENT = {
    "script", "style", "svg", "math", "iframe", "object", "embed", "template", "noscript",
    "textarea", "select", "title", "xmp", "noembed", "noframes", "frameset", "applet",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "class"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "code": {"class"},
    "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "h5": {"id"}, "h6": {"id"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "td": {"align", "colspan", "rowspan"},
    "ol": {"start"},
    "blockquote": set(),
    "q": set(),
}
URL_SCHEMES = {"http", "https", "mailto"}

_HEADING_ID = re.compile(r"^sec-[a-z0-9_-]{1,120}$")
_CODE_CLASS = re.compile(r"^language-[a-z0-9+#-]{1,30}$")
_LOCAL_IMAGE = re.compile(r"^/(?:media|static)/[A-Za-z0-9/_.-]+(?:\?[A-Za-z0-9=&_.-]*)?$")
_ALIGN = {"left", "right", "center"}
_DIMENSION = re.compile(r"^\d{1,4}$")
_EXTERNAL_LINK = re.compile(r'<a ((?:[^>"]|"[^"]*")*?)href="(https?://[^"]*|//[^"]*)"')
_CODE_SPAN = re.compile(r"(<code[^>]*>)(.*?)(</code>)", re.S)


@dataclass(frozen=True)
class Heading:
    level: int
    id: str
    title: str


@dataclass(frozen=True)
class Placeholder:
    token: str
    ref: str


@dataclass(frozen=True)
class RenderedBody:
    """Sanitised HTML that may still hold placeholders for product references."""

    html: str
    placeholders: tuple[Placeholder, ...]
    toc: tuple[Heading, ...]
    word_count: int

    @property
    def refs(self) -> tuple[str, ...]:
        return tuple(p.ref for p in self.placeholders)

    @property
    def reading_minutes(self) -> int:
        return max(1, round(self.word_count / WORDS_PER_MINUTE))

    @property
    def show_toc(self) -> bool:
        return len(self.toc) >= TOC_MIN_HEADINGS


def normalise_ref(ref: str) -> str:
    return " ".join(ref.split())


def extract_refs(body: str) -> list[str]:
    """Distinct product references in a body, in order of first appearance."""
    seen: list[str] = []
    for match in REF_PATTERN.finditer(body or ""):
        ref = normalise_ref(match.group(1))
        if ref not in seen:
            seen.append(ref)
    return seen


def _heading_slug(value: str, separator: str) -> str:
    return "sec-" + (slugify(value, max_length=80, word_boundary=True) or "part")


class _HeadingLevels(Treeprocessor):
    """The page title is the only <h1>: the body's top heading level becomes <h2>, whether
    the author started with ``#`` or with ``##``; deeper levels keep their distance."""

    def run(self, root):
        headings = [el for el in root.iter() if el.tag in _HEADING_TAGS]
        if not headings:
            return
        shift = 2 - min(int(el.tag[1]) for el in headings)
        for el in headings:
            el.tag = f"h{min(6, int(el.tag[1]) + shift)}"


_HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


class _HeadingLevelsExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802 (the Markdown API's name)
        # Before the table of contents (priority 5) reads the headings.
        md.treeprocessors.register(_HeadingLevels(md), "shop_heading_levels", 6)


def _markdown() -> markdown.Markdown:
    return markdown.Markdown(
        extensions=[_HeadingLevelsExtension(), "toc", "fenced_code", "tables", "sane_lists"],
        extension_configs={
            "toc": {
                "marker": "",
                "slugify": _heading_slug,
                "permalink": "#",
                "permalink_class": "anchor",
                "permalink_title": "Link to this section",
                "toc_depth": "2-3",
            },
            "tables": {"use_align_attribute": True},
        },
        output_format="html",
    )


def _attribute_filter(nonce: str):
    def keep(tag: str, attr: str, value: str) -> str | None:
        if nonce in value:
            return None  # a reference inside an attribute stays inert
        if attr == "id":
            return value if _HEADING_ID.match(value) else None
        if attr == "class":
            if tag == "code":
                return value if _CODE_CLASS.match(value) else None
            return value if tag == "a" and value == "anchor" else None
        if tag == "img" and attr == "src":
            return value if _LOCAL_IMAGE.match(value) else None
        if attr == "align":
            return value if value in _ALIGN else None
        if attr in ("width", "height", "colspan", "rowspan", "start"):
            return value if _DIMENSION.match(value) else None
        if attr == "scope":
            return value if value in ("row", "col", "rowgroup", "colgroup") else None
        return value

    return keep


def sanitise(fragment: str, nonce: str = "\x00") -> str:
    """The one sanitiser: used for post bodies, previews and anything else editors write."""
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_attribute_filter(nonce),
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
        set_tag_attribute_values={"img": {"loading": "lazy", "decoding": "async"}},
    )


def _mark_external_links(fragment: str) -> str:
    return _EXTERNAL_LINK.sub(lambda m: f'<a {m.group(1)}href="{m.group(2)}" rel="noopener"',
                              fragment)


def _wrap_tables(fragment: str) -> str:
    return (fragment.replace("<table>", '<div class="table-scroll" tabindex="0"><table>')
            .replace("</table>", "</table></div>"))


def _flatten_toc(tokens: list[dict], out: list[Heading]) -> list[Heading]:
    for token in tokens:
        out.append(Heading(token["level"], token["id"], html.unescape(token["name"])))
        _flatten_toc(token.get("children", []), out)
    return out


@functools.lru_cache(maxsize=256)
def render_markdown(body: str) -> RenderedBody:
    """Render and sanitise a post body. Pure; memoised on the body text."""
    body = (body or "")[:MAX_BODY_CHARS]
    nonce = secrets.token_hex(8)
    placeholders: dict[str, Placeholder] = {}

    def to_placeholder(match: re.Match) -> str:
        ref = normalise_ref(match.group(1))
        if ref not in placeholders:
            placeholders[ref] = Placeholder(f"zqref{nonce}n{len(placeholders)}zq", ref)
        return placeholders[ref].token

    source = REF_PATTERN.sub(to_placeholder, body)
    md = _markdown()
    rendered = md.convert(source)
    toc = tuple(_flatten_toc(getattr(md, "toc_tokens", []), []))
    clean = sanitise(rendered, nonce)

    # Inside code the reference is shown as written, not resolved.
    def literal_code(match: re.Match) -> str:
        inner = match.group(2)
        for p in placeholders.values():
            inner = inner.replace(p.token, html.escape(f"[[product:{p.ref}]]", quote=False))
        return match.group(1) + inner + match.group(3)

    clean = _CODE_SPAN.sub(literal_code, clean)
    clean = _wrap_tables(_mark_external_links(clean))
    words = plain_text(clean)
    for p in placeholders.values():
        words = words.replace(p.token, " ")
    return RenderedBody(
        html=clean,
        placeholders=tuple(p for p in placeholders.values() if p.token in clean),
        toc=toc,
        word_count=len(re.findall(r"\w+", words)),
    )


def plain_text(fragment: str) -> str:
    """The text of an HTML fragment, tags dropped and entities decoded."""
    return html.unescape(nh3.clean(fragment, tags=set(), clean_content_tags={"script", "style"}))


def count_words(body: str) -> int:
    return render_markdown(body or "").word_count


# --- comments: plain text, links shown but not endorsed --------------------------------------

_COMMENT_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"']+", re.I)
_TRAILING = ".,;:!?)]}'\""


def _comment_link(url: str) -> str:
    trail = ""
    while url and url[-1] in _TRAILING:
        trail = url[-1] + trail
        url = url[:-1]
    href = url if url.lower().startswith(("http://", "https://")) else "https://" + url
    return (f'<a href="{html.escape(href, quote=True)}" rel="nofollow ugc noopener">'
            f"{html.escape(url, quote=False)}</a>{html.escape(trail, quote=False)}")


def _comment_line(line: str) -> str:
    out, last = [], 0
    for match in _COMMENT_URL.finditer(line):
        out.append(html.escape(line[last:match.start()], quote=False))
        out.append(_comment_link(match.group(0)))
        last = match.end()
    out.append(html.escape(line[last:], quote=False))
    return "".join(out)


def comment_html(text: str) -> str:
    """Plain-text comment → paragraphs; every character escaped, URLs linked with nofollow."""
    paragraphs = [p for p in re.split(r"\n\s*\n", (text or "").strip()) if p.strip()]
    return "".join(
        "<p>" + "<br>".join(_comment_line(line) for line in p.split("\n")) + "</p>"
        for p in paragraphs
    )
