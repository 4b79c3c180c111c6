"""PL5: HTML hygiene of the raw HTML in a post's body, and Markdown that the HTML swallows.

The rules read `post.html` (a token stream with exact offsets, built once per post and
free for posts without `<`), its `tree` (elements closed as the HTML standard closes them),
`postlint.html.standard` (element and attribute knowledge) and, for PL513, the renderer view
(`postlint.renderer`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator
from urllib.parse import urlsplit

from postlint import templates
from postlint.authors import written_by_script
from postlint.diagnostic import Edit, Finding, Fix, Severity
from postlint.html.standard import (ELEMENT_ATTRIBUTES, FOREIGN_ELEMENTS,
                                    GLOBAL_ATTRIBUTE_PREFIXES, GLOBAL_ATTRIBUTES,
                                    OBSOLETE_ATTRIBUTES, OBSOLETE_ELEMENTS,
                                    PRESENTATIONAL_ATTRIBUTES)
from postlint.markdown_constructs import markdown_constructs
from postlint.renderer import ELEMENT_BLOCK_RENDERERS, renderer_view
from postlint.rule import BodyRule

if TYPE_CHECKING:
    from postlint.html.tokens import Attribute, Token
    from postlint.post import Post


def html_start_tags(post: "Post") -> Iterator["Token"]:
    """Start tags of HTML elements (not of SVG or MathML content), in document order."""
    foreign = 0
    for token in post.html.tokens:
        if token.kind == "start":
            if foreign or token.name in FOREIGN_ELEMENTS:
                if not token.self_closing and token.name in FOREIGN_ELEMENTS:
                    foreign += 1
                continue
            yield token
        elif token.kind == "end" and token.name in FOREIGN_ELEMENTS and foreign:
            foreign -= 1


def tag_span(post: "Post", token: "Token"):
    return post.span(token.start, token.end)


def attribute_span(post: "Post", attribute: "Attribute"):
    return post.span(attribute.name_start, attribute.end)


def value_span(post: "Post", attribute: "Attribute"):
    if attribute.value_start is None:
        return attribute_span(post, attribute)
    return post.span(attribute.value_start, attribute.value_end)


def _strings(value, option: str) -> tuple[str, ...]:
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{option} must be a list of strings")
    return tuple(value)


# ---------------------------------------------------------------- structure
class InvalidNesting(BodyRule):
    """An element where the HTML standard does not allow it, which the browser silently moves.

    ## What it does
    Reports a block start tag while a `<p>` is open and the paragraph is still empty or is
    closed later with `</p>` (`<p><p align="center"></p>`, `<p>text<div>…</div></p>`): the
    browser closes the paragraph at the block. Also `<a>` inside `<a>`, a heading inside a
    heading, a block element inside an element that may hold only phrasing content
    (`<span><div>`, `<h2><div>`), `<li>` outside a list, a table cell outside a row.
    Optional end tags are fine: `<p>one<p>two`, `<li>a<li>b`, `<td>` closed by the next
    `<td>` are valid HTML and stay clean.

    ## Why is this bad
    The page's structure is not what the source says: styles, scripts and readers' tools see
    a different tree, and with Jekyll the unclosed `<p>` also keeps kramdown reading raw HTML
    to the end of the post (PL513).

    ## Example
    ```html
    <p><p align="center"></p>
    ```
    """

    code = "PL501"
    name = "invalid-nesting"
    severity = Severity.ERROR

    def check(self, post, ctx) -> Iterator[Finding]:
        if not post.html:
            return
        for problem in post.html.tree.problems:
            if problem.kind == "nesting":
                yield Finding(tag_span(post, problem.token), problem.message)


class UnbalancedTag(BodyRule):
    """An element left open that the standard requires closing, or an end tag with no start.

    ## What it does
    Reports an element whose end tag is required (`<div>`, `<span>`, `<a>` …) but that is
    never closed, or is closed only by the end tag of an element around it; an end tag with
    no open element of its name; `</br>`-style end tags of void elements; `<div/>` (not
    self-closing in HTML); and a comment `<!--` that is never closed. Elements whose end tag
    is optional (`<p>`, `<li>`, `<td>`, `<tr>`, `<tbody>` …) and void elements (`<br>`,
    `<img>`, `<br/>`) are fine.

    ## Why is this bad
    The browser guesses where the element ends; kramdown keeps an unclosed element open to
    the end of the post, so every later link becomes text (PL513).

    ## Example
    ```html
    <div class="note"><span>text</div>
    ```
    """

    code = "PL502"
    name = "unbalanced-tag"
    severity = Severity.ERROR

    def check(self, post, ctx) -> Iterator[Finding]:
        if not post.html:
            return
        for problem in post.html.tree.problems:
            if problem.kind == "unbalanced":
                yield Finding(tag_span(post, problem.token), problem.message)
        for token in post.html.tokens:
            if token.kind == "comment" and token.unterminated:
                yield Finding(post.span(token.start, token.start + 4),
                              "comment `<!--` is never closed: everything after it is hidden")


#: elements that are meaningless without content; others (`<div>`, `<td>`, `<i>`) are often
#: deliberately empty (script mount points, table layout, icon fonts)
EMPTY_CHECKED = frozenset({"p", "a", "span", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em",
                           "b", "u", "blockquote", "li"})


class EmptyElement(BodyRule):
    """An element with no content: `<p></p>`, `<p align="center"></p>`, an empty `<a>` or `<span>`.

    ## What it does
    Reports `<p>`, `<a>`, `<span>`, headings, `<strong>`, `<em>`, `<b>`, `<u>`, `<li>` and
    `<blockquote>` elements with nothing in them but white space and comments. An element
    with an `id` or `name` (an anchor target: `<a id="x"></a>`), a `class` or `role` (an
    icon, a spacer `<li class="spacer"></li>` the site's CSS styles), or an attribute a
    script or framework reads (`data-*`, `aria-*`, Vue's `v-html`, `:key`, `@click`, `is`:
    a live demo fills it), and elements holding an image are not reported; `align` or
    `style` alone do not make an element anything but empty.
    The fix removes the element.

    ## Why is this bad
    Empty paragraphs are stray spacing the site's CSS does not control; an empty link is a
    focusable target with no name for screen readers; both are usually scraper debris.

    ## Example
    ```html
    <p align="center"></p>
    ```
    """

    code = "PL503"
    name = "empty-element"
    severity = Severity.WARNING
    fixable = True

    def check(self, post, ctx) -> Iterator[Finding]:
        if not post.html:
            return
        tree = post.html.tree
        text = post.text
        for element in tree.elements:
            start = element.start
            if element.name not in EMPTY_CHECKED or element.closed_at is None:
                continue
            if any(_is_hook(attribute.name) for attribute in start.attributes):
                continue  # an anchor target, or a hook the site's CSS or scripts fill
            inner_end = element.end.start if element.end is not None else element.closed_at
            if _has_content(text[start.end:inner_end]):
                continue
            end = element.end.end if element.end is not None else start.end
            shown = text[start.start:end]
            if len(shown) > 60:
                shown = f"<{element.name}>"
            removal_end = end
            if text[start.start - 1:start.start] == " " and \
                    text[end:end + 1] in (" ", "\n", "\r"):
                removal_end += text[end:end + 1] == " "  # `a <span></span> b` -> `a b`
            yield Finding(post.span(start.start, end), f"empty `{shown}`: remove it",
                          Fix((Edit(start.start, removal_end, ""),)))


_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
#: attributes that make an empty element a target or a hook: the site's CSS styles it, a
#: script or a framework fills it (`data-*`, `aria-*`, Vue's `v-html` / `:key` / `@click`,
#: `is`), a link lands on it
_HOOK_ATTRIBUTES = frozenset({"id", "name", "class", "role", "is"})


def _is_hook(name: str) -> bool:
    return name in _HOOK_ATTRIBUTES or any(mark in name for mark in "-:@")


def _has_content(between: str) -> bool:
    if "<!--" in between:
        between = _COMMENT.sub("", between)
    return bool(between.strip())


# ---------------------------------------------------------------- obsolete markup
class ObsoleteElement(BodyRule):
    """An element the HTML standard made obsolete: `<center>`, `<font>`, `<marquee>`, `<big>` …

    ## What it does
    Reports every start tag of a non-conforming element of the HTML standard (§16.2), naming
    what to use instead.

    ## Why is this bad
    Obsolete elements are presentational or unsupported: they bypass the site's CSS and may
    stop working; screen readers and feed readers ignore them.

    ## Example
    ```html
    <center><img src="/a.png" alt="A chart"></center>
    ```
    """

    code = "PL504"
    name = "obsolete-element"
    severity = Severity.WARNING

    def check(self, post, ctx) -> Iterator[Finding]:
        for token in html_start_tags(post):
            instead = OBSOLETE_ELEMENTS.get(token.name)
            if instead is not None:
                yield Finding(tag_span(post, token), f"`<{token.name}>` is obsolete in HTML: "
                              f"use {instead}")


class ObsoleteAttribute(BodyRule):
    """An attribute the HTML standard made obsolete: `align`, `border`, `bgcolor` …

    ## What it does
    Reports each obsolete attribute of the element it is on, as the HTML standard lists them
    (§16.2, and `border` on `<img>` from §16.1).

    ## Why is this bad
    They are presentation that belongs in CSS: the site's theme cannot restyle them, and
    browsers may drop support.

    ## Example
    ```html
    <p align="center"><img src="/a.png" border="0" alt="A chart"></p>
    ```
    """

    code = "PL505"
    name = "obsolete-attribute"
    severity = Severity.WARNING

    def check(self, post, ctx) -> Iterator[Finding]:
        everywhere = OBSOLETE_ATTRIBUTES["*"]
        for token in html_start_tags(post):
            obsolete = OBSOLETE_ATTRIBUTES.get(token.name, frozenset())
            for attribute in token.attributes:
                if attribute.name in obsolete or (attribute.name in everywhere
                                                  and token.name in ELEMENT_ATTRIBUTES):
                    yield Finding(attribute_span(post, attribute), f"`{attribute.name}` on "
                                  f"`<{token.name}>` is obsolete in HTML: "
                                  f"{_obsolete_advice(attribute.name)}")


def _obsolete_advice(name: str) -> str:
    if name in PRESENTATIONAL_ATTRIBUTES:
        return "use CSS"
    return "use `id`" if name == "name" else "remove it"


class InlineStyle(BodyRule):
    """A `style` attribute.

    ## What it does
    Reports every `style` attribute in the raw HTML.

    ## Why is this bad
    Inline styles override the site's theme post by post: a redesign or a dark mode cannot
    reach them, and scraped styles carry the source site's look along.

    ## Example
    ```html
    <p style="text-align:center;">caption</p>
    ```
    """

    code = "PL506"
    name = "inline-style"
    severity = Severity.INFO

    def check(self, post, ctx) -> Iterator[Finding]:
        for token in html_start_tags(post):
            attribute = token.attribute("style")
            if attribute is not None:
                yield Finding(attribute_span(post, attribute),
                              f"inline `style` on `<{token.name}>`: use the site's CSS")


_HIDDEN_STYLE = re.compile(r"(?:^|;)\s*(display\s*:\s*none|visibility\s*:\s*hidden)\s*(?:!important)?\s*(?:;|$)",
                           re.I)


class HiddenContent(BodyRule):
    """Content hidden from readers: `display:none`, `visibility:hidden`, the `hidden` attribute.

    ## What it does
    Reports elements hidden by an inline style (`display: none`, `visibility: hidden`) or by
    the `hidden` attribute.

    ## Why is this bad
    Readers never see the text, but feed readers, search engines and copy-paste do: scraped
    tracking paragraphs, keyword stuffing that search engines treat as cloaking.

    ## Example
    ```html
    <p style="display:none;height:1px;overflow:hidden;"><br /></p>
    ```
    """

    code = "PL507"
    name = "hidden-content"
    severity = Severity.WARNING

    def check(self, post, ctx) -> Iterator[Finding]:
        for token in html_start_tags(post):
            hidden = token.attribute("hidden")
            if hidden is not None:
                yield Finding(attribute_span(post, hidden),
                              f"`<{token.name}>` is hidden (`hidden`): readers never see it")
            style = token.attribute("style")
            if style is not None and style.value:
                found = _HIDDEN_STYLE.search(style.value)
                if found:
                    declaration = re.sub(r"\s+", "", found.group(1))
                    yield Finding(attribute_span(post, style), f"`<{token.name}>` is hidden "
                                  f"(`{declaration}`): readers never see it")


class InvalidAttribute(BodyRule):
    """An attribute the element does not have: `href` on `<span>`, `web="1"`.

    ## What it does
    Reports attributes that are neither global attributes of HTML, nor attributes of the
    element they are on, as the HTML standard defines them. `data-*`, `aria-*`, `role`,
    event handlers (PL510 reports those), RDFa attributes (`property`, `typeof` …) and, on a
    Jekyll site, kramdown's `markdown` attribute are fine; obsolete ones are PL505's.
    Custom elements (`<my-widget>`), unknown elements, SVG and MathML are not checked.

    ## Why is this bad
    Browsers ignore the attribute: `<span href="…">` is not a link, however it looks in the
    source. Usually it is debris from the site the text was scraped from.

    ## Example
    ```html
    <span web="1" href="http://quote.eastmoney.com/unify/r/1.600160">巨化股份</span>
    ```
    """

    code = "PL508"
    name = "invalid-attribute"
    severity = Severity.WARNING

    def check(self, post, ctx) -> Iterator[Finding]:
        kramdown = post.site.generator.renderer == "kramdown" and not post.is_html
        for token in html_start_tags(post):
            own = ELEMENT_ATTRIBUTES.get(token.name)
            if own is None:
                continue
            obsolete = OBSOLETE_ATTRIBUTES.get(token.name, frozenset()) | OBSOLETE_ATTRIBUTES["*"]
            for attribute in token.attributes:
                name = attribute.name
                if name in own or name in GLOBAL_ATTRIBUTES or name in obsolete or \
                        name.startswith(GLOBAL_ATTRIBUTE_PREFIXES) or "{" in name or \
                        (kramdown and name == "markdown"):
                    continue
                yield Finding(attribute_span(post, attribute),
                              f"`<{token.name}>` has no attribute `{name}`: browsers ignore it")


# ---------------------------------------------------------------- content
DEFAULT_PLACEHOLDERS = ("image", "img", "photo", "picture", "pic", "graphic", "untitled",
                        "placeholder", "alt", "图片", "图像", "照片", "图", "配图", "插图", "image图片")
_FILE_NAME = re.compile(r"[^\s/]+\.(?:jpe?g|png|gif|webp|avif|svg|bmp|tiff?|heic)", re.I)


@dataclass(frozen=True)
class ImageAltOptions:
    #: alt texts that describe nothing (compared ignoring case and surrounding space)
    placeholders: tuple = DEFAULT_PLACEHOLDERS

    def __post_init__(self):
        object.__setattr__(self, "placeholders", _strings(self.placeholders, "placeholders"))


class ImageAlt(BodyRule):
    """An image with no alt text, or a placeholder one (`Image`, `图片`, `photo`, a file name).

    ## What it does
    Reports `<img>` elements without an `alt` attribute, Markdown images with an empty one
    (`![](chart.png)`: Markdown cannot mark an image as decorative, so an empty alt is an
    omission, as markdownlint's MD045 also holds), and alt texts that describe nothing: one of
    the configured placeholders (English and Chinese by default), a file name, or the image's
    own URL. In HTML, `alt=""` is fine: it marks a decorative image.

    ## Why is this bad
    Screen readers read the alt text instead of the image (or, with none, the file name);
    search engines and feed readers use it too. "Image" tells nobody anything.

    ## Example
    ```html
    <img src="https://dfscdn.dfcfw.com/download/D24676903417074885805.jpg" alt="Image">
    ```

    ## Options
    `placeholders` (list of strings): alt texts reported as placeholders.
    """

    code = "PL509"
    name = "image-alt"
    severity = Severity.WARNING
    Options = ImageAltOptions

    def check(self, post, ctx) -> Iterator[Finding]:
        for token in html_start_tags(post):
            if token.name != "img":
                continue
            alt = token.attribute("alt")
            if alt is None:
                yield Finding(tag_span(post, token), "image without alt text: describe it in "
                              "`alt` (or `alt=\"\"` if it is decorative)")
                continue
            text = (alt.value or "").strip()
            if text and self._placeholder(text, token.get("src") or ""):
                yield Finding(value_span(post, alt), f"placeholder alt text `{text}`: describe "
                              "the image")
        for image in markdown_constructs(post):
            if image.kind != "image" or image.in_html:
                continue
            label_end = post.text.rfind("]", image.start, image.url_start)
            text = post.text[image.start + 2:label_end].strip()
            if not text:
                yield Finding(post.span(image.start, label_end + 1), "image without alt text: "
                              "describe it between `![` and `]`")
            elif self._placeholder(text, image.url or ""):
                yield Finding(post.span(image.start + 2, label_end), f"placeholder alt text "
                              f"`{text}`: describe the image")

    def _placeholder(self, text: str, source: str) -> bool:
        """Alt text that describes nothing (Liquid that fills it in is given the benefit)."""
        if "{" in text:
            return False
        source = source.strip()
        return (text.casefold() in {p.strip().casefold() for p in self.options.placeholders}
                or bool(_FILE_NAME.fullmatch(text))
                or bool(source) and (text == source or text == source.rsplit("/", 1)[-1]))


DEFAULT_IFRAME_HOSTS = ("youtube.com", "youtube-nocookie.com", "youtu.be", "player.bilibili.com",
                        "bilibili.com", "player.vimeo.com", "vimeo.com")


@dataclass(frozen=True)
class UnsafeHtmlOptions:
    #: hosts (and their subdomains) whose iframes are allowed
    allowed_iframe_hosts: tuple = DEFAULT_IFRAME_HOSTS

    def __post_init__(self):
        object.__setattr__(self, "allowed_iframe_hosts",
                           _strings(self.allowed_iframe_hosts, "allowed-iframe-hosts"))


_UNSAFE_ELEMENTS = {
    "script": "`<script>` runs code on every reader's browser",
    "object": "`<object>` embeds a plugin or another document",
    "embed": "`<embed>` embeds a plugin",
    "form": "`<form>` sends readers' input somewhere",
}
_EVENT_HANDLER = re.compile(r"on[a-z]+")


class UnsafeHtml(BodyRule):
    """Active content in a post: `<script>`, `on*=` handlers, iframes from unknown hosts …

    ## What it does
    Reports `<script>`, `<object>`, `<embed>` and `<form>` elements, event handler attributes
    (`onclick`, `onerror` …) and `<iframe>`s whose `src` is on a host that is not allowed
    (YouTube, Bilibili and Vimeo by default). An iframe of the site itself (a relative URL)
    is fine.

    ## Why is this bad
    Content copied from elsewhere should not run code or load other sites on the reader's
    page: it can track readers, break the page, or inject anything later.

    ## Example
    ```html
    <img src="/a.png" alt="A chart" onerror="alert(1)">
    ```

    ## On which site
    - Posts written by a script (`[site] authors = "script"`, or inferred: see the README):
      errors. Active content in a scraped article came from the page it was copied from.
    - Posts written by people, and the pages of any site (its about or 404 page): notes
      (info). A survey chart, an embed, a newsletter form or a live demo there is written on
      purpose by the site's own authors; the note is there for a reviewer to confirm.

    ## Options
    `allowed-iframe-hosts` (list of strings): hosts whose iframes are fine (subdomains too).
    """

    code = "PL510"
    name = "unsafe-html"
    severity = Severity.ERROR
    Options = UnsafeHtmlOptions

    def check(self, post, ctx) -> Iterator[Finding]:
        allowed = tuple(h.lower().lstrip(".") for h in self.options.allowed_iframe_hosts)
        # people put active content in their own pages on purpose: a note, not an error
        level, note = (None, "") if written_by_script(post, ctx) else \
            (Severity.INFO, " (written by the site's own authors: confirm it is on purpose)")
        for token in html_start_tags(post):
            why = _UNSAFE_ELEMENTS.get(token.name)
            if why is not None:
                yield Finding(tag_span(post, token), why + note, severity=level)
            elif token.name == "iframe":
                host = self._foreign_host(post, token.get("src") or "")
                if host and not any(host == h or host.endswith("." + h) for h in allowed):
                    yield Finding(tag_span(post, token), f"`<iframe>` from `{host}`, which is "
                                  f"not an allowed host (`allowed-iframe-hosts`){note}",
                                  severity=level)
            for attribute in token.attributes:
                if _EVENT_HANDLER.fullmatch(attribute.name):
                    yield Finding(attribute_span(post, attribute), f"event handler "
                                  f"`{attribute.name}` runs code on every reader's browser{note}",
                                  severity=level)

    @staticmethod
    def _foreign_host(post, source: str) -> str | None:
        resolved = templates.resolve_url(source.strip(), post.site)
        if not resolved:
            return None
        try:
            host = (urlsplit(resolved).hostname or "").lower()
        except ValueError:
            return None
        if not host or host == post.site.host:
            return None
        return host


class DuplicateId(BodyRule):
    """The same `id` twice in one post.

    ## What it does
    Reports every `id` attribute whose value an earlier element of the post already has,
    naming the line of the first. Ids built by Liquid (`{{ … }}`) are not compared.

    ## Why is this bad
    A `#fragment` link goes to the first one only, `<label for>` and ARIA references pick
    one at random, and scripts that look the id up find the wrong element.

    ## Example
    ```html
    <span id="quote_106.NIO"></span> … <span id="quote_106.NIO"></span>
    ```
    """

    code = "PL511"
    name = "duplicate-id"
    severity = Severity.WARNING

    def check(self, post, ctx) -> Iterator[Finding]:
        if not post.html:
            return
        first: dict[str, int] = {}
        document = post.html
        for token in html_start_tags(post):
            attribute = token.attribute("id")
            if attribute is None or not attribute.value or "{" in attribute.value:
                continue
            if document.alternative_ranges and document.in_alternative_branch(token.start):
                continue
            value = attribute.value
            if value in first:
                yield Finding(value_span(post, attribute), f"duplicate id `{value}` (first on "
                              f"line {first[value]})")
            else:
                first[value] = post.position(token.start)[0]


class TargetBlank(BodyRule):
    """`target="_blank"` without `rel="noopener"` or `noreferrer`.

    ## What it does
    Reports links and forms that open a new browsing context without `rel="noopener"` (or
    `noreferrer`, which implies it).

    ## Why is this bad
    Older browsers give the opened page `window.opener`, with which it can navigate the
    reader's tab to a phishing page. Current browsers imply `noopener`; saying it costs
    nothing.

    ## Example
    ```html
    <a href="https://example.org/" target="_blank">source</a>
    ```
    """

    code = "PL512"
    name = "target-blank"
    severity = Severity.INFO

    def check(self, post, ctx) -> Iterator[Finding]:
        for token in html_start_tags(post):
            if token.name not in ("a", "area", "form"):
                continue
            target = token.attribute("target")
            if target is None or (target.value or "").strip().lower() != "_blank":
                continue
            rel = (token.get("rel") or "").lower().split()
            if "noopener" not in rel and "noreferrer" not in rel:
                yield Finding(attribute_span(post, target), '`target="_blank"` without '
                              '`rel="noopener"`')


# ---------------------------------------------------------------- renderer
_CONSTRUCT_NAMES = {"inline": "link", "reference": "link", "image": "image",
                    "autolink": "autolink", "definition": "link definition", "heading": "heading",
                    "list": "list"}


class SwallowedMarkdown(BodyRule):
    """Markdown that the renderer prints as text because it sits inside an HTML block.

    ## What it does
    Reads the post as the site's renderer does (SPEC, "Reading Markdown as the site's renderer
    does") and reports each link, image, autolink, link definition, heading and list (where
    markdown-it reads one) that ends up
    inside an HTML block, naming the line where the block began:
    - kramdown (Jekyll) reads an HTML block as one element up to its end tag; an element that
      is never closed (`<p><p align="center"></p>`) keeps it reading raw HTML to the end of
      the file, and Markdown inside any HTML block is raw unless the element has
      `markdown="1"`. A link on the line right after `<p>…</p>` is still a link.
    - CommonMark (Hugo's goldmark) ends an HTML block only at a blank line: Markdown on the
      lines right after an HTML line is part of the block.

    ## Why is this bad
    Readers get `[返回首页](//example.com/)` as literal text instead of a link, `## Title`
    instead of a heading. The link checker cannot see such links either: they are not links.

    ## Example
    ```markdown
    <p><p align="center"></p>
     <p>text</p>

    [Back to the index](/category/news.html)
    ```
    """

    code = "PL513"
    name = "swallowed-markdown"
    severity = Severity.ERROR

    def check(self, post, ctx) -> Iterator[Finding]:
        if post.is_html or "<" not in post.body:
            return
        view = renderer_view(post)
        if not view.regions:
            return
        excluded = templates.raw_ranges(post.body, post.body_offset,
                                        post.site.generator.template_syntax)
        for construct in markdown_constructs(post):
            region = view.region_at(construct.start)
            if region is None or any(s <= construct.start < e for s, e in excluded):
                continue
            if construct.start < post.text.find("<", region.start, region.end):
                continue  # the construct holds the block (`- <!-- note -->`): it is Markdown
            what = _CONSTRUCT_NAMES[construct.kind]
            renderer = ELEMENT_BLOCK_RENDERERS.get(view.renderer)
            if renderer and not region.closed and region.blocker:
                inner, inner_start, closing, closing_start = region.blocker
                why = (f"{renderer} reads the rest of the file as raw HTML: the `<{inner}>` on "
                       f"line {post.position(inner_start)[0]} is not closed, so it ignores the "
                       f"`</{closing}>` on line {post.position(closing_start)[0]} and never ends "
                       f"the `<{region.element}>` opened on line {region.line}")
            elif renderer and not region.closed:
                why = (f"the `<{region.element}>` opened on line {region.line} is never closed, "
                       f"so {renderer} reads the rest of the file as raw HTML")
            elif renderer:
                why = (f"it is inside the `<{region.element}>` HTML block that begins on line "
                       f"{region.line} ({renderer} does not read Markdown inside HTML blocks "
                       "without `markdown=\"1\"`)")
            else:
                why = (f"it is part of the HTML block that begins on line {region.line} "
                       "(CommonMark ends an HTML block only at a blank line)")
            yield Finding(post.span(construct.start, construct.end),
                          f"{what} printed as text: {why}")


class RawHtmlOmitted(BodyRule):
    """Raw HTML in Markdown that the renderer drops from the page.

    ## What it does
    On a site whose renderer drops raw HTML, reports each HTML block and each inline HTML tag
    of a Markdown post, and says when Markdown swallowed into the block (the lines after the
    HTML line, up to the next blank line) goes with it. Hugo's goldmark does this unless
    `markup.goldmark.renderer.unsafe = true` (its default is false). HTML comments are not
    reported (they show nothing either way); `.html` posts are not Markdown.

    ## Why is this bad
    The page gets `<!-- raw HTML omitted -->` where the HTML was: the image, table or embed
    the author wrote is missing, silently, with any Markdown that shared its block.

    ## Example
    ```markdown
    <div class="note">
    Read the [guide](/guide/) first.
    </div>
    ```
    Either set `markup.goldmark.renderer.unsafe = true` or write it as Markdown (or a
    shortcode).
    """

    code = "PL514"
    name = "raw-html-omitted"
    severity = Severity.WARNING

    def check(self, post, ctx) -> Iterator[Finding]:
        if post.is_html or "<" not in post.body:
            return
        why = post.site.generator.drops_raw_html(post.site)
        if not why:
            return
        view = renderer_view(post)
        reported: set[int] = set()
        for token in post.html.tokens:
            if token.kind not in ("start", "end") or token.fragment in reported:
                continue
            reported.add(token.fragment)
            region = view.region_at(token.start)
            if region is None:
                if token.kind == "start":
                    yield Finding(tag_span(post, token),
                                  f"raw HTML `<{token.name}>` dropped from the page: {why}")
                continue
            swallowed = [c for c in markdown_constructs(post)
                         if region.start <= c.start < region.end]
            also = (f"; the Markdown in the block goes with it (line "
                    f"{post.position(swallowed[0].start)[0]})") if swallowed else ""
            yield Finding(tag_span(post, token),
                          f"raw HTML block dropped from the page: {why}{also}")
