"""Eleventy 3: `eleventy.config.*`/`.eleventy.js`; templates of the input folder; markdown-it.

The config is JavaScript: postlint reads the few settings written as literals (`dir.input`,
`dir.includes`, `dir.data`, `dir.output`, `addPassthroughCopy("path")`, which anchor plugin
is used) and runs nothing. URLs follow Eleventy's permalink rules (docs: permalinks): a
template `dir/name.md` is `/dir/name/`, `dir/index.md` is `/dir/`; a `permalink` string
without template syntax is the URL as written; `permalink: false` writes no file; a
`permalink` in a directory data file (`dir/dir.json`, `dir/x.11tydata.json`) applies below
it. Heading ids are those of the site's anchor plugin: markdown-it-anchor's default slug,
or the `IdAttributePlugin` with Eleventy's `slugify` filter; with neither, headings get none.
Markdown runs through Liquid or Nunjucks first; a date without offset is UTC.
"""
from __future__ import annotations

import functools
import json
import posixpath
import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable
from urllib.parse import quote

from postlint.generators.base import Detection, Generator
from postlint.generators.zola import heading_text
from postlint.globs import matches_any
from postlint.redirects import read_redirects
from postlint.urls import SourceFile, ext_of, read_source, walk_site

if TYPE_CHECKING:
    from postlint.post import Post
    from postlint.site import Site
    from postlint.urls import UrlIndex

CONFIG_NAMES = (".eleventy.js", "eleventy.config.js", "eleventy.config.mjs",
                "eleventy.config.cjs", "eleventy.config.ts")
#: the template formats Eleventy reads by default that postlint lints
TEMPLATE_EXTS = frozenset({".md", ".html", ".njk", ".liquid"})
#: markdown-it-attrs' block at the end of a heading: `{ #id .class key=value }`
_ATTRIBUTES = re.compile(r"[ \t]*\{[ \t]*([^{}]*?)[ \t]*\}[ \t]*$")
_JS_COMMENT = re.compile(r"/\*.*?\*/|(?<![:\"'])//[^\n]*", re.S)


# ---------------------------------------------------------------------------- slugs
def markdown_it_anchor_slug(text: str) -> str:
    """markdown-it-anchor's default `slugify`: `encodeURIComponent(s.trim().toLowerCase()
    .replace(/\\s+/g, '-'))` (the id is written encoded; fragments are compared decoded)."""
    slug = re.sub(r"\s+", "-", text.strip().lower())
    return quote(slug, safe="-_.!~*'()")


@functools.cache
def _diacritics() -> frozenset[str]:
    """The characters with Unicode's Diacritic property (as Node knows them)."""
    from postlint.generators.eleventy_slugify_data import DIACRITIC_RANGES

    return frozenset(chr(code) for start, end in DIACRITIC_RANGES for code in range(start, end + 1))


def eleventy_slugify(text: str) -> str:
    """Eleventy's `slugify` filter: @sindresorhus/slugify 2.2.1 with `decamelize: false`
    (its builtin replacements `&` and, or transliterate's table, then NFD without
    diacritics, lower case, `x's` -> `xs`, runs of other characters to one `-`)."""
    from postlint.generators.eleventy_slugify_data import REPLACEMENTS

    text = unicodedata.normalize("NFC", text)
    for key, value in (("&", " and "), ("\U0001f984", " unicorn "), ("\u2665", " love ")):
        text = text.replace(key, value)
    if not text.isascii():
        for key, value in REPLACEMENTS:
            if key in text:
                text = text.replace(key, value)
    marks = _diacritics()
    text = "".join(c for c in unicodedata.normalize("NFD", text) if c not in marks)
    text = unicodedata.normalize("NFC", text).lower()
    text = re.sub(r"([a-zA-Z\d]+)'([ts])(\s|$)", r"\1\2\3", text)
    text = re.sub(r"[^a-z\d]+", "-", text).replace("\\", "")
    return re.sub(r"-{2,}", "-", text).strip("-")


# ---------------------------------------------------------------------------- config
def _config_text(site: "Site") -> str:
    if site.config_file is None:
        return ""
    try:
        return _JS_COMMENT.sub("", site.config_file.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError):
        return ""


def _literal(text: str, key: str) -> str | None:
    match = re.search(rf"\b{key}\s*:\s*([\"'`])([^\"'`]*)\1", text)
    return match.group(2) if match else None


