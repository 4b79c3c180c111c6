"""Zola: `config.toml` with `base_url`, `content/` sections and pages, `@/` links, pulldown-cmark.

URLs follow Zola's documented rules (content/overview, page, section, multilingual): a
section `a/b/_index.md` is `/a/b/`; a page `a/b/post.md` is `/a/b/<slug>/` (its `slug`, else
its file name without a `YYYY-MM-DD-`/`_` date prefix, slugified as `slugify.paths` says);
a page bundle `a/b/post/index.md` is `/a/b/post/`, and the files beside it are served there;
`path` replaces the whole URL; `aliases` are redirect pages; `post.es.md` is the `es`
language's page under `/es/`; `draft = true` is not built. Heading ids are made as
`slugify.anchors` says (`zola_slug`), repeats get `-1`, `-2`.
"""
from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from postlint.generators.base import Detection, Generator, read_config_file
from postlint.redirects import read_redirects
from postlint.urls import MARKDOWN_EXTS, SourceFile, ext_of, read_source, walk_site

if TYPE_CHECKING:
    from postlint.post import Post
    from postlint.site import Site
    from postlint.urls import UrlIndex

#: a file name's date prefix (Zola's `RFC3339_DATE` before `_` or `-`)
_DATE_PREFIX = re.compile(r"^(\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}:\d{2}(?:\.\d+)?"
                          r"(?:Z|[+-]\d{2}:\d{2}))?)\s?[_-](.+)$")


# ---------------------------------------------------------------------------- slugs
def slug_crate(text: str) -> str:
    """The `slug` crate's `slugify` (what Zola's `on` uses): every character transliterated
    by deunicode (Python's `unidecode`, the Text::Unidecode data deunicode started from; an
    emoji, which unidecode leaves empty, by its short name as `anyascii` gives it: 👩 woman),
    then runs of anything but `[a-z0-9]` become one `-`, lower case, no `-` at either end."""
    from anyascii import anyascii
    from unidecode import unidecode

    out: list[str] = []
    for char in text:
        if char.isascii():
            out.append(char)
            continue
        ascii_form = unidecode(char)
        if not ascii_form:
            named = anyascii(char)
            ascii_form = f" {named.strip(':')} " if named.startswith(":") else named or "-"
        out.append(ascii_form)
    slug = re.sub(r"[^a-z0-9]+", "-", "".join(out).lower())
    return slug.strip("-")


def zola_slug(text: str, strategy: str = "on") -> str:
    """Zola's `slugify_anchors(text, strategy)` (components/utils/src/slugs.rs): `on` is the
    slug crate's; `safe` and `off` only turn ASCII white space into `_`."""
    if strategy in ("safe", "off"):
        return re.sub(r"[ \t\n\x0c\r]", "_", text)
    return slug_crate(text)


def zola_path_slug(text: str, strategy: str = "on") -> str:
    """Zola's `slugify_paths`: `on` the slug crate's; `safe` strips `<>:"/\\|?*` and trailing
    spaces and dots; `off` keeps the text."""
    if strategy == "safe":
        return re.sub(r'[<>:"/\\|?*]', "", text.rstrip(" ."))
    if strategy == "off":
        return text
    return slug_crate(text)


def heading_text(inline: Any) -> str:
    """A heading's text as renderers that strip its markup see it: text and code, no tags."""
    parts = []
    for token in inline.children or ():
        if token.type in ("text", "code_inline"):
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)


# ---------------------------------------------------------------------------- URLs
def _slugify_setting(site: "Site", kind: str) -> str:
    slugify = site.raw.get("slugify")
    value = slugify.get(kind) if isinstance(slugify, dict) else None
    return value if value in ("on", "safe", "off") else "on"


def _languages(site: "Site") -> set[str]:
    languages = site.raw.get("languages")
    return {str(code) for code in languages} if isinstance(languages, dict) else set()


def _split_language(site: "Site", stem: str) -> tuple[str, str]:
    """(`index`, `es`) for `index.es`; the default language is ""."""
    if "." in stem:
        base, code = stem.rsplit(".", 1)
        if code in _languages(site) and code != site.raw.get("default_language", "en"):
            return base, code
        if code in _languages(site) or code == site.raw.get("default_language", "en"):
            return base, ""
    return stem, ""


