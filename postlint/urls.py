"""The site's URL index: every URL the generator will serve, computed as it computes them.

Nothing is built and no Markdown is read: the index walks the site's files once, reads only
the front matter of the files that have one, and applies the generator's own URL rules
(Jekyll 4.3: `Document#url`, `Page#url`, `StaticFile#url`; Hugo: sections, bundles, `slug`,
`url`, `aliases`, `[permalinks]`, `static/`). URLs are kept decoded (as the output files are
named), without the site's `baseurl`; `UrlIndex.resolve` turns a link as written into such a
path.

`output_url(post)` is the URL one post builds to (for PL602 duplicate-url); `UrlIndex`
answers "does the site serve this path?" and "what is the nearest path it serves?".
"""
from __future__ import annotations

import bisect
import os
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator
from urllib.parse import unquote, urlsplit

import yaml


if TYPE_CHECKING:
    from postlint.post import Post
    from postlint.site import Site

try:
    _YamlLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _YamlLoader = yaml.SafeLoader

#: the extensions Markdown converters read
MARKDOWN_EXTS = frozenset({".md", ".markdown", ".mkd", ".mkdn", ".mdown", ".markdn", ".mdwn"})
HTML_EXTS = frozenset({".html", ".xhtml", ".htm"})
NEVER_WALK = frozenset({".git", ".hg", ".svn", "node_modules", ".postlint_cache", "__pycache__"})


def ext_of(name: str) -> str:
    return posixpath.splitext(name)[1]


# ---------------------------------------------------------------------------- one file's URL
@dataclass(frozen=True, slots=True)
class SourceFile:
    """What the URL rules need of one file: where it is and its front matter, if any."""

    relpath: str  # site-relative, '/'-separated
    data: dict | None  # front matter as the generator reads it (None: no front matter)
    post: "Post | None" = None  # the parsed file (its dates are read from the text as written)


def output_url(post: "Post") -> str | None:
    """The URL `post` builds to (decoded, without baseurl), or None if it builds to none."""
    site = post.site
    relpath = _site_relpath(post.path, site.root)
    if relpath is None or post.decoding.binary:
        return None
    return site.generator.source_url(site, SourceFile(relpath, _generator_data(post), post))


def _site_relpath(path: Path, root: Path) -> str | None:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except (ValueError, OSError):
            return None


# ---------------------------------------------------------------------------- Hugo rules


# ---------------------------------------------------------------------------- the index
#: how many URLs (the nearest in its folder) "did you mean" compares a broken link with
NEAREST_CANDIDATES = 500
#: `facts(relpath, compute)`: a file's part of the index, from `compute()` or a cache of it
FactLookup = Callable[[str, Callable[[], Any]], Any]