def _folder(path: str) -> str:
    return posixpath.normpath(path.strip().lstrip("./") or ".").strip("/") if path else "."


def eleventy_dirs(raw: dict[str, Any]) -> dict[str, str]:
    """Site-relative folders: input, includes, layouts, data, output."""
    return {k: v for k, v in raw.items() if k in ("input", "includes", "layouts", "data", "output")}


def _read_dirs(text: str) -> dict[str, str]:
    input_dir = _folder(_literal(text, "input") or ".")
    base = "" if input_dir == "." else input_dir
    dirs = {"input": input_dir}
    for key, default in (("includes", "_includes"), ("layouts", None), ("data", "_data")):
        value = _literal(text, key) or default
        if value is not None:
            dirs[key] = posixpath.normpath(posixpath.join(base, value)).lstrip("./") or "."
    dirs["output"] = _folder(_literal(text, "output") or "_site")
    return dirs


def _anchor_mode(text: str) -> str:
    """`markdown-it-anchor`, `id-attribute`, `none`, or `unknown` (a slugify of the site's)."""
    if "markdown-it-anchor" in text:
        return "unknown" if re.search(r"\bslugify\s*:", text) else "markdown-it-anchor"
    if "IdAttributePlugin" in text:
        return "unknown" if re.search(r"\bslugify\s*:", text) else "id-attribute"
    return "none"


# ---------------------------------------------------------------------------- URLs
def _directory_permalink(site: "Site", relpath: str) -> Any:
    """A `permalink` from the nearest static directory data file (JSON) above `relpath`."""
    folder = posixpath.dirname(relpath)
    stem = posixpath.splitext(posixpath.basename(relpath))[0]
    candidates = [f"{folder}/{stem}.11tydata.json"] if folder else [f"{stem}.11tydata.json"]
    while folder:
        candidates.append(f"{folder}/{posixpath.basename(folder)}.11tydata.json")
        candidates.append(f"{folder}/{posixpath.basename(folder)}.json")
        folder = posixpath.dirname(folder)
    for candidate in candidates:
        try:
            data = json.loads((site.root / candidate).read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, ValueError):
            continue
        if isinstance(data, dict) and "permalink" in data:
            return data["permalink"]
    return None


def eleventy_url(site: "Site", source: SourceFile) -> str | None:
    """The URL of a template (decoded), None when it writes no file or its URL is only known
    after running templates."""
    dirs = eleventy_dirs(site.raw)
    input_dir = dirs.get("input", ".")
    inner = source.relpath if input_dir == "." else source.relpath[len(input_dir) + 1:]
    data = source.data or {}
    permalink = data["permalink"] if "permalink" in data else \
        _directory_permalink(site, source.relpath)
    if permalink is False:
        return None
    if isinstance(permalink, str):
        if "{{" in permalink or "{%" in permalink:
            return None
        url = "/" + permalink.strip().lstrip("/")
        return url[: -len("index.html")] if url.endswith("/index.html") else url
    stem = posixpath.splitext(inner)[0]
    if posixpath.basename(stem) == "index":
        stem = posixpath.dirname(stem)
    return "/" + stem + "/" if stem else "/"


def _is_template(site: "Site", relpath: str) -> bool:
    dirs = eleventy_dirs(site.raw)
    input_dir = dirs.get("input", ".")
    if input_dir != "." and not relpath.startswith(input_dir + "/"):
        return False
    for key in ("includes", "layouts", "data", "output"):
        folder = dirs.get(key)
        if folder and folder != "." and (relpath + "/").startswith(folder + "/"):
            return False
    if any(part in ("node_modules", ".git") for part in relpath.split("/")):
        return False
    return ext_of(relpath).lower() in TEMPLATE_EXTS


def slug_filter(text: str) -> str:
    """Eleventy's older `slug` filter: the `slugify` package with `lower: true` (characters
    outside `\\w \\s $*_+~.()'"!-:@` removed, runs of white space and `-` to one `-`).
    Exact for ASCII; the package's own map of other letters (`é` -> `e`) is not modelled:
    they are removed."""
    text = re.sub(r"[^\w\s$*_+~.()'\"!\-:@]+", "", unicodedata.normalize("NFC", text), flags=re.A)
    return re.sub(r"[\s-]+", "-", text.strip()).lower()