def zola_url(site: "Site", source: SourceFile) -> str | None:
    """The URL of a content file (decoded, without the base_url's path), None if not built."""
    if not source.relpath.startswith("content/"):
        return None
    data = source.data or {}
    if data.get("draft") is True or data.get("render") is False:
        return None
    inner = source.relpath[len("content/"):]
    folder, name = posixpath.split(inner)
    stem, language = _split_language(site, posixpath.splitext(name)[0])
    prefix = f"/{language}" if language else ""
    if stem == "_index":
        return (prefix + "/" + folder + "/").replace("//", "/") if folder else prefix + "/"
    path = data.get("path")
    if isinstance(path, str) and path.strip("/"):
        return "/" + path.strip().strip("/") + "/"
    if stem == "index":
        folder, stem = posixpath.split(folder)
    slug = data.get("slug")
    if not isinstance(slug, str) or not slug:
        dated = _DATE_PREFIX.match(stem)
        slug = zola_path_slug(dated.group(2) if dated else stem, _slugify_setting(site, "paths"))
    return re.sub(r"/+", "/", f"{prefix}/{folder}/{slug}/")


def zola_aliases(source: SourceFile) -> list[str]:
    """`aliases`: each a redirect page (`/old/` -> old/index.html; `x.html` as written)."""
    aliases = (source.data or {}).get("aliases")
    out = []
    for alias in aliases if isinstance(aliases, list) else []:
        if isinstance(alias, str) and alias.strip():
            path = "/" + alias.strip().lstrip("/")
            out.append(path if path.endswith((".html", "/")) else path + "/")
    return out


def _fact(site: "Site", relpath: str) -> list | None:
    """[URL, aliases, taxonomy URLs] of one content file."""
    source = read_source(site, relpath)
    if source is None:
        return None
    url = zola_url(site, source)
    return [url, zola_aliases(source) if url else [], _terms(site, source) if url else []]


def _terms(site: "Site", source: SourceFile) -> list[str]:
    taxonomies = (source.data or {}).get("taxonomies")
    if not isinstance(taxonomies, dict):
        return []
    language = _split_language(site, posixpath.splitext(source.relpath.rsplit("/", 1)[-1])[0])[1]
    prefix = f"/{language}" if language else ""
    urls = []
    for name, terms in taxonomies.items():
        if not isinstance(terms, list):
            continue
        slug_name = zola_path_slug(str(name), _slugify_setting(site, "taxonomies"))
        urls.append(f"{prefix}/{slug_name}/")
        urls.extend(f"{prefix}/{slug_name}/"
                    f"{zola_path_slug(str(t), _slugify_setting(site, 'taxonomies'))}/"
                    for t in terms if isinstance(t, (str, int)))
    return urls


def _build(index: "UrlIndex") -> None:
    site = index.site
    for relpath in walk_site(site.root / "static"):
        index.add("/" + relpath, "static/" + relpath)
    for path in read_redirects(site.root, ("static",)).paths:
        index.add(path, "redirects")
    content = site.root / "content"
    bundles: dict[str, str] = {}  # content folder -> its URL (for the files beside it)
    for relpath in walk_site(content):
        full = "content/" + relpath
        if ext_of(relpath).lower() not in MARKDOWN_EXTS:
            continue
        fact = index.facts(full, lambda full=full: _fact(site, full))
        if not fact or fact[0] is None:
            continue
        url, aliases, terms = fact
        index.by_source[full] = url
        index.add(url, full)
        for path in (*aliases, *terms):
            index.add(path, full)
        folder, name = posixpath.split(relpath)
        if name.split(".", 1)[0] in ("index", "_index"):
            bundles.setdefault(folder, url)
    for relpath in walk_site(content):
        folder, name = posixpath.split(relpath)
        if ext_of(name).lower() in MARKDOWN_EXTS or name.startswith("."):
            continue
        if folder in bundles:  # colocated assets are served beside their page
            index.add(bundles[folder] + name, "content/" + relpath)
    feeds = site.raw.get("feed_filenames") or [site.raw.get("feed_filename") or "atom.xml"]
    if site.raw.get("generate_feeds") or site.raw.get("generate_feed"):
        for feed in feeds if isinstance(feeds, list) else []:
            index.add("/" + str(feed), "zola")
            for language in _languages(site) - {site.raw.get("default_language", "en")}:
                index.add(f"/{language}/{feed}", "zola")
    for generated in ("/sitemap.xml", "/robots.txt", "/404.html"):
        index.add(generated, "zola")


