"""Astro 7 and Starlight: `astro.config.*`, content collections, pages and their URLs.

What is modelled (checked against a build with `astro` 7 and `@astrojs/starlight` 0.42):

* **Config**: the literal values of `astro.config.*` (never run; see `js_config`): `site`,
  `base`, `trailingSlash`, whether Starlight is used, its `defaultLocale` and literal
  `locales` keys; the collections of `src/content.config.*` whose loader is
  `glob({ base: "..." })` (Starlight's `docsLoader()` reads `src/content/docs`).
* **Content**: `.md`, `.mdx` and `.mdoc` files of the collections (a name starting with `_`
  is not an entry) and the Markdown pages of `src/pages`.
* **URLs**: a Starlight page at `/<id>/`, its id being `slug`, else each folder and file
  name through github-slugger (`getContentEntryIdAndSlug`), `index` being its folder; with
  literal locales, every page of the default locale also under each other locale (the
  fallback pages); `src/pages` files by their path (`.astro`, `.md`, `.mdx`, `.html`, and
  endpoints such as `rss.xml.ts`); a collection rendered by a `src/pages/<dir>/[...slug].astro`
  route whose folder is named like the collection's (`posts` for `content/posts`);
  `public/` files. `draft: true` entries are not built. A path under a dynamic route that
  cannot be tied to a collection is not checked (`unmodelled_path`).
* **Links** are not rewritten: a relative link is resolved by the browser from the page's URL
  (a link to `other.md` is broken on an Astro site).
* **Heading ids**: github-slugger on the heading's text nodes (`rehypeHeadingIds`); Astro reads
  no `{#id}`.
* **Schema**: the JSON Schemas `astro sync` writes to `.astro/collections/*.schema.json`
  (merged: a key is required when every collection requires it), else Starlight's
  documented front matter, else a loose page schema. Naive dates are UTC.
"""
from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from postlint.generators import js_config
from postlint.generators.base import Detection, Generator, SiteConfigError
from postlint.links.github_slugger import slug as github_slug
from postlint.urls import SourceFile, read_source, walk_site

if TYPE_CHECKING:
    from postlint.post import Post
    from postlint.site import Site
    from postlint.urls import UrlIndex

CONFIG_NAMES = tuple(f"astro.config.{ext}" for ext in ("mjs", "js", "ts", "mts", "cjs", "cts"))
COLLECTION_CONFIGS = tuple(f"src/content.config.{ext}" for ext in ("ts", "js", "mjs", "mts")) + \
    tuple(f"src/content/config.{ext}" for ext in ("ts", "js", "mjs", "mts"))
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif", ".tiff"})
ENTRY_SUFFIXES = frozenset({".md", ".mdx", ".mdoc"})
PAGE_SUFFIXES = frozenset({".astro", ".md", ".mdx", ".html"})
ENDPOINT_SUFFIXES = frozenset({".js", ".ts", ".mjs", ".mts"})
STARLIGHT_DOCS = "src/content/docs"
_COLLECTION = re.compile(r"(?:const|let|var)\s+(\w+)\s*=\s*defineCollection\s*\(|(\w+)\s*:\s*defineCollection\s*\(")
#: the day-first and month-first forms V8's `Date.parse` reads, as strptime patterns
JS_DAY_FORMATS = ("%d %b %Y", "%d %B %Y", "%b %d %Y", "%B %d %Y")
_DYNAMIC = re.compile(r"\[(\.\.\.)?([^\]]+)\]")