#: `permalink: /tags/{{ tag | slug }}/`: one page per tag, when paginating over collections
_TAG_PERMALINK = re.compile(r"^([^{}]*)\{\{-?\s*(\w+)\s*\|\s*(slug|slugify)\s*-?\}\}([^{}]*)$")


def _tag_pages(data: dict) -> list | None:
    """[prefix, filter, suffix, tags left out] of a template that writes a page per tag
    (`pagination: {data: collections, size: 1, alias: tag}`), else None."""
    pagination = data.get("pagination")
    permalink = data.get("permalink")
    if not isinstance(pagination, dict) or not isinstance(permalink, str):
        return None
    match = _TAG_PERMALINK.match(permalink.strip())
    if match is None or pagination.get("data") != "collections" or \
            pagination.get("size", 1) != 1 or pagination.get("alias") != match.group(2):
        return None
    left_out = pagination.get("filter") or []
    left_out = [left_out] if isinstance(left_out, str) else left_out
    return [match.group(1), match.group(3), match.group(4),
            ["all", *(str(t) for t in left_out if isinstance(t, (str, int)))]]


def _tags(data: dict) -> list[str]:
    tags = data.get("tags")
    tags = [tags] if isinstance(tags, str) else tags
    return [str(t) for t in tags if isinstance(t, (str, int))] if isinstance(tags, list) else []


def _fact(site: "Site", relpath: str) -> list | None:
    """[URL, the per-tag pages it writes (see `_tag_pages`), its tags]."""
    source = read_source(site, relpath)
    if source is None:
        return None
    data = source.data or {}
    return [eleventy_url(site, source), _tag_pages(data), _tags(data)]


def _passthrough(text: str) -> list[tuple[str, str]]:
    """(source folder or file, output path) of the literal `addPassthroughCopy` calls."""
    found = [(m.group(2), "") for m in
             re.finditer(r"addPassthroughCopy\(\s*([\"'])([^\"']+)\1\s*\)", text)]
    for match in re.finditer(r"addPassthroughCopy\(\s*\{([^}]*)\}", text):
        for pair in re.finditer(r"([\"'])([^\"']+)\1\s*:\s*([\"'])([^\"']*)\3", match.group(1)):
            found.append((pair.group(2), pair.group(4) or "/"))
    return found


def _build(index: "UrlIndex") -> None:
    site = index.site
    dirs = eleventy_dirs(site.raw)
    input_dir = dirs.get("input", ".")
    ignored = _ignored_patterns(site)
    paged: list[tuple[str, list]] = []
    tags: set[str] = set()

    for relpath in walk_site(site.root):
        if not _is_template(site, relpath) or matches_any(relpath, ignored):
            continue
        fact = index.facts(relpath, lambda relpath=relpath: _fact(site, relpath))
        if not fact:
            continue
        if fact[0] is not None:
            index.by_source[relpath] = fact[0]
            index.add(fact[0], relpath)
        if fact[1]:
            paged.append((relpath, fact[1]))
        tags.update(fact[2])
    for relpath, (prefix, name, suffix, left_out) in paged:
        slug = slug_filter if name == "slug" else eleventy_slugify
        for tag in sorted(tags - set(left_out)):
            index.add(prefix + slug(tag) + suffix, relpath)
    base = "" if input_dir == "." else input_dir + "/"
    for source, target in _passthrough(_config_text(site)):
        source = _folder(source)
        for relpath in _files_at(site.root, source):
            inner = relpath[len(source):].lstrip("/") if relpath != source else \
                posixpath.basename(source)
            if target:
                url = "/" + posixpath.join(target.strip("/"), inner).lstrip("/")
            else:
                full = relpath[len(base):] if relpath.startswith(base) else relpath
                url = "/" + full
            index.add(url, relpath)
    for path in read_redirects(site.root, (input_dir, "public")).paths:
        index.add(path, "redirects")


def _files_at(root: Path, relpath: str) -> list[str]:
    if (root / relpath).is_file():
        return [relpath]
    return [f"{relpath}/{inner}" for inner in walk_site(root / relpath)]