class Zola(Generator):
    """Zola: sections and pages under `content/`, shortcodes, then pulldown-cmark."""

    name = "zola"
    title = "Zola"
    renderer = "commonmark"
    datetime_format = "%Y-%m-%dT%H:%M:%S%:z"
    default_schema = "zola-page"
    schema_allows_unknown = False
    models_urls = True
    reads_block_ial = False
    template_syntax = "nunjucks"  # Tera shortcodes `{{ x() }}`, `{% x() %}`: Jinja-like tags
    content_suffixes = MARKDOWN_EXTS
    post_globs = ("content/**/*.md",)

    def detect(self, folder: Path) -> Detection | None:
        config = folder / "config.toml"
        if not config.is_file():
            return None
        try:
            data = read_config_file(config)
        except Exception:  # noqa: BLE001 - an unreadable config proves nothing
            return None
        if "base_url" not in data:
            return None
        return Detection(folder, (config,), ("config.toml with base_url",))

    def site_settings(self, raw: dict[str, Any]) -> dict[str, Any]:
        parts = urlsplit(str(raw.get("base_url") or ""))
        return {"url": f"{parts.scheme}://{parts.netloc}" if parts.netloc else "",
                "baseurl": parts.path.rstrip("/"), "timezone": None,
                "taxonomies": {str(t.get("name")): str(t.get("name"))
                               for t in raw.get("taxonomies") or [] if isinstance(t, dict)}}

    def describe(self, site: "Site") -> dict[str, Any]:
        default = str(site.raw.get("default_language", "en"))
        return {"languages": sorted(_languages(site) | {default}),
                "slugify": {kind: _slugify_setting(site, kind)
                            for kind in ("paths", "taxonomies", "anchors")}}

    def classify(self, site: "Site", site_relpath: str) -> str | None:
        """Markdown under `content/` is a page or section (front matter required); the rest
        (templates, sass, static) is no content."""
        return "post" if site_relpath.startswith("content/") else None

    def build_index(self, index: "UrlIndex") -> None:
        _build(index)

    def index_fact(self, index: "UrlIndex", relpath: str) -> list | None:
        return _fact(index.site, relpath)

    def source_url(self, site: "Site", source: SourceFile) -> str | None:
        return zola_url(site, source)

    def internal_link_path(self, url: str, post: "Post", site: "Site") -> str | None:
        """`@/blog/post.md#x`: the content file `content/blog/post.md`."""
        if not url.startswith("@/"):
            return None
        return "content/" + unquote(url[2:].split("#", 1)[0])

    def heading_slug(self, inline: Any, site: "Site") -> str:
        return zola_slug(heading_text(inline))

    def heading_slugger(self, site: "Site"):
        strategy = _slugify_setting(site, "anchors")
        return lambda inline: zola_slug(heading_text(inline), strategy)

    def template_ids(self, post) -> set[str]:
        """`<!-- more -->` writes the anchor `continue-reading` (docs: content/page)."""
        return {"continue-reading"} if "<!-- more -->" in post.body else set()

    def naive_is_utc(self, timestamp: bool) -> bool:
        return True  # front_matter/page.rs parse_datetime: a local date-time is UTC

    def term_keys(self, site: "Site") -> dict[str, str]:
        """The configured taxonomies named `tags` and `categories` (`[taxonomies]` keys)."""
        return {name: name for name in site.taxonomies if name in ("tags", "categories")}

    def term_table(self, site: "Site") -> tuple[str, ...]:
        return ("taxonomies",)

    def is_unpublished_draft(self, post) -> bool:
        return post.get("draft") is True

    def language(self, post, site: "Site") -> str:
        stem = post.path.name.rsplit(".", 1)[0]
        return _split_language(site, stem)[1] or str(site.raw.get("default_language", "en"))
