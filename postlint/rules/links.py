"""PL4: links — Markdown links, autolinks, reference definitions, images, HTML `href`/`src`/`srcset`.

The per-post rules (PL401–PL403, PL405–PL408) never touch the network: internal links are
resolved against the site's URL index (`ctx.urls`), which knows every URL the generator will
serve. PL404, PL409 and PL410 report the external checker's results (`--check-external`):
each post lists its external URLs in the per-file pass, the checker requests each URL once
after it, and the findings land on every post that uses the URL.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterator
from urllib.parse import unquote, urlsplit

from postlint.authors import written_by_script
from postlint.diagnostic import Edit, Finding, Fix, Severity, Span
from postlint.links import anchors as page_anchors
from postlint.links.addresses import host_allowed, local_host_reason
from postlint.rule import BodyRule, CorpusRule
from postlint.urls import Target, resolve

if TYPE_CHECKING:
    from postlint.context import Context
    from postlint.links.extract import Link
    from postlint.post import Post

#: schemes a link may use; anything else is a typo or an unknown protocol (PL407)
KNOWN_SCHEMES = frozenset({
    "http", "https", "mailto", "tel", "sms", "ftp", "ftps", "sftp", "ssh", "git", "irc",
    "ircs", "news", "nntp", "magnet", "geo", "xmpp", "callto", "skype", "webcal", "feed",
    "data", "javascript", "vbscript", "file", "about", "blob", "urn", "matrix", "bitcoin",
    "spotify", "steam", "zoommtg", "whatsapp", "weixin", "tg", "slack", "maps", "facetime",
})
#: `http:/x`, `https:x`, `http:///x`: a web scheme without exactly two slashes
BAD_WEB_SLASHES = re.compile(r"(?i)^https?:(?!//[^/])")
LIQUID = re.compile(r"\{\{|\{%")
#: fragments the HTML standard scrolls to without an element: "" and "top"
BUILTIN_FRAGMENTS = frozenset({"", "top"})


def links_of(post: "Post") -> list["Link"]:
    from postlint.links.extract import extract_links

    return [link for link in extract_links(post) if not LIQUID.search(link.url)]


def _scheme(url: str) -> str:
    match = re.match(r"([A-Za-z][A-Za-z0-9+.\-]*):", url)
    return match.group(1).lower() if match else ""


def _is_web(url: str) -> bool:
    return _scheme(url) in ("http", "https") or url.startswith("//")


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def is_external(url: str, ctx: "Context") -> bool:
    """An http(s) or `//` URL on another host than the site's own."""
    if not _is_web(url) or BAD_WEB_SLASHES.match(url):
        return False
    host = _host(url)
    return bool(host) and host != ctx.site.host


def _label(url: str, limit: int = 80) -> str:
    return url if len(url) <= limit else url[: limit - 1] + "…"


# ---------------------------------------------------------------------------- PL401
class EmptyLink(BodyRule):
    """A link or image with no target: `<>`, `[x]()`, `href=""`, `src=""`.

    ## What it does
    Reports Markdown links and images with an empty destination, the empty autolink `<>`,
    and HTML `href`, `src`, `srcset`, `poster`, `data` and `action` attributes that are empty.

    ## Why is this bad
    An empty link points back at the page itself; an empty `src` makes the browser request
    the page again as an image. Either way the reader gets nothing. Scrapers produce them
    when a source field is missing.

    ## Example
    ```markdown
    原文链接：<>
    [查看原文]()
    <img src="">
    ```
    """

    code = "PL401"
    name = "empty-link"
    severity = Severity.ERROR

    def check(self, post: "Post", ctx: "Context") -> Iterator[Finding]:
        from postlint.links.extract import extract_links

        for link in extract_links(post):
            if link.url.strip():
                continue
            if link.kind == "autolink":
                message = "empty autolink `<>`: it links nowhere and shows as `<>`"
            elif link.kind == "html":
                message = f"empty `{link.attribute}` on `<{link.element}>`"
            elif link.kind == "image":
                message = "image with an empty source"
            else:
                message = "link with an empty target"
            yield Finding(link.span, message)


