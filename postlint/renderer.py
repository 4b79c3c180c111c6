"""Which parts of a Markdown body the site's renderer outputs raw: HTML blocks as it reads them.

Markdown inside such a region is not Markdown any more: a link there is printed as literal
text. The two renderers that matter differ (SPEC, "Reading Markdown as the site's renderer
does"):

* **CommonMark** (Hugo's goldmark, markdown-it): an HTML block that starts with a block tag
  runs to the next blank line, whatever its tags do. The regions are markdown-it's
  `html_block` tokens.
* **kramdown** (Jekyll, `parse_block_html: false`): an HTML block is one element, from its
  start tag to *its* end tag, matched by name on a stack (kramdown's `parse_raw_html`); the
  content is raw. It ends where the element closes, so Markdown on the next line is Markdown
  again; an element that is never closed runs to the end of the file. A line that starts
  with a span element (`<a>`, `<img>`, `<span>` …) is a paragraph, not an HTML block.

The kramdown model below follows kramdown 2.4's `parser/kramdown/html.rb` and
`parser/html.rb` (the regular expressions are translated from them). Liquid is rendered
before kramdown runs, so it is blanked out first.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from postlint import templates
from postlint.markdown_source import block_range

if TYPE_CHECKING:
    from postlint.post import Post

# kramdown's names (REXML's UNAME_STR) and tags (Kramdown::Parser::Html::Constants)
_NAME = r"(?:[^\W\d][-\w.]*:)?[^\W\d][-\w.]*"
_TAG = re.compile(rf"<((?>{_NAME}))\s*((?>\s+{_NAME}(?:\s*=\s*(?:\w+|(\"|').*?\3))?)*)\s*(/)?>", re.S)
_CLOSE_TAG = re.compile(rf"</({_NAME})\s*>", re.S)
_COMMENT = re.compile(r"<!--(.*?)-->", re.S)
_INSTRUCTION = re.compile(r"<\?(.*?)\?>", re.S)
_RAW_START = re.compile(rf"(?=<({_NAME}|/|!--|\?))")
_TRAILING_WHITESPACE = re.compile(r"[ \t]*\n")
_BLOCK_SPACE = re.compile(r"[ \t\r\n]*")

#: kramdown's HTML_SPAN_ELEMENTS: a line starting with one of these is a paragraph
KRAMDOWN_SPAN_ELEMENTS = frozenset(
    "a abbr acronym b big bdo br button cite code del dfn em i img input ins kbd label mark "
    "option q rb rbc rp rt rtc ruby samp select small span strong sub sup tt u var".split())
#: kramdown's HTML_ELEMENTS_WITHOUT_BODY
KRAMDOWN_VOID_ELEMENTS = frozenset(
    "area base br col command embed hr img input keygen link meta param source track wbr".split())
#: kramdown's HTML_CONTENT_MODEL_BLOCK and _SPAN: with `parse_block_html: true` kramdown reads
#: Markdown inside these (every other element stays raw: tables, lists, pre …)
KRAMDOWN_MARKDOWN_CONTENT = frozenset(
    "address applet article aside blockquote body dd details div dl fieldset figure figcaption "
    "footer form header hgroup iframe li main map menu nav noscript object section summary td "
    "a abbr acronym b bdo big button cite caption del dfn dt em h1 h2 h3 h4 h5 h6 i ins label "
    "legend optgroup p q rb rbc rp rt rtc ruby select small span strong sub sup th tt".split())
#: kramdown's paragraph end (LAZY_END): a line starting with a tag that is not a span element
_PARAGRAPH_END_TAG = re.compile(
    rf"^ {{0,3}}</?(?!(?:{'|'.join(sorted(KRAMDOWN_SPAN_ELEMENTS | {'script'}))})\b){_NAME}", re.M)
_LIQUID = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.S)


@dataclass(frozen=True, slots=True)
class RawRegion:
    """Text the renderer outputs raw: offsets into post.text, the line where it began."""

    start: int
    end: int
    line: int
    element: str  # the tag that opened it ("" when it does not start with a tag)
    closed: bool = True  # False: kramdown never found its end tag (it runs to the end)
    #: kramdown: why the end tag was not found: the inner element still open when an end tag
    #: had to be ignored, and that end tag (name, text offset), e.g. ("td", 120, "tbody", 140)
    blocker: tuple[str, int, str, int] | None = None


#: renderers that end an HTML block where its element closes, and their names in messages:
#: kramdown, and Python-Markdown (3.3 and later, MkDocs), whose md_in_html reads Markdown
#: inside an element with a `markdown` attribute
ELEMENT_BLOCK_RENDERERS = {"kramdown": "kramdown", "python-markdown": "Python-Markdown"}


@dataclass(eq=False)
class RendererView:
    renderer: str  # "kramdown" | "commonmark" | "mdx" | "html" (an .html post: no Markdown)
    regions: list[RawRegion] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._starts = [region.start for region in self.regions]

    @property
    def element_blocks(self) -> bool:
        """Does an HTML block end where its element closes (Markdown after it is read)?"""
        return self.renderer in ELEMENT_BLOCK_RENDERERS

    def region_at(self, offset: int) -> RawRegion | None:
        """The raw region that contains `offset`, if any."""
        index = bisect.bisect_right(self._starts, offset) - 1
        if index >= 0 and offset < self.regions[index].end:
            return self.regions[index]
        return None


def renderer_name(post: "Post") -> str:
    if post.is_html:
        return "html"
    return post.site.generator.renderer_of(post)


def renderer_view(post: "Post") -> RendererView:
    """The post's raw regions as its site's renderer reads them (cached on the post)."""
    cached = post.__dict__.get("_renderer_view")
    if cached is None:
        name = renderer_name(post)
        if name in ("html", "mdx") or "<" not in post.body:  # MDX: Markdown between tags
            cached = RendererView(name)
        elif name in ELEMENT_BLOCK_RENDERERS:
            cached = RendererView(name, _kramdown_regions(post, name == "python-markdown"))
        else:
            cached = RendererView(name, _commonmark_regions(post))
        post.__dict__["_renderer_view"] = cached
    return cached


def _commonmark_regions(post: "Post") -> list[RawRegion]:
    regions = []
    for token in post.markdown_tokens:
        if token.type == "html_block" and token.map is not None:
            start, end = block_range(post, token)
            opening = re.match(r"\s*</?([A-Za-z][A-Za-z0-9-]*)", token.content)
            regions.append(RawRegion(start, end, post.body_line + token.map[0],
                                     opening.group(1).lower() if opening else ""))
    return regions


def _kramdown_regions(post: "Post", bare_markdown_attribute: bool = False) -> list[RawRegion]:
    """kramdown's HTML blocks (and Python-Markdown's, with `bare_markdown_attribute`:
    md_in_html's `markdown` needs no value; no Liquid there)."""
    base = post.body_offset
    body = post.body
    if "{" in body and not bare_markdown_attribute:  # Liquid runs first: its tags are gone (or replaced) when kramdown reads
        for start, end in templates.hidden_ranges(body):  # comments, highlighted code
            body = body[:start] + re.sub(r"[^\n]", " ", body[start:end]) + body[end:]
        body = _LIQUID.sub(lambda m: "x" * len(m.group()) if m.group().startswith("{{")
                           else re.sub(r"[^\n]", " ", m.group()), body)
    regions: list[RawRegion] = []
    parse_block_html = _parse_block_html(post)
    cursor = 0  # body offset up to which kramdown has read raw HTML
    for token in post.markdown_tokens:
        # HTML blocks, and top-level paragraphs with a line that starts with a tag: kramdown
        # ends a paragraph there and reads an HTML block (`<video>` cannot interrupt a
        # paragraph in CommonMark)
        if token.map is None or not (token.type == "html_block" or
                                     token.type == "paragraph_open" and token.level == 0):
            continue
        start, end = (offset - base for offset in block_range(post, token))
        if token.type == "paragraph_open" and body.find("<", start, end) < 0:
            continue
        position = max(start, cursor)
        while position < end:
            position = _BLOCK_SPACE.match(body, position).end()
            if position >= end:
                break
            comment = _COMMENT.match(body, position)
            if comment:
                position = comment.end()
                continue
            tag = _TAG.match(body, position)
            if tag and tag.group(1).lower() in KRAMDOWN_SPAN_ELEMENTS:
                tag = None
            if tag and _reads_markdown(tag, parse_block_html, bare_markdown_attribute):
                position = tag.end()  # its content is Markdown: read on after the start tag
                continue
            if tag:
                element_end, closed, blocker = _element_end(body, tag)
                trailing = _TRAILING_WHITESPACE.match(body, element_end)
                if trailing:
                    element_end = trailing.end()
                line = post.position(base + position)[0]
                if blocker is not None:
                    blocker = (blocker[0], base + blocker[1], blocker[2], base + blocker[3])
                regions.append(RawRegion(base + position, base + element_end, line,
                                         tag.group(1).lower(), closed, blocker))
                position = element_end
                continue
            # a paragraph: Markdown up to the next line that starts with a block-level tag
            next_line = body.find("\n", position)
            stop = _PARAGRAPH_END_TAG.search(body, next_line + 1, end) if next_line >= 0 else None
            position = stop.start() if stop else end
        cursor = max(cursor, position)
    return regions