@dataclass
class UrlIndex:
    """Every path the site serves (decoded, without baseurl) -> the file it comes from."""

    site: "Site"
    urls: dict[str, str] = field(default_factory=dict)
    #: site-relative path of a source file -> its URL
    by_source: dict[str, str] = field(default_factory=dict)
    #: how a file's part of the index is obtained (see `build`)
    facts: FactLookup = field(default=lambda relpath, compute: compute(), repr=False)
    _nearest: dict[str, str | None] = field(default_factory=dict, repr=False)
    _by_last: dict[str, list[str]] | None = field(default=None, repr=False)
    _pages: list[str] = field(default_factory=list, repr=False)

    # ------------------------------------------------------------ building
    @classmethod
    def build(cls, site: "Site", facts: FactLookup | None = None) -> "UrlIndex":
        """The index of `site`. `facts(relpath, compute)` may answer a file's part of it from
        a cache (the result cache does, for files whose size and mtime are unchanged)."""
        index = cls(site)
        if facts is not None:
            index.facts = facts
        site.generator.build_index(index)
        return index

    def add(self, url: str, relpath: str) -> None:
        self.urls.setdefault(url, relpath)
        if url.endswith("/"):
            self.urls.setdefault(url + "index.html", relpath)
        elif not posixpath.splitext(url.rsplit("/", 1)[-1])[1]:
            self.urls.setdefault(url + ".html", relpath)  # Jekyll writes `/a` as a.html

    def fact(self, relpath: str) -> list | None:
        """What one file (site-relative path) gives the index; JSON, so it can be cached."""
        return self.site.generator.index_fact(self, relpath)

    # ------------------------------------------------------------ asking
    # Rules ask only these questions (through `IndexQuestions`), so that a cached result can
    # be checked against a changed site by asking its questions again.
    def serves(self, path: str) -> bool:
        return self.source_of(path) is not None

    def url_of(self, relpath: str) -> str | None:
        """The URL the site publishes the file `relpath` (site-relative) at, if it does."""
        return self.by_source.get(relpath)

    def has_post(self, name: str) -> bool:
        """Is there a post `{% post_url [folder/]2021-01-01-slug %}` names?"""
        return self.site.generator.has_post(self, name)

    def has_content(self, name: str) -> bool:
        """Is there a content file Hugo's `ref "name"` finds?"""
        return self.site.generator.has_content(self, name)

    def source_of(self, path: str) -> str | None:
        """The file that serves `path` (decoded, without baseurl), as web servers map it."""
        for candidate in _served_forms(path):
            if candidate in self.urls:
                return self.urls[candidate]
        return None

    def nearest(self, path: str) -> str | None:
        """The served URL closest to `path`: same last segment first, then by similarity
        (computed once per path: many posts share a broken target)."""
        if path not in self._nearest:
            self._nearest[path] = self._find_nearest(path)
        return self._nearest[path]

    def _find_nearest(self, path: str) -> str | None:
        if not self.urls:
            return None
        if self._by_last is None:
            self._by_last = {}
            for url in self.urls:
                if not url.endswith("/index.html"):
                    last = url.rstrip("/").rsplit("/", 1)[-1].casefold()
                    self._by_last.setdefault(last, []).append(url)
            self._pages = sorted(u for urls in self._by_last.values() for u in urls)
        last = path.rstrip("/").rsplit("/", 1)[-1]
        same = self._by_last.get(last.casefold()) if last else None  # `/MIGRATION/` too
        if same:
            return min(same, key=lambda u: (abs(len(u) - len(path)), u))
        from rapidfuzz import fuzz, process  # only a broken link asks: not at start-up

        above, folder, siblings = self._neighbours(path)
        # pages of one folder share its path and often their extension: compare the names
        # between, or a folder of unrelated names would look alike (`/category/a.html`)
        scored = [(close[1], close[0]) for close in (
            process.extractOne(path, above, scorer=fuzz.ratio, score_cutoff=60),
            process.extractOne(path, siblings, scorer=fuzz.ratio, score_cutoff=60,
                               processor=lambda u: posixpath.splitext(u[len(folder):])[0]))
            if close]
        return max(scored, key=lambda found: found[0])[1] if scored else None

    def _neighbours(self, path: str) -> tuple[list[str], str, list[str]]:
        """The pages worth comparing with `path`: the folders above it that are pages; and
        the deepest folder above it that has pages (with its `/`), with at most
        NEAREST_CANDIDATES of them around where `path` sorts (bounded work per broken link,
        however large the site)."""
        pages = self._pages
        above = [f + "/" for f in _folders_above(path) if self.serves(f + "/")]
        prefix, low, high = "", 0, len(pages)
        for folder in _folders_above(path):
            start = bisect.bisect_left(pages, folder + "/")
            end = bisect.bisect_left(pages, folder + "/\U0010ffff")
            if start < end:
                prefix, low, high = folder + "/", start, end
                break
        at = bisect.bisect_left(pages, path, low, high)
        half = NEAREST_CANDIDATES // 2
        start = max(low, min(at - half, high - NEAREST_CANDIDATES))
        return above, prefix, pages[start:min(high, start + NEAREST_CANDIDATES)]


def _folders_above(path: str) -> Iterator[str]:
    """`/a/b/c.html` -> `/a/b`, `/a`, `` (the root)."""
    folder = path.rstrip("/")
    while "/" in folder:
        folder = folder.rsplit("/", 1)[0]
        yield folder


class IndexQuestions:
    """The URL index as one file's rules see it: each question and its answer is noted
    (`asked`), so that the result cache can keep the file's results exactly as long as the
    site gives the same answers. Anything else read of the index (a plugin reading `urls`)
    makes the results depend on the whole site (`whole_site`)."""

    def __init__(self, index: UrlIndex):
        self._index = index
        self.asked: dict[tuple, Any] = {}
        self.whole_site = False

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # copy, pickle and hasattr probes read nothing of the site
            raise AttributeError(name)
        self.whole_site = True
        return getattr(self._index, name)

    def _ask(self, question: str, *args: Any) -> Any:
        key = (question, *args)
        if key not in self.asked:
            self.asked[key] = getattr(self._index, question)(*args)
        return self.asked[key]

    def serves(self, path: str) -> bool:
        return self.source_of(path) is not None

    def source_of(self, path: str) -> str | None:
        return self._ask("source_of", path)

    def url_of(self, relpath: str) -> str | None:
        return self._ask("url_of", relpath)

    def nearest(self, path: str) -> str | None:
        return self._ask("nearest", path)

    def has_post(self, name: str) -> bool:
        return self._ask("has_post", name)

    def has_content(self, name: str) -> bool:
        return self._ask("has_content", name)