def read_astro_config(detection: Detection) -> dict[str, Any]:
    """What postlint reads of an Astro site: the config's literals and its collections."""
    path = detection.config_files[0]
    try:
        text = js_config.strip_comments(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as exc:
        raise SiteConfigError(f"cannot read {path}: {exc}") from None
    starlight = "@astrojs/starlight" in text and re.search(r"\bstarlight\s*\(", text) is not None
    raw: dict[str, Any] = {"site": js_config.literal(text, "site"),
                           "base": js_config.literal(text, "base"),
                           "trailingSlash": js_config.literal(text, "trailingSlash"),
                           "starlight": starlight, "collections": _collections(detection.root)}
    if starlight:
        options = text[text.find("starlight(") + len("starlight("):]
        options = js_config.block_after(options, 0) or ""
        raw["defaultLocale"] = js_config.literal(options, "defaultLocale")
        locales_at = re.search(r"(?<![\w$.])locales\s*:", options)
        locales = js_config.block_after(options, locales_at.end()) if locales_at else None
        own = js_config.top_level(locales) if locales else ""
        raw["locales"] = [m.group(1) or m.group(2) or m.group(3) for m in re.finditer(
            r"""(?:^|[{,])\s*(?:'([^']+)'|"([^"]+)"|([\w-]+))\s*:""", own)]
        raw["collections"].setdefault("docs", STARLIGHT_DOCS)
    raw["routes"], raw["unmodelledRoutes"] = _routes(detection.root, raw)
    raw["syncedSchema"] = _collection_schemas(detection.root)  # the cache sees it change
    return {key: value for key, value in raw.items() if value is not None}


def _collections(root: Path) -> dict[str, str]:
    """Collection name -> its folder (site-relative), for `glob({ base })` loaders and the
    legacy `src/content/<name>/` folders."""
    for name in COLLECTION_CONFIGS:
        try:
            text = js_config.strip_comments((root / name).read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError):
            continue
        found = {}
        matches = list(_COLLECTION.finditer(text))
        for number, match in enumerate(matches):
            end = matches[number + 1].start() if number + 1 < len(matches) else len(text)
            body = text[match.end():end]
            base = js_config.literal(body, "base") if "glob(" in body else None
            collection = match.group(1) or match.group(2)
            if isinstance(base, str):
                found[collection] = posixpath.normpath(base)
            elif "loader" not in body:
                found[collection] = f"src/content/{collection}"
            elif "docsLoader(" in body:
                found[collection] = STARLIGHT_DOCS
        return found
    return {}


def entry_id(inner: str, data: dict | None) -> str:
    """A glob-loaded entry's id: `slug`, else its path's segments through github-slugger,
    `/index` dropped (`generateIdDefault`, `getContentEntryIdAndSlug`)."""
    slug = (data or {}).get("slug")
    if isinstance(slug, str) and slug:
        return slug.strip("/")
    segments = [github_slug(part) for part in posixpath.splitext(inner)[0].split("/")]
    entry = "/".join(segments)
    return "" if entry == "index" else entry.removesuffix("/index")


def _finish(site: "Site", url: str) -> str:
    url = re.sub(r"/+", "/", url)
    if site.raw.get("trailingSlash") == "never":
        return url.rstrip("/") or "/"
    return url


def _routes(root: Path, raw: dict[str, Any]) -> tuple[dict[str, str], list[str]]:
    """Collection folder -> the URL prefix of its `[...slug]` route; and the prefixes of
    dynamic routes that no collection could be tied to."""
    collections = raw.get("collections", {})
    tied: dict[str, str] = {}
    unknown: list[str] = []
    if raw.get("starlight"):
        tied[STARLIGHT_DOCS] = "/"
    for relpath in walk_site(root / "src/pages"):
        if not _DYNAMIC.search(relpath) or _is_private(relpath):
            continue
        folder = relpath.split("[", 1)[0].rstrip("/")
        params = _DYNAMIC.findall(relpath)
        if params[-1][1] == "page" and len(params) == 1:
            continue  # pagination of a listing: `/<dir>/`, `/<dir>/2/`
        name = folder.rsplit("/", 1)[-1]
        matched = [base for collection, base in collections.items()
                   if name and name in (collection, collection + "s", base.rsplit("/", 1)[-1])]
        if matched and len(params) == 1:
            tied.setdefault(matched[0], "/" + folder + "/" if folder else "/")
        elif folder:
            unknown.append("/" + folder + "/")
    return tied, unknown


def _is_private(relpath: str) -> bool:
    return any(part.startswith("_") for part in relpath.split("/"))


def astro_url(site: "Site", source: SourceFile) -> str | None:
    data = source.data or {}
    if data.get("draft") is True:
        return None
    relpath = source.relpath
    if relpath.startswith("src/pages/"):
        return _page_url(site, relpath[len("src/pages/"):])
    for folder, prefix in site.raw.get("routes", {}).items():
        if relpath.startswith(folder + "/"):
            inner = relpath[len(folder) + 1:]
            if _is_private(posixpath.basename(inner)) or \
                    posixpath.splitext(inner)[1].lower() not in ENTRY_SUFFIXES:
                return None
            entry = entry_id(inner, data)
            return _finish(site, prefix + entry + "/" if entry else prefix)
    return None


def _page_url(site: "Site", inner: str) -> str | None:
    if _is_private(inner) or _DYNAMIC.search(inner):
        return None
    stem, suffix = posixpath.splitext(inner)
    if suffix.lower() in ENDPOINT_SUFFIXES and "." in posixpath.basename(stem):
        return "/" + stem  # an endpoint: `rss.xml.ts` -> /rss.xml
    if suffix.lower() not in PAGE_SUFFIXES:
        return None
    if stem == "404":
        return "/404.html"
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")]
    return _finish(site, "/" + stem + ("/" if stem and not stem.endswith("/") else ""))


def _build(index: "UrlIndex") -> None:
    site = index.site
    for relpath in walk_site(site.root / "public"):
        index.add("/" + relpath, "public/" + relpath)
    folders = ["src/pages"] + sorted(set(site.raw.get("collections", {}).values()))
    locales = [c for c in site.raw.get("locales", []) if c not in ("root", site.raw.get("defaultLocale"))]
    default = site.raw.get("defaultLocale")
    for folder in folders:
        for inner in walk_site(site.root / folder):
            full = f"{folder}/{inner}"
            url = index.facts(full, lambda f=full: _fact(site, f))
            if not url:
                continue
            index.by_source[full] = url
            index.add(url, full)
            if folder == STARLIGHT_DOCS and default and url.startswith(f"/{default}/"):
                for code in locales:  # untranslated pages fall back to the default locale
                    index.add(f"/{code}/" + url[len(default) + 2:], full)


def _fact(site: "Site", relpath: str) -> str | None:
    source = read_source(site, relpath)
    return None if source is None else astro_url(site, source)


def _collection_schemas(root: Path) -> dict[str, Any] | None:
    """The JSON Schemas `astro sync` wrote, merged into one (None: there are none)."""
    properties: dict[str, Any] = {}
    required: set[str] | None = None
    for path in sorted((root / ".astro" / "collections").glob("*.schema.json")):
        try:
            schema = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        reference = schema.get("$ref", "") if isinstance(schema, dict) else ""
        if isinstance(reference, str) and reference.startswith("#/definitions/"):
            schema = (schema.get("definitions") or {}).get(reference.rsplit("/", 1)[-1], {})
        if not isinstance(schema, dict) or not isinstance(schema.get("properties"), dict):
            continue
        for key, prop in schema["properties"].items():
            properties.setdefault(key, prop)
        own = {str(k) for k in schema.get("required") or ()}
        required = own if required is None else required & own
    if required is None:
        return None
    return {"properties": properties, "required": sorted(required)}


class Astro(Generator):
    """Astro (and Starlight): content collections, pages, MDX, github-slugger heading ids."""

    name = "astro"
    config_names = CONFIG_NAMES
    title = "Astro"
    renderer = "commonmark"
    default_schema = "astro-page"
    schema_allows_unknown = True
    models_urls = True
    reads_block_ial = False
    content_suffixes = frozenset({".md", ".mdx", ".mdoc"})
    datetime_format = "%Y-%m-%dT%H:%M:%S%:z"
    publication_date_keys = ("date", "pubDate", "publishDate")
    post_date_keys = ("date", "pubDate", "publishDate")

    def read_config(self, detection: Detection) -> dict[str, Any]:
        return read_astro_config(detection)

    def site_settings(self, raw: dict[str, Any]) -> dict[str, Any]:
        parts = urlsplit(raw.get("site") if isinstance(raw.get("site"), str) else "")
        base = raw.get("base") if isinstance(raw.get("base"), str) else ""
        return {"url": f"{parts.scheme}://{parts.netloc}" if parts.netloc else "",
                "baseurl": (base or parts.path).rstrip("/")}

    def describe(self, site: "Site") -> dict[str, Any]:
        return {"starlight": bool(site.raw.get("starlight")),
                "collections": [f"{name} {folder}" for name, folder
                                in site.raw.get("collections", {}).items()],
                "routes": [f"{folder} -> {prefix}" for folder, prefix
                           in site.raw.get("routes", {}).items()],
                "unmodelled routes": site.raw.get("unmodelledRoutes", [])}

    # ------------------------------------------------------------ content
    def classify(self, site: "Site", site_relpath: str) -> str | None:
        if site_relpath.startswith("src/pages/"):
            return None if _is_private(site_relpath) else "page"
        for folder in site.raw.get("collections", {}).values():
            if site_relpath.startswith(folder + "/"):
                return None if _is_private(posixpath.basename(site_relpath)) else "post"
        return None

    def renderer_of(self, post: "Post") -> str:
        return "mdx" if post.path.suffix.lower() == ".mdx" else self.renderer

    def markdown_body(self, post: "Post") -> str:
        from postlint.mdx import mask

        return mask(post.body) if self.renderer_of(post) == "mdx" else post.body

    def raw_html_tags(self, post: "Post") -> list[tuple[int, int, str]]:
        from postlint.mdx import html_tags

        return list(html_tags(post.body)) if self.renderer_of(post) == "mdx" else []

    # ------------------------------------------------------------ URLs
    def build_index(self, index: "UrlIndex") -> None:
        _build(index)

    def index_fact(self, index: "UrlIndex", relpath: str) -> Any:
        return _fact(index.site, relpath)

    def source_url(self, site: "Site", source: SourceFile) -> str | None:
        return astro_url(site, source)

    def source_link_url(self, url: str, post: "Post", site: "Site") -> str | None:
        """A relative image (`![](./logo.png)`) is read from beside the file and optimised;
        other relative links are left to the browser."""
        from postlint.generators.source_links import relative_source

        return relative_source(url, post, site, IMAGE_SUFFIXES)

    def unmodelled_path(self, site: "Site", path: str) -> bool:
        return any(path.startswith(prefix) or path + "/" == prefix
                   for prefix in site.raw.get("unmodelledRoutes", []))

    # ------------------------------------------------------------ Markdown
    def heading_slug(self, inline: Any, site: "Site | None" = None) -> str:
        from postlint.links.anchors import inline_text

        return github_slug(inline_text(inline.children or ()))

    def heading_custom_id(self, post: "Post", content: str) -> str | None:
        return None  # `{#id}` is text to Astro

    def unique_heading_ids(self, post: "Post", headings: list[tuple[str | None, str]]) -> list[str]:
        from postlint.links.github_slugger import slugger_ids

        return slugger_ids(headings)

    # ------------------------------------------------------------ dates and schema
    def written_date(self, text: str) -> Any:
        """`25 Aug 2024`, `August 25, 2024`: a collection schema's `new Date(value)` reads
        them (as a day; the build machine's midnight)."""
        import datetime as dt

        from postlint.dates import WrittenDate

        cleaned = re.sub(r"\s+", " ", text.strip().replace(",", ""))
        for pattern in JS_DAY_FORMATS:
            try:
                day = dt.datetime.strptime(cleaned, pattern)
            except ValueError:
                continue
            return WrittenDate(day, False, None, text.strip())
        return None

    def site_schema(self, site: "Site") -> dict[str, Any] | None:
        if site.raw.get("syncedSchema") is not None:
            return site.raw["syncedSchema"]
        return {"extends": "starlight"} if site.raw.get("starlight") else None