# ---------------------------------------------------------------------------- PL402
class BrokenInternalLink(BodyRule):
    """A link to a page, post or file of the site that the site will not have.

    ## What it does
    Resolves every relative, root-relative and own-domain link (`https://<site host>/…` and
    `//<site host>/…`) the way a reader's browser does, from the URL the post itself is
    published at, and looks the result up in the site's URL index: every post, page, static
    file and collection document, with its URL computed as the generator computes it
    (Jekyll permalink styles and templates, categories, front-matter `permalink`, `baseurl`;
    Hugo sections, bundles, `slug`, `url`, `aliases`, `[permalinks]`). `{% post_url %}`,
    `{% link %}` and Hugo `ref`/`relref` must name an existing file. The message names the
    URL the link resolves to and the nearest URL the site has.

    On a site with a `baseurl` (a GitHub Pages project site, `owner.example/project/`), a
    root-relative link outside the baseurl (`/assets/x.png` for `/project/assets/x.png`) is
    reported: it is the classic missing-baseurl slip. An absolute link to the same host
    outside the baseurl (`https://owner.example/other-project/`) is not: the host serves
    other repositories' sites there, which postlint cannot see.

    ## Why is this bad
    A relative link is relative to the *published* URL, not to the file: under
    `/:categories/:year/:month/:day/:title.html`, `../emnews/` written in a post resolves to
    `/emnews/2021/12/emnews/`, a page that does not exist. Every reader who clicks gets a 404.

    ## Example
    ```markdown
    [返回东财滚动新闻](../emnews/)      <!-- use /emnews/ -->
    ```
    """

    code = "PL402"
    uses_site_index = True
    name = "broken-internal-link"
    severity = Severity.ERROR

    def check(self, post: "Post", ctx: "Context") -> Iterator[Finding]:
        if not ctx.site.generator.models_urls:
            return
        index = ctx.urls
        base = ctx.site.generator.link_base(post, index)
        for link in links_of(post):
            if link.kind in ("post_url", "link_tag", "hugo_ref"):
                finding = self._template_link(link, ctx)
                if finding is not None:
                    yield finding
                continue
            url = link.url.strip()
            named = ctx.site.generator.internal_link_path(url, post, ctx.site)
            if named is not None:
                if index.url_of(named) is None:
                    yield Finding(link.span, f"`{_label(url)}`: no content file `{named}` that "
                                  "the site publishes")
                continue
            if not url or url.startswith("#") or not _checkable(url):
                continue
            target = resolve(url, base, ctx.site)
            if not target.internal or _rewritten(url, ctx):
                continue
            if target.path is None:
                if _linked_source_page(url, post, ctx) is not None:
                    continue  # a render hook writes the URL of the page it names
                if _names_host(url):
                    continue  # another site on the same host (a project site): not ours to check
                if target.written_path:
                    where = f"`{_label(url)}` is" if target.written_path == url.split("#")[0] \
                        else f"`{_label(url)}` resolves to `{target.written_path}`, which is"
                    yield Finding(link.span, f"{where} outside the site's baseurl "
                                  f"`{ctx.site.baseurl}`")
                continue
            if index.serves(target.path) or _linked_source_page(url, post, ctx) is not None or \
                    ctx.site.generator.unmodelled_path(ctx.site, target.path):
                continue
            yield Finding(link.span, self._message(url, target, index, base))

    @staticmethod
    def _message(url: str, target: Target, index, base: str | None) -> str:
        shown = target.written_path or target.path
        nearest = index.nearest(target.path)
        if nearest == base:
            nearest = None  # the page itself is no suggestion
        hint = f" (did you mean `{_with_base(nearest, target)}`?)" if nearest else ""
        if shown == url.split("#")[0]:
            return f"`{_label(url)}` is not a URL the site has{hint}"
        return f"`{_label(url)}` resolves to `{shown}`, which the site does not have{hint}"

    def _template_link(self, link: "Link", ctx: "Context") -> Finding | None:
        index = ctx.urls
        name = link.url.strip().split("#", 1)[0].strip("'\" ")
        if not name or LIQUID.search(name):
            return None
        if link.kind == "post_url":
            found = index.has_post(name)
            what = f"`{{% post_url {name} %}}`: no post `{name}` in `_posts`"
        elif link.kind == "link_tag":
            found = index.url_of(name.lstrip("/")) is not None
            what = f"`{{% link {name} %}}`: no file `{name.lstrip('/')}` that the site publishes"
        else:
            found = index.has_content(name)
            what = f"`ref \"{name}\"`: no content file `{name}`"
        return None if found else Finding(link.span, what)


