"""Hexo: `_config.yml` beside a `package.json` that names `hexo`; `source_dir`; marked.

URLs follow Hexo 8 (lib/plugins/processor/{post,asset}.ts, lib/models/post.ts, the
`permalink` filter): a post `source/_posts/x.md` gets the `permalink` setting
(`:year/:month/:day/:title/` by default; `:title` is its path in `_posts` without extension)
unless its front matter sets `permalink`; any other renderable file of `source_dir` whose
path has no `_`/`.` segment is a page at its path with `.html` (`docs/x.md` ->
`/docs/x.html`, `about/index.md` -> `/about/index.html`); other files are copied as they lie.
Tag plugins (`{% note %}`) run as Nunjucks before marked; hexo-renderer-marked gives headings
`slugize(text)` ids with case kept (`modifyAnchors` 1/2: lower/upper case).
"""
from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from postlint.dates import loaded_datetime
from postlint.generators.base import Detection, Generator
from postlint.generators.hexo_diacritics import escape_diacritic
from postlint.generators.zola import heading_text
from postlint.globs import matches_any
from postlint.redirects import read_redirects
from postlint.urls import SourceFile, ext_of, read_source, walk_site

if TYPE_CHECKING:
    from postlint.post import Post
    from postlint.site import Site
    from postlint.urls import UrlIndex

#: file extensions Hexo renders to `.html` (its own renderers and the usual plugins')
RENDERED_EXTS = frozenset({".md", ".markdown", ".mkd", ".mkdn", ".mdwn", ".mdtxt", ".mdtext",
                           ".html", ".htm", ".njk", ".nunjucks", ".j2", ".ejs", ".pug",
                           ".swig"})

#: NexT's tabs block and its tabs (`<!-- tab caption@icon -->`, a line of its own)
_NEXT_TABS = re.compile(r"\{%-?\s*tabs\s+(.*?)\s*-?%\}(.*?)\{%-?\s*endtabs\s*-?%\}", re.S)
_NEXT_TAB = re.compile(r"<!--\s*tab (.*?)\s*-->\n")
_CONTROL = re.compile(r"[\u0000-\u001f]")
_SPECIAL = re.compile(r"[\s~`!@#$%^&*()\-_+=\[\]{}|\\;:\"'<>,.?/]+")


def hexo_slugize(text: str, transform: int = 0) -> str:
    """hexo-util's `slugize` (lib/slugize.ts): diacritics escaped, control characters
    dropped, runs of spaces and punctuation to one `-`, none at either end; case kept unless
    `transform` is 1 (lower) or 2 (upper)."""
    result = _SPECIAL.sub("-", _CONTROL.sub("", escape_diacritic(text)))
    result = re.sub(r"-{2,}", "-", result).strip("-")
    return result.lower() if transform == 1 else result.upper() if transform == 2 else result