def answers_hold(index: UrlIndex, asked: list[list]) -> bool:
    """Does `index` still answer every question as noted (`[question, *args, answer]`)?"""
    return all(getattr(index, question)(*args) == answer for question, *args, answer in asked)


def _served_forms(path: str) -> Iterator[str]:
    yield path
    if path.endswith("/"):
        yield path + "index.html"
    else:
        yield path + "/"
        if not posixpath.splitext(path.rsplit("/", 1)[-1])[1]:
            yield path + ".html"


def walk_site(top: Path) -> Iterator[str]:
    """Site-relative file paths below `top`, sorted, not following symlinks out of it."""
    if not top.is_dir():
        return
    for folder, dirs, files in os.walk(top):
        dirs[:] = sorted(d for d in dirs if d not in NEVER_WALK and d != "_site"
                         and not os.path.islink(os.path.join(folder, d)))
        rel = os.path.relpath(folder, top)
        for name in sorted(files):
            yield name if rel == "." else f"{rel.replace(os.sep, '/')}/{name}"


def read_source(site: "Site", relpath: str) -> SourceFile | None:
    """One file as the URL rules see it; only files that start with `---`/`+++` are parsed."""
    from postlint.post import Post

    path = site.root / relpath
    try:
        with open(path, "rb") as handle:
            head = handle.read(3)
            posts = site.generator.is_post_path(relpath)
            if head not in (b"---", b"+++") and not posts:
                return SourceFile(relpath, None)
            raw = head + handle.read()
    except OSError:
        return None
    post = Post.from_bytes(path, relpath, raw, site, is_post=posts)
    return SourceFile(relpath, _generator_data(post), post)


def _generator_data(post: "Post") -> dict | None:
    """The front matter the generator sees: none unless it starts on the first line."""
    if post.decoding.binary or not post.has_front_matter or post.split.open_line != 1:
        return None
    return post.data


# ---------------------------------------------------------------------------- resolving links
@dataclass(frozen=True, slots=True)
class Target:
    """Where a link points, as far as the site is concerned."""

    internal: bool  # relative, root-relative, or on the site's own host
    path: str | None = None  # decoded path without baseurl (None: outside the baseurl)
    fragment: str = ""
    written_path: str = ""  # the path with baseurl, as a reader's browser asks for it


def page_url(post: "Post", index: "UrlIndex | IndexQuestions | None" = None) -> str | None:
    """The URL of the page a post becomes, the base its relative links resolve against."""
    relpath = _site_relpath(post.path, post.site.root)
    published = index.url_of(relpath) if index is not None else None
    return published or output_url(post)


def resolve(url: str, base: str | None, site: "Site") -> Target:
    """Resolve a link as the reader's browser does, from the page at `base` (a URL that
    cannot be parsed is not internal: PL407 reports it)."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower() if parts.netloc else ""
    except ValueError:
        return Target(False)
    if parts.scheme and parts.scheme.lower() not in ("http", "https"):
        return Target(False)
    if parts.netloc:
        if not site.host or host != site.host:
            return Target(False)
        path = parts.path or "/"
    elif parts.path.startswith("/"):
        path = parts.path
    elif base is None:
        return Target(True, None, parts.fragment)
    else:
        full_base = (site.baseurl.rstrip("/") + base) if site.baseurl else base
        path = posixpath.join(full_base.rsplit("/", 1)[0] + "/", parts.path) if parts.path \
            else full_base
        path = _normalize(path, keep_slash=parts.path.endswith(("/", "/.", "/..")) or
                          parts.path in (".", ".."))
    path = _normalize(path, keep_slash=path.endswith("/"))
    decoded = unquote(path)
    if "\ufffd" in decoded and "\ufffd" not in path:
        decoded = path  # not UTF-8 once decoded: keep it as written
    if any(decoded == other.rstrip("/") or decoded.startswith(other.rstrip("/") + "/")
           for other in site.other_sites):
        return Target(False)  # another site on the same host serves it
    baseurl = "/" + site.baseurl.strip("/") if site.baseurl.strip("/") else ""
    if baseurl:
        if decoded == baseurl or decoded.startswith(baseurl + "/"):
            return Target(True, decoded[len(baseurl):] or "/", parts.fragment, decoded)
        return Target(True, None, parts.fragment, decoded)
    return Target(True, decoded, parts.fragment, decoded)


def _normalize(path: str, keep_slash: bool) -> str:
    """Remove `.` and `..` segments as RFC 3986 does (never above the root)."""
    out: list[str] = []
    for segment in path.split("/")[1:]:
        if segment == "..":
            if out:
                out.pop()
        elif segment != ".":
            out.append(segment)
    result = "/" + "/".join(s for s in out if s != "" or False)
    result = re.sub(r"/+", "/", result)
    if keep_slash and not result.endswith("/"):
        result += "/"
    return result