def _names_host(url: str) -> bool:
    """Is the link absolute (`https://host/…` or `//host/…`), not relative to this site?"""
    return url.startswith("//") or bool(_scheme(url))


def _rewritten(url: str, ctx: "Context") -> bool:
    """A destination the site's render hooks rewrite (`[links] rewritten` patterns)."""
    patterns = ctx.config.links.get("rewritten") or ()
    return any(re.search(pattern, url) for pattern in patterns)


def _linked_source_page(url: str, post: "Post", ctx: "Context") -> str | None:
    """The page a link to its source file (`other.md#part`) reaches, if the generator
    rewrites such links (jekyll-relative-links, Docusaurus, MkDocs) and the file is a page."""
    source = ctx.site.generator.source_link_url(url, post, ctx.site)
    return source if source is not None and ctx.urls.url_of(source) else None


def _with_base(path: str, target: Target) -> str:
    if target.written_path and target.path and target.written_path != target.path and \
            target.written_path.endswith(target.path):
        return target.written_path[: -len(target.path)] + path
    return path


def _checkable(url: str) -> bool:
    """A web URL (or a relative one) that is well formed: the others are PL407's."""
    scheme = _scheme(url)
    if scheme and scheme not in ("http", "https"):
        return False
    return malformed(url) is None


# ---------------------------------------------------------------------------- PL403
class BrokenAnchor(BodyRule):
    """A `#fragment`, on this page or an internal one, that matches no heading or id.

    ## What it does
    Checks the fragment of links to this page (`#section`) and to other pages of the site
    (`/about/#team`) against the ids the target page will have: its Markdown headings' ids as
    the site's renderer makes them (kramdown's GFM ids for Jekyll, `{#custom-id}` included;
    goldmark's for Hugo) and every `id=`/`name=` in its raw HTML. `#` and `#top` always work.
    A page that gets headings or ids from elsewhere (`{% include %}`, `{% include_relative %}`,
    `{% render %}` and the other tags the generator names, or a Hugo `{{% shortcode %}}` that
    is not closed later) has ids postlint cannot see until the build: a fragment missing from
    it is not reported.

    ## Why is this bad
    The link still opens the page, but not where the author meant: the reader lands at the
    top and has to search. Heading ids change when a heading is reworded.

    ## Example
    ```markdown
    ## Market summary
    [see the summary](#summary)    <!-- the id is market-summary -->
    ```
    """

    code = "PL403"
    uses_site_index = True
    name = "broken-anchor"
    severity = Severity.WARNING

    def check(self, post: "Post", ctx: "Context") -> Iterator[Finding]:
        generator = ctx.site.generator
        if not generator.knows_heading_ids(ctx.site):
            return  # a plugin of the site's own makes the ids
        base = generator.link_base(post, ctx.urls) if generator.models_urls else None
        own: set[str] | None = None
        for link in links_of(post):
            url = link.url.strip()
            if "#" not in url or link.kind in ("post_url", "link_tag", "hugo_ref"):
                continue
            fragment = url.split("#", 1)[1]
            if unquote(fragment).lower() in BUILTIN_FRAGMENTS:
                continue
            if url.startswith("#"):
                if generator.models_urls and base is None:
                    continue  # no page of its own (an included snippet): its page is not known
                if own is None:
                    own = page_anchors.anchors(post)
                if any(LIQUID.search(i) for i in own):
                    continue  # ids written by a template are only known after a build
                if not _has_anchor(own, fragment) and not includes_content(post.body, ctx.site):
                    yield Finding(link.span, f"`#{_label(fragment)}` matches no heading or id on "
                                  f"this page{_suggest(fragment, own)}")
                continue
            named = generator.internal_link_path(url, post, ctx.site)
            if named is not None:
                source, page = named, named
            else:
                if base is None or not _checkable(url):
                    continue
                target = resolve(url, base, ctx.site)
                if not target.internal or target.path is None:
                    continue
                page = target.written_path or target.path
                source = ctx.urls.source_of(target.path)
                if source is None:
                    source = _linked_source_page(url, post, ctx)
                    page = ctx.urls.url_of(source) if source is not None else page
            if source is None:
                continue  # PL402 reports the page itself
            ids = _anchors_of_source(source, post, ctx)
            if ids is not None and not _has_anchor(ids, fragment):
                yield Finding(link.span, f"`#{_label(fragment)}` matches no heading or id on "
                              f"`{page}` ({source}){_suggest(fragment, ids)}")