def _ignored_patterns(site: "Site") -> list[str]:
    """`.eleventyignore` globs (site-relative, as Eleventy resolves them)."""
    try:
        lines = (site.root / ".eleventyignore").read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
    return [line.strip().lstrip("./") for line in lines
            if line.strip() and not line.startswith("#")]


class Eleventy(Generator):
    """Eleventy: templates of the input folder, Liquid or Nunjucks, then markdown-it."""

    name = "eleventy"
    config_names = CONFIG_NAMES
    title = "Eleventy"
    renderer = "commonmark"
    datetime_format = "%Y-%m-%dT%H:%M:%S%:z"
    default_schema = "eleventy-page"
    models_urls = True
    reads_block_ial = False
    template_syntax = "nunjucks"
    front_matter_forms = ("eleventy-json", "eleventy-js")
    html_template_suffixes = frozenset({".njk", ".liquid"})
    #: docs (dates): the file's times, from the file system or from git
    date_keywords = frozenset({"last modified", "created", "git last modified", "git created"})
    content_suffixes = TEMPLATE_EXTS
    pages_without_front_matter = True
    post_globs = ()

    def read_config(self, detection: Detection) -> dict[str, Any]:
        """The literal settings of the JavaScript config (nothing is run)."""
        try:
            text = _JS_COMMENT.sub("", detection.config_files[0].read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError):
            text = ""
        plugins = "InputPathToUrl" if "InputPathToUrl" in text else ""
        return {**_read_dirs(text), "anchors": _anchor_mode(text), "plugins": plugins,
                "attributes": "markdown-it-attrs" in text}

    def site_settings(self, raw: dict[str, Any]) -> dict[str, Any]:
        return {"timezone": None}

    def describe(self, site: "Site") -> dict[str, Any]:
        return {"dirs": eleventy_dirs(site.raw), "heading_ids": site.raw.get("anchors")}

    def classify(self, site: "Site", site_relpath: str) -> str | None:
        """Templates of the input folder are pages (front matter optional); includes,
        layouts and data are no content."""
        return "page" if _is_template(site, site_relpath) else None

    def build_index(self, index: "UrlIndex") -> None:
        _build(index)

    def index_fact(self, index: "UrlIndex", relpath: str) -> list | None:
        return _fact(index.site, relpath)

    def source_url(self, site: "Site", source: SourceFile) -> str | None:
        return eleventy_url(site, source)

    def source_link_url(self, url: str, post, site: "Site") -> str | None:
        """With `InputPathToUrlTransformPlugin`, a link to a template's input path (`/blog/x.md`,
        `blog/x.md` from the input folder, `./x.md` from the page's own folder) becomes
        that template's URL."""
        if "InputPathToUrl" not in site.raw.get("plugins", ""):
            return None
        from urllib.parse import unquote, urlsplit

        parts = urlsplit(url)
        path = unquote(parts.path)
        if not path or parts.scheme or parts.netloc:
            return None
        input_dir = eleventy_dirs(site.raw).get("input", ".")
        if path.startswith(("./", "../")):
            folder = posixpath.dirname(post.path.relative_to(site.root).as_posix())
        else:
            folder = "" if input_dir == "." else input_dir
        return posixpath.normpath(posixpath.join(folder, path.lstrip("/")))

    def heading_slugger(self, site: "Site") -> Callable[[Any], str]:
        mode = site.raw.get("anchors")
        if mode == "markdown-it-anchor":
            return lambda inline: markdown_it_anchor_slug(heading_text(inline))
        if mode == "id-attribute":
            return lambda inline: eleventy_slugify(heading_text(inline))
        return lambda inline: ""

    def heading_custom_id(self, post: "Post", content: str) -> str | None:
        """markdown-it-attrs, when the site uses it: `## Title { #id .class }` (markdown-it
        itself reads no attributes)."""
        if not post.site.raw.get("attributes"):
            return None
        found = _ATTRIBUTES.search(content)
        ids = re.findall(r"(?:^|\s)#([^\s#.{}]+)", found.group(1)) if found else []
        return ids[-1] if ids else None

    def repeat_suffix_start(self, site: "Site") -> int:
        return 2 if site.raw.get("anchors") == "id-attribute" else 1

    def knows_heading_ids(self, site: "Site") -> bool:
        return site.raw.get("anchors") != "unknown"

    def term_keys(self, site: "Site") -> dict[str, str]:
        return {"tags": "tags"}