def _package(folder: Path) -> dict:
    """`package.json` as a mapping ({} when absent or unreadable)."""
    try:
        package = json.loads((folder / "package.json").read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return {}
    return package if isinstance(package, dict) else {}


def _dependencies(package: dict) -> dict:
    found = {}
    for key in ("dependencies", "devDependencies"):
        if isinstance(package.get(key), dict):
            found.update(package[key])
    return found


def _package_names_hexo(folder: Path) -> bool:
    package = _package(folder)
    return "hexo" in _dependencies(package) or isinstance(package.get("hexo"), dict)


def _source_dir(site: "Site") -> str:
    return str(site.raw.get("source_dir") or "source").strip("/")


def hexo_url(site: "Site", source: SourceFile) -> str | None:
    """The URL of a file of `source_dir` (decoded, without `root`), None if not published."""
    prefix = _source_dir(site) + "/"
    if not source.relpath.startswith(prefix):
        return None
    inner = source.relpath[len(prefix):]
    parts = inner.split("/")
    data = source.data or {}
    if parts[0] == "_posts":
        if data.get("published") is False or ext_of(inner).lower() not in RENDERED_EXTS:
            return None  # a post's assets are published beside it (see `_post_assets`)
        return _post_url(site, "/".join(parts[1:]), data)
    if parts[0] == "_drafts" or any(p.startswith(("_", ".")) for p in parts):
        return None
    if matches_any(inner, [str(p) for p in site.raw.get("skip_render") or []
                           if isinstance(p, str)]):
        return "/" + inner
    ext = ext_of(inner).lower()
    if ext not in RENDERED_EXTS:
        return "/" + inner
    permalink = data.get("permalink")
    if isinstance(permalink, str) and permalink.strip():
        return _finish(permalink.strip())
    return "/" + inner[: len(inner) - len(ext)] + ".html"


def _post_url(site: "Site", inner: str, data: dict) -> str:
    permalink = data.get("permalink")
    if isinstance(permalink, str) and permalink.strip():
        return _finish(permalink.strip())
    title = posixpath.splitext(inner)[0]
    slug = data.get("slug")
    if isinstance(slug, str) and slug:
        title = slug
    values = {"title": title, "name": posixpath.basename(title), "post_title": title,
              "id": str(data.get("_id", "")), "hash": ""}
    when = loaded_datetime(data.get("date"), site)
    if when is not None:
        values.update(year=f"{when.year:04d}", month=f"{when.month:02d}",
                      day=f"{when.day:02d}", i_month=str(when.month), i_day=str(when.day),
                      hour=f"{when.hour:02d}", minute=f"{when.minute:02d}",
                      second=f"{when.second:02d}")
    categories = data.get("categories")
    first = categories[0] if isinstance(categories, list) and categories else categories
    values["category"] = hexo_slugize(str(first)) if isinstance(first, str) and first \
        else str(site.raw.get("default_category") or "uncategorized")
    pattern = str(site.raw.get("permalink") or ":year/:month/:day/:title/")
    filled = re.sub(r":(year|month|day|i_month|i_day|hour|minute|second|title|name|"
                    r"post_title|id|category|hash)", lambda m: values.get(m.group(1), m.group(0)),
                    pattern)
    return _finish(filled)


def _finish(url: str) -> str:
    """Hexo writes a permalink ending in `/` as `index.html` there; a leading `/` is implied."""
    return re.sub(r"/+", "/", "/" + url.lstrip("/"))


def _fact(site: "Site", relpath: str) -> list | None:
    source = read_source(site, relpath)
    if source is None:
        return None
    return [hexo_url(site, source)]


def _build(index: "UrlIndex") -> None:
    site = index.site
    source_dir = _source_dir(site)
    for relpath in walk_site(site.root / source_dir):
        full = f"{source_dir}/{relpath}"
        fact = index.facts(full, lambda full=full: _fact(site, full))
        if not fact or fact[0] is None:
            continue
        index.by_source[full] = fact[0]
        index.add(fact[0], full)
    if site.raw.get("post_asset_folder") is True:
        _post_assets(index, source_dir)
    for path in read_redirects(site.root, (source_dir,)).paths:
        index.add(path, "redirects")
    aliases = site.raw.get("alias")  # hexo-generator-alias: old path -> new path
    for old in aliases if isinstance(aliases, dict) else {}:
        index.add(_finish(str(old)), "_config.yml alias")
    for generated in ("/archives/", "/tags/", "/categories/", "/sitemap.xml", "/atom.xml",
                      "/search.xml", "/search.json"):
        index.add(generated, "hexo")


def _post_assets(index: "UrlIndex", source_dir: str) -> None:
    """`post_asset_folder: true`: `_posts/x/pic.png` is served beside the post `_posts/x.md`
    (without it, Hexo publishes no file of `_posts` but the posts)."""
    posts = f"{source_dir}/_posts/"
    stems = {posixpath.splitext(source)[0]: url for source, url in index.by_source.items()
             if source.startswith(posts)}
    for relpath in walk_site(index.site.root / posts):
        folder, _, rest = relpath.partition("/")
        url = stems.get(posts + folder)
        if rest and url is not None and url.endswith("/") and \
                ext_of(rest).lower() not in RENDERED_EXTS:
            index.add(url + rest, posts + relpath)


class Hexo(Generator):
    """Hexo: `source_dir` files, Nunjucks tag plugins, then marked."""

    name = "hexo"
    title = "Hexo"
    renderer = "commonmark"
    default_schema = "hexo-post"
    models_urls = True
    reads_block_ial = False
    template_syntax = "nunjucks"
    front_matter_forms = ("hexo-json",)
    post_globs = ("source/_posts/**/*.md", "source/_posts/**/*.markdown")
    future_setting = "`future: true`"

    def detect(self, folder: Path) -> Detection | None:
        config = folder / "_config.yml"
        if config.is_file() and _package_names_hexo(folder):
            return Detection(folder, (config,), ("_config.yml", "package.json names hexo"))
        return None

    def site_settings(self, raw: dict[str, Any]) -> dict[str, Any]:
        from urllib.parse import urlsplit

        parts = urlsplit(str(raw.get("url") or ""))
        root = str(raw.get("root") or parts.path or "/")
        return {"url": f"{parts.scheme}://{parts.netloc}" if parts.netloc else "",
                "baseurl": root.rstrip("/"), "timezone": raw.get("timezone") or None,
                "future": raw.get("future", True) is not False,
                "permalink": str(raw.get("permalink") or ":year/:month/:day/:title/")}

    def describe(self, site: "Site") -> dict[str, Any]:
        return {"source_dir": _source_dir(site), "permalink": site.permalink}

    def classify(self, site: "Site", site_relpath: str) -> str | None:
        """Posts under `source_dir/_posts` (front matter required), pages elsewhere in
        `source_dir`; the theme, scaffolds and scripts are no content."""
        prefix = _source_dir(site) + "/"
        if not site_relpath.startswith(prefix):
            return None
        parts = site_relpath[len(prefix):].split("/")
        if parts[0] in ("_posts", "_drafts"):
            return "post"
        if any(p.startswith(("_", ".")) for p in parts):
            return None
        return "page"

    def is_post_path(self, site_relpath: str) -> bool:
        return "/_posts/" in "/" + site_relpath

    def build_index(self, index: "UrlIndex") -> None:
        _build(index)

    def index_fact(self, index: "UrlIndex", relpath: str) -> list | None:
        return _fact(index.site, relpath)

    def source_url(self, site: "Site", source: SourceFile) -> str | None:
        return hexo_url(site, source)

    def heading_slug(self, inline: Any, site: "Site") -> str:
        return hexo_slugize(heading_text(inline).strip())

    def knows_heading_ids(self, site: "Site") -> bool:
        """hexo-renderer-marked 2 and later, with `headerIds` on and `modifyAnchors` 0 (the
        default): ids are `slugize(text)`; older renderers and other options are not modelled."""
        marked = site.raw.get("marked") if isinstance(site.raw.get("marked"), dict) else {}
        if marked.get("headerIds") is False or marked.get("modifyAnchors") not in (None, 0):
            return False
        return _renderer_is_modelled(site.root)

    def heading_custom_id(self, post: "Post", content: str) -> str | None:
        return None  # marked reads `{#id}` as text (hexo-renderer-marked has no attributes)

    def template_ids(self, post) -> set[str]:
        """NexT's `{% tabs Name %}` (theme scripts/tags/tabs.js): `id` = the name lower-cased,
        spaces to `-`, on the block, and the same with ` 1`, ` 2`... on each tab."""
        if post.site.raw.get("theme") != "next" or "{% tabs" not in post.body:
            return set()
        ids = set()
        for block in _NEXT_TABS.finditer(post.body):
            name = block.group(1).split(",")[0]
            ids.add(name.lower().replace(" ", "-"))
            for number in range(1, len(_NEXT_TAB.findall(block.group(2))) + 1):
                ids.add(f"{name} {number}".lower().replace(" ", "-"))
        return ids

    def naive_is_utc(self, timestamp: bool) -> bool:
        return False  # read in the config's `timezone` (moment-timezone)

    def term_keys(self, site: "Site") -> dict[str, str]:
        return {"categories": "categories", "tags": "tags"}

    def is_unpublished_draft(self, post) -> bool:
        return "_drafts" in post.path.parts or post.get("published") is False


def _renderer_is_modelled(root: Path) -> bool:
    """Does package.json use hexo-renderer-marked at major version 2 or later?"""
    version = re.search(r"\d+", str(_dependencies(_package(root)).get("hexo-renderer-marked", "")))
    return version is not None and int(version.group()) >= 2