#: a template tag (`{% include x.md %}`): its name
_TEMPLATE_TAG = re.compile(r"\{%-?\s*(\w+)")
#: a Hugo shortcode in `{{% %}}` (its output is Markdown, headings included)
_MARKDOWN_SHORTCODE = re.compile(r"\{\{%\s*(\w[\w./-]*)")


def includes_content(body: str, site) -> bool:
    """Does the page get headings or ids from elsewhere, known only after a build? A template
    tag the generator names (`content_tags`: Liquid's `include`), or a `{{% shortcode %}}`
    that is not closed later (`{{% docs/intro %}}`, not `{{% alert %}}…{{% /alert %}}`)."""
    tags = site.generator.content_tags
    if "{%" in body and any(m.group(1) in tags for m in _TEMPLATE_TAG.finditer(body)):
        return True
    for match in _MARKDOWN_SHORTCODE.finditer(body):
        name = match.group(1)
        if not re.search(r"\{\{%\s*/\s*" + re.escape(name) + r"\s*%\}\}", body):
            return True
    return False


def _has_anchor(ids: set[str], fragment: str) -> bool:
    return fragment in ids or unquote(fragment) in ids


def _suggest(fragment: str, ids: set[str]) -> str:
    import difflib

    close = difflib.get_close_matches(unquote(fragment), sorted(ids), n=1, cutoff=0.6)
    return f" (did you mean `#{close[0]}`?)" if close else ""


def _anchors_of_source(source: str, post: "Post", ctx: "Context") -> set[str] | None:
    """The anchors of another file of the site (read once per run); None when unknown."""
    from postlint.post import HTML_SUFFIXES, MARKDOWN_SUFFIXES, Post

    ctx.depend_on(source)
    cache: dict[str, set[str] | None] = ctx.cache.setdefault("PL403-anchors", {})
    if source in cache:
        return cache[source]
    path = ctx.site.root / source
    ids: set[str] | None = None
    if path.suffix.lower() in MARKDOWN_SUFFIXES | HTML_SUFFIXES | ctx.site.generator.content_suffixes:
        if path == post.path:
            other = post
        else:
            try:
                other = Post.from_bytes(path, source, path.read_bytes(), ctx.site,
                                        ctx.site.generator.is_post_path(source))
            except OSError:
                other = None
        if other is not None and not other.decoding.binary and \
                not includes_content(other.body, ctx.site):
            ids = page_anchors.anchors(other)
            if any(LIQUID.search(i) for i in ids):
                ids = None  # ids written by Liquid are only known after a build
    cache[source] = ids
    return ids


