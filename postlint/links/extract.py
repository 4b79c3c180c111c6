"""Every link of a post as its site will output it, with the position of the URL as written.

One list per post (cached), in document order, from:
* Markdown: inline links, images, autolinks (`<>` too: an empty link) and reference links,
  as the site's renderer reads them (`renderer.renderer_view`):
  a link that the renderer swallows into an HTML block is printed as text, so it is not a
  link (PL513 reports it instead). For kramdown this also *adds* links that markdown-it left
  inside an HTML block but kramdown reads as Markdown (the line after `<p>…</p>`).
* raw HTML (`post.html`): `href`, `src`, `srcset` (one link per candidate), `poster`, `data`,
  `action` of the elements that load or link with them.
* templates: `{% post_url %}`, `{% link %}`, Hugo `ref`/`relref` shortcodes.
Nothing inside code spans, code blocks, `{% raw %}` or `{% comment %}` is a link. Liquid in
a URL is resolved with the site's settings (`{{ site.baseurl }}`, `| relative_url` …); a URL
whose Liquid postlint cannot know (`{{ page.image }}`) is left out.

Reference links (`kind="reference"`) carry the URL of their definition and the span of the
whole `[text][label]`: a URL is reported at each use, never at its definition (a definition
nobody uses renders nothing). An email
autolink `<a@b.org>` is `mailto:a@b.org` (its span: the address as written); the empty
autolink `<>` is a link with url "" and an empty span after its `<`.
"""
from __future__ import annotations

import bisect
from html import unescape
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from postlint import templates
from postlint.diagnostic import Span
from postlint.markdown_constructs import markdown_constructs
from postlint.markdown_source import code_ranges
from postlint.renderer import renderer_view

if TYPE_CHECKING:
    from postlint.html.tokens import Token
    from postlint.post import Post

#: element -> attributes that hold a URL; elements whose URL the page loads itself
URL_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "a": ("href",), "area": ("href",), "link": ("href",),
    "img": ("src", "srcset"), "source": ("src", "srcset"),
    "script": ("src",), "iframe": ("src",), "embed": ("src",),
    "video": ("src", "poster"), "audio": ("src",), "track": ("src",),
    "object": ("data",), "form": ("action",), "input": ("src",),
}
EMBEDDING_ELEMENTS = frozenset({"img", "script", "iframe", "video", "audio", "source", "embed",
                                "object", "track", "input"})
_SPACE_OR_COMMA = re.compile(r"[\s,]*")
_SHORTCODE_OPEN = re.compile(r"\{\{[<%]")
_NOT_SPACE = re.compile(r"\S*")
_DESCRIPTORS = re.compile(r"(?:[^,(]|\([^)]*\)?)*")


@dataclass(frozen=True, slots=True)
class Link:
    url: str  # as the site will output it (Liquid resolved), otherwise as written (no <>)
    span: Span  # the URL text itself in the file (for `<>`: where the empty URL would be)
    kind: str  # inline|image|autolink|reference|definition|html|post_url|link_tag|hugo_ref
    element: str | None = None  # HTML: the tag name
    attribute: str | None = None  # HTML: href | src | srcset | poster | data | action
    embedded: bool = False  # loaded by the page itself: mixed content matters


def extract_links(post: "Post") -> list[Link]:
    """The post's links (cached on the post); see the module documentation."""
    cached = post.__dict__.get("_links")
    if cached is None:
        cached = _extract(post)
        post.__dict__["_links"] = cached
    return cached


def _extract(post: "Post") -> list[Link]:
    if post.front_matter_error is not None and not post.body:
        return []
    excluded = _Excluded(post)
    found: list[tuple[int, Link]] = []
    view = renderer_view(post)
    for construct in markdown_constructs(post):
        if construct.kind in ("heading", "definition") or construct.url is None:
            continue  # a definition's URL is checked at each use: unused, it renders nothing
        if view.region_at(construct.start) is not None:
            continue  # swallowed: printed as text (PL513)
        if construct.in_html and not view.element_blocks and view.renderer != "mdx":
            continue
        if excluded.contains(construct.start):
            continue
        url = _unescaped(construct.url, view.renderer) if "\\" in construct.url else construct.url
        link = _resolved(post, url, construct.url_start, construct.url_end, construct.kind)
        if link is not None:
            found.append((construct.url_start, link))
    if "](" in post.body and "{{" in post.body:
        known = {link.span for _, link in found}
        for start, end, url in _liquid_destinations(post):
            link = None if excluded.contains(start) or view.region_at(start) else \
                _resolved(post, url, start, end, "inline")
            if link is not None and link.span not in known:
                found.append((start, link))
    for token in post.html.tags("start"):
        if excluded.contains(token.start):
            continue
        found.extend(_html_links(post, token))
    for template_link in templates.template_links(post.body, post.body_offset):
        if excluded.contains(template_link.start):
            continue
        found.append((template_link.start, Link(template_link.target,
                                                post.span(template_link.start, template_link.end),
                                                template_link.kind)))
    found.sort(key=lambda item: item[0])
    return [link for _, link in found]