def _reads_markdown(tag: re.Match, parse_block_html: bool, bare: bool = False) -> bool:
    """Does kramdown parse the element's content as Markdown? `markdown="1"` (or block or
    span) says yes, `markdown="0"` no; otherwise the site's `kramdown: parse_block_html`.
    `bare`: a `markdown` attribute without a value says yes too (md_in_html)."""
    found = re.search(r"\bmarkdown\s*=\s*[\"']?(0|1|block|span)\b", tag.group(2) or "")
    if found:
        return found.group(1) != "0"
    if bare and re.search(r"(?:^|\s)markdown(?=\s|$)", tag.group(2) or ""):
        return True
    return parse_block_html and tag.group(1).lower() in KRAMDOWN_MARKDOWN_CONTENT


def _parse_block_html(post: "Post") -> bool:
    """Jekyll's `kramdown: parse_block_html` setting (false by default)."""
    settings = post.site.raw.get("kramdown") if isinstance(post.site.raw, dict) else None
    return isinstance(settings, dict) and settings.get("parse_block_html") is True


def _element_end(body: str, tag: re.Match) -> tuple[int, bool, tuple | None]:
    """Where kramdown's raw parse of the element opened by `tag` ends, whether its end tag was
    found, and (when not) the first end tag kramdown ignored because an element inside was
    still open (kramdown's handle_html_start_tag / parse_raw_html: end tags match strictly)."""
    name = tag.group(1).lower()
    if tag.group(4) or name in KRAMDOWN_VOID_ELEMENTS:
        return tag.end(), True, None
    stack = [(name, tag.start())]
    blocker = None
    position = tag.end()
    while stack:
        current = stack[-1][0]
        if current in ("script", "style"):
            closer = re.compile(rf"</{current}\s*>", re.I).search(body, position)
            if closer is None:
                return len(body), False, blocker
            stack.pop()
            position = closer.end()
            continue
        found = _RAW_START.search(body, position)
        if found is None:
            return len(body), False, blocker
        position = found.start()
        for pattern in (_COMMENT, _INSTRUCTION):
            skipped = pattern.match(body, position)
            if skipped:
                position = skipped.end()
                break
        else:
            opened = _TAG.match(body, position)
            if opened:
                inner = opened.group(1).lower()
                if not opened.group(4) and inner not in KRAMDOWN_VOID_ELEMENTS:
                    stack.append((inner, position))
                position = opened.end()
                continue
            closed = _CLOSE_TAG.match(body, position)
            if closed:
                closing = closed.group(1).lower()
                if closing == current:
                    stack.pop()
                elif blocker is None and any(open_name == closing for open_name, _ in stack):
                    blocker = (current, stack[-1][1], closing, position)
                position = closed.end()
                continue
            position += 1
    return position, True, None