# ---------------------------------------------------------------------------- PL405
class InsecureLink(BodyRule):
    """An `http://` link on an `https` site: mixed content for images, scripts and frames.

    ## What it does
    Reports `http://` URLs when the site's own `url` is `https://`. Images, scripts,
    stylesheets, iframes, video and audio are errors: browsers block or flag them as mixed
    content. Plain links are warnings.

    ## Why is this bad
    A blocked image or script breaks the page; a plain `http://` link exposes the reader to
    interception and usually costs a redirect.

    ## Example
    ```markdown
    <img src="http://img.example.com/chart.png">   <!-- blocked as mixed content -->
    <http://finance.eastmoney.com/a/202112082206672930.html>
    ```
    """

    code = "PL405"
    name = "insecure-link"
    severity = Severity.ERROR

    def check(self, post: "Post", ctx: "Context") -> Iterator[Finding]:
        if ctx.site.scheme != "https":
            return
        for link in links_of(post):
            url = link.url.strip()
            if _scheme(url) != "http" or malformed(url) is not None:
                continue
            embedded = link.embedded or link.kind == "image"
            if embedded:
                yield Finding(link.span, f"`{_label(url)}` is loaded over plain http on an https "
                              "site: browsers block it as mixed content")
            else:
                yield Finding(link.span, f"`{_label(url)}` uses plain http on an https site",
                              severity=Severity.WARNING)


# ---------------------------------------------------------------------------- PL406
class ProtocolRelativeUrl(BodyRule):
    """A protocol-relative URL `//host/path`: write the scheme (fix: `https:`).

    ## What it does
    Reports URLs that start with `//`. The fix adds `https:`.

    ## Why is this bad
    `//host/path` takes the scheme of the page: in a feed reader, an e-mail or a page saved
    to disk it becomes `file://host/path` or plain http. It is an old workaround that https
    everywhere made unnecessary.

    ## Example
    ```markdown
    [返回首页](//finews.withounder.com/)     <!-- https://finews.withounder.com/ -->
    ```
    """

    code = "PL406"
    name = "protocol-relative-url"
    severity = Severity.WARNING
    fixable = True

    def check(self, post: "Post", ctx: "Context") -> Iterator[Finding]:
        for link in links_of(post):
            if not link.url.startswith("//") or malformed(link.url.strip()) is not None:
                continue
            start = post.offset(link.span.line, link.span.column)
            written = post.text[start:start + 2]
            fix = Fix((Edit(start, start, "https:"),)) if written == "//" else None
            yield Finding(link.span, f"protocol-relative URL `{_label(link.url)}`: write "
                          f"`https:{_label(link.url)}`", fix)


# ---------------------------------------------------------------------------- PL407
class MalformedUrl(BodyRule):
    """A URL that is not one: spaces, backslashes, `http:/x`, an unknown scheme, a bad port.

    ## What it does
    Reports link targets that browsers and the generator read differently from what the
    author meant: white space inside the URL, backslashes, `http:` or `https:` without
    exactly two slashes (`http:/x`, `https:x`, `http:///x`), a scheme no browser knows
    (`htp://`, `hhttps://`), a port that is not a number, or brackets that are not an IPv6
    address.

    ## Why is this bad
    Such a link goes nowhere or somewhere else: `http:/x` is a path on the current host,
    `htp://x` is not followed at all, and a space ends the URL in plain text renderers.

    ## Example
    ```markdown
    [原文](http:/finance.eastmoney.com/a.html)
    [原文](htps://finance.eastmoney.com/a.html)
    ```
    """

    code = "PL407"
    name = "malformed-url"
    severity = Severity.ERROR

    def check(self, post: "Post", ctx: "Context") -> Iterator[Finding]:
        for link in links_of(post):
            if link.kind in ("post_url", "link_tag", "hugo_ref"):
                continue
            problem = malformed(link.url.strip())
            if problem:
                yield Finding(link.span, f"malformed URL `{_label(link.url.strip())}`: {problem}")