#: the characters a backslash escapes in a Markdown link destination, by renderer (checked
#: with each: kramdown keeps every backslash; Python-Markdown's ESCAPED_CHARS; CommonMark,
#: and so markdown-it, remark and goldmark, any ASCII punctuation)
_ESCAPED = {"kramdown": "", "python-markdown": "\\`*_{}[]()>#+-.!"}
_ASCII_PUNCTUATION = r"""!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~"""


#: a character reference closed by `;` (`&eacute;`, `&#x2F;`): in an attribute value the
#: browser leaves `&copy=2` in a query as written, so only these are decoded
_REFERENCE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


def _unescaped(url: str, renderer: str) -> str:
    """The destination as the renderer writes it in the `href`: backslash escapes removed."""
    escapable = _ESCAPED.get(renderer, _ASCII_PUNCTUATION)
    if not escapable:
        return url
    return re.sub(r"\\(.)", lambda m: m.group(1) if m.group(1) in escapable else m.group(), url)


_LIQUID_DESTINATION = re.compile(r"\]\((\{\{.*?\}\}[^\s)]*)\)")


def _liquid_destinations(post: "Post"):
    """`[text]({{ site.baseurl }}/x)`: Jekyll renders the Liquid first, so this is a link,
    though markdown-it (reading the `{{ … }}` with its spaces) saw none."""
    for match in _LIQUID_DESTINATION.finditer(post.body):
        start = post.body_offset + match.start(1)
        yield start, start + len(match.group(1)), match.group(1)


def _resolved(post: "Post", url: str, start: int, end: int, kind: str, **html) -> Link | None:
    """A Link for `url`, or None when it is a template link tag or holds unknown Liquid.

    Character references (`&eacute;`, `&#x2F;`) are decoded as the reader's browser decodes
    them in the `href` the renderer writes (CommonMark decodes them itself; kramdown and raw
    HTML leave them to the browser); the span stays on the text as written."""
    if "{" in url and (templates.LINK_TAG.search(url) or templates.HUGO_REF.search(url)):
        return None  # the template link itself is reported as post_url / link_tag / hugo_ref
    resolved = templates.resolve_url(url, post.site)
    if resolved is None:
        return None
    if "&" in resolved:
        resolved = _REFERENCE.sub(lambda m: unescape(m.group()), resolved)
    return Link(resolved, post.span(start, end), kind, **html)


def _html_links(post: "Post", token: "Token") -> list[tuple[int, Link]]:
    names = URL_ATTRIBUTES.get(token.name)
    if not names:
        return []
    found: list[tuple[int, Link]] = []
    embedded = token.name in EMBEDDING_ELEMENTS or (
        token.name == "link" and "stylesheet" in (token.get("rel") or "").lower().split())
    for attribute in token.attributes:
        if attribute.name not in names or attribute.value_start is None and attribute.value is None:
            continue
        value = attribute.value if attribute.value is not None else ""
        start = attribute.value_start if attribute.value_start is not None else attribute.name_end
        details = dict(element=token.name, attribute=attribute.name, embedded=embedded)
        if attribute.name == "srcset":
            if attribute.value_end is not None:  # as written (CR LF kept), for true offsets
                value = post.text[start:attribute.value_end]
            for candidate_start, url in srcset_urls(value):
                link = _resolved(post, url, start + candidate_start,
                                 start + candidate_start + len(url), "html", **details)
                if link is not None:
                    found.append((start + candidate_start, link))
            continue
        if attribute.value_end is not None and _SHORTCODE_OPEN.search(
                post.text, start, attribute.value_end):
            continue  # a shortcode writes the value (`href="{{% param x %}}"`): not known
        stripped = value.strip()
        offset = start + (len(value) - len(value.lstrip()))
        end = attribute.value_end - (len(value) - len(value.rstrip())) \
            if attribute.value_end is not None else offset
        link = _resolved(post, stripped, offset, max(end, offset), "html", **details)
        if link is not None:
            found.append((offset, link))
    return found


def srcset_urls(value: str) -> list[tuple[int, str]]:
    """(offset, URL) of each candidate of a `srcset` (HTML standard, "parse a srcset
    attribute"): a URL is a run of non-space characters, trailing commas not included;
    its descriptors run to the next comma outside parentheses."""
    found = []
    position = 0
    while position < len(value):
        position = _SPACE_OR_COMMA.match(value, position).end()
        if position >= len(value):
            break
        url = _NOT_SPACE.match(value, position).group()
        stripped = url.rstrip(",")
        found.append((position, stripped))
        position += len(url)
        if stripped == url:
            position = _DESCRIPTORS.match(value, position).end()
    return found


class _Excluded:
    """Code (spans and blocks), `{% raw %}` and `{% comment %}`: never links."""

    def __init__(self, post: "Post"):
        ranges = code_ranges(post) if not post.is_html else []
        ranges += templates.raw_ranges(post.body, post.body_offset,
                                       post.site.generator.template_syntax)
        ranges.sort()
        self._starts = [start for start, _ in ranges]
        self._ranges = ranges

    def contains(self, offset: int) -> bool:
        index = bisect.bisect_right(self._starts, offset) - 1
        return index >= 0 and offset < self._ranges[index][1]