@functools.lru_cache(maxsize=8192)  # several rules ask about every link; many links repeat
def malformed(url: str) -> str | None:
    """Why `url` is malformed, or None."""
    if not url:
        return None
    scheme = _scheme(url)
    if re.search(r"\s", url) and scheme != "data":
        return "it contains white space (encode it as %20)"
    if "\\" in url:
        return "it contains a backslash (use /)"
    if scheme and scheme not in KNOWN_SCHEMES:
        near = _near_scheme(scheme)
        if near is None and not re.fullmatch(r"[a-z][a-z0-9+.\-]*", scheme):
            return None
        return f"unknown scheme `{scheme}:`" + (f" (did you mean `{near}:`?)" if near else "")
    if scheme in ("http", "https") and BAD_WEB_SLASHES.match(url):
        return f"`{scheme}:` must be followed by `//` and a host"
    if scheme in ("http", "https") or url.startswith("//"):
        try:
            parts = urlsplit(url)
        except ValueError:
            return "the host is not valid (brackets that are not an IPv6 address)"
        try:
            _ = parts.port
        except ValueError:
            return "the port is not a number from 0 to 65535"
        if not parts.hostname:
            return "no host after `//`"
    return None


def _near_scheme(scheme: str) -> str | None:
    import difflib

    close = difflib.get_close_matches(scheme, ["http", "https", "mailto", "ftp", "tel"], n=1,
                                      cutoff=0.6)
    return close[0] if close else None


# ---------------------------------------------------------------------------- PL408
class UnsafeUrl(BodyRule):
    """`javascript:`, `data:` outside images, `file:`, localhost and private addresses.

    ## What it does
    Reports links that run code (`javascript:`, `vbscript:`), embed documents (`data:`
    anywhere but an image), point at the author's own disk (`file:`), or at `localhost`,
    loopback, private or link-local addresses (`127.0.0.1`, `192.168.x.x`, `10.x`,
    `169.254.169.254`).

    ## Why is this bad
    Script URLs are a cross-site scripting vector; `data:` documents are used for phishing;
    `file:` and local addresses only ever worked on the author's machine, and make readers'
    browsers probe their own networks.

    ## On which site
    - Posts written by people (`[site] authors = "people"`, or inferred: see the README): a
      local address shown to the reader as the link's own text (`<http://localhost:1313/>`,
      `[localhost:16686](http://localhost:16686)`) is an instruction (start the server, then
      open this address), not a link that was meant to work: not reported. A local address
      behind other text, and every other unsafe URL, is.
    - Posts written by a script: every one is reported; a scraped article has no server of
      its reader's to point at.

    ## Example
    ```markdown
    [点击](javascript:void(0))
    ![chart](http://192.168.1.10/chart.png)
    ```
    """

    code = "PL408"
    name = "unsafe-url"
    severity = Severity.ERROR

    def check(self, post: "Post", ctx: "Context") -> Iterator[Finding]:
        by_script = written_by_script(post, ctx)
        for link in links_of(post):
            url = link.url.strip()
            image = link.kind == "image" or link.element in ("img", "source", "input") \
                or link.attribute == "poster"
            problem = unsafe(url, image=image)
            if not problem:
                continue
            if not by_script and local_host_reason(_host(url)) and shown_as_text(post, link):
                continue  # "open http://localhost:1313/": an address to type, not to follow
            yield Finding(link.span, f"unsafe URL `{_label(url, 60)}`: {problem}")


#: the text of a Markdown link or a definition's label, right before its destination
_TEXT_BEFORE_DESTINATION = re.compile(r"\[((?:[^\[\]\n\\]|\\.){1,200}+)\](?:\(|:[ \t]*)<?$")
#: the text of a reference link `[text][label]`, `[text][]`, `[text]`
_REFERENCE_TEXT = re.compile(r"\[((?:[^\[\]\n\\]|\\.){1,200}+)\]")
#: the text of an HTML `<a>` after the attribute: up to its end tag
_HTML_LINK_TEXT = re.compile(r"[^>]*>([^<]{1,200})</a\s*>", re.I)


def shown_as_text(post: "Post", link: "Link") -> bool:
    """Does the reader see the address: an autolink, or a link whose text (or whose
    definition's label) is its URL, with or without the scheme, or another name of the
    reader's own machine?"""
    if link.kind == "autolink":
        return True
    start = post.offset(link.span.line, link.span.column)
    end = post.offset(link.span.end_line, link.span.end_column)
    if link.kind == "html":
        match = _HTML_LINK_TEXT.match(post.text, end) if link.element == "a" else None
    elif link.kind == "reference":  # the span is the reference itself: `[text][label]`
        match = _REFERENCE_TEXT.match(post.text, start, end)
    else:
        match = _TEXT_BEFORE_DESTINATION.search(post.text, max(0, start - 210), start)
    if match is None:
        return False
    text = _bare_address(match.group(1))
    if not text:
        return False
    if _bare_address(link.url).startswith(text) and _host(link.url.strip()) in text:
        return True
    # `[http://localhost:8080](http://127.0.0.1:8080)`: two names of the reader's own machine
    same_machine = {"the local machine", "a loopback address"}
    return {local_host_reason(_host("//" + text)), local_host_reason(_host(link.url))} <= \
        same_machine


def _bare_address(text: str) -> str:
    """`http://localhost:1313/`, `` `localhost:1313` `` and `localhost\\:1313` as
    `localhost:1313`."""
    text = re.sub(r"\\(?=[!-/:-@\[-`{-~])", "", text)  # Markdown's backslash escapes
    text = text.strip().strip("`<>").strip().lower()
    text = re.sub(r"^[a-z][a-z0-9+.-]*://", "", text)
    return text.rstrip("/")


def unsafe(url: str, image: bool) -> str | None:
    scheme = _scheme(url)
    if scheme in ("javascript", "vbscript"):
        return f"`{scheme}:` runs code when clicked"
    if scheme == "data" and not (image and url[5:].lstrip().lower().startswith("image/")):
        return "a `data:` URL outside an image embeds a document readers cannot trust"
    if scheme == "file":
        return "`file:` points at a file on the author's own computer"
    if scheme in ("http", "https", "ftp", "ws", "wss") or url.startswith("//"):
        host = _host(url)
        reason = local_host_reason(host) if host else None
        if reason:
            return f"`{host}` is {reason}: the link only works on the author's own machine or network"
    return None


# ---------------------------------------------------------------------------- PL404, PL409, PL410
@dataclass(frozen=True, slots=True)
class ExternalUse:
    """One external URL in one post (what the per-file pass hands to the checker)."""

    url: str
    span: Span


class ExternalLinkRule(CorpusRule):
    """Base of the rules that report the external checker's results.

    `summarize` lists the post's external URLs (only with `--check-external`); the checker
    runs once after the per-file pass over every URL of the linted posts (`external_results`,
    shared by PL404/PL409/PL410 through the context); `check_corpus` reports the results.
    Posts that were not given are never checked: the rules see only the linted files.
    """

    sees_whole_site = False
    outcome: str = ""

    def summarize(self, post: "Post", ctx: "Context") -> Any:
        if not ctx.config.links.get("check-external", False):
            return None
        allowed = ctx.config.links.get("allow-hosts", [])
        uses = [ExternalUse(link.url.strip(), link.span) for link in links_of(post)
                if is_external(link.url.strip(), ctx) and malformed(link.url.strip()) is None
                and (local_host_reason(_host(link.url)) is None  # PL408 reports those
                     or host_allowed(_host(link.url), allowed))]
        return uses or None

    def check_corpus(self, summaries: dict[str, Any], ctx: "Context") -> Iterator[tuple[str, Finding]]:
        if not ctx.config.links.get("check-external", False):
            return
        results = external_results(ctx, summaries)
        for relpath, uses in sorted(summaries.items()):
            for use in uses or ():
                result = results.get(_absolute(use.url))
                if result is not None:
                    finding = self.finding(use, result)
                    if finding is not None:
                        yield relpath, finding

    def finding(self, use: ExternalUse, result) -> Finding | None:
        raise NotImplementedError


def _absolute(url: str) -> str:
    return "https:" + url if url.startswith("//") else url


def external_results(ctx: "Context", summaries: dict[str, Any]) -> dict:
    """Run the checker over the URLs not checked yet in this run (one network pass)."""
    from postlint.links.checker import CheckerSettings, check_urls

    done: dict = ctx.cache.setdefault("external-link-results", {})
    wanted = sorted({_absolute(use.url) for uses in summaries.values() for use in uses or ()}
                    - set(done))
    if wanted:
        settings = CheckerSettings.from_config(ctx.config.links, _cache_base(ctx),
                                               use_cache=not ctx.cache.get("no-cache", False))
        done.update(check_urls(wanted, settings))
    return done


def _cache_base(ctx: "Context"):
    return ctx.config.path.parent if ctx.config.path else ctx.site.root


class BrokenExternalLink(ExternalLinkRule):
    """With `--check-external`: an external link that is broken (4xx/5xx, DNS, refused, TLS).

    ## What it does
    Requests every external URL once (HEAD, then GET when HEAD is refused), following
    redirects, and reports 4xx and 5xx answers (after retries for 5xx), hosts that do not
    exist, refused connections, TLS errors, redirect loops and too many redirects.
    429, 403-to-bots and timeouts are not broken links: PL410 reports them.

    ## Why is this bad
    The reader clicks and gets an error page.

    ## Options
    The `[links]` table: `timeout`, `concurrency`, `per-host`, `request-spacing`, `retries`,
    `max-redirects`, `accept` (statuses that are fine), `exclude` (regexes of URLs never
    requested), `allow-hosts`, `user-agent`, `cache`, `cache-ttl`.
    """

    code = "PL404"
    name = "broken-external-link"
    severity = Severity.ERROR

    def finding(self, use: ExternalUse, result) -> Finding | None:
        if result.outcome != "broken":
            return None
        return Finding(use.span, f"broken link `{_label(use.url)}`: {result.detail}")


class RedirectedLink(ExternalLinkRule):
    """With `--check-external`: a link that permanently redirects; the final URL is suggested.

    ## What it does
    Reports external links whose redirect chain includes a permanent redirect (301, 308)
    and ends at a working page, and names that final URL.

    ## Why is this bad
    Every reader pays the redirect, and a moved page is often moved again or dropped later.

    ## Example
    `http://example.com/a` -> 301 -> `https://example.com/a`: link the https URL.
    """

    code = "PL409"
    name = "redirected-link"
    severity = Severity.INFO

    def finding(self, use: ExternalUse, result) -> Finding | None:
        if result.outcome != "ok" or not result.moved_to:
            return None
        return Finding(use.span, f"`{_label(use.url)}` redirects permanently to "
                       f"`{_label(result.moved_to)}`: link that URL")


class LinkInconclusive(ExternalLinkRule):
    """With `--check-external`: the host would not say (429 after retries, 403 to bots, timeout).

    ## What it does
    Reports external links that could not be verified: rate limiting that persisted after
    the retries, a 401/403 answer to an automated client, no answer within `timeout`, or a
    host postlint will not request (a local or private address not in `allow-hosts`).
    These results are never cached, so the next run asks again.

    ## Why is this bad
    It may be fine: it is reported apart from broken links so CI can keep failing only on
    real breakage, while someone looks at these by hand.
    """

    code = "PL410"
    name = "link-inconclusive"
    severity = Severity.INFO

    def finding(self, use: ExternalUse, result) -> Finding | None:
        if result.outcome != "inconclusive":
            return None
        return Finding(use.span, f"could not verify `{_label(use.url)}`: {result.detail}")
