"""Hugo: `hugo.*`/`config.*`, content files, bundles, sections, taxonomies and their URLs.

Goldmark (CommonMark) renders the body after shortcodes are expanded; front-matter keys are
read without regard to case, and a date without offset is in the site's `timeZone`.
"""
from __future__ import annotations

import datetime as dt
import posixpath
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from postlint.dates import site_zone_name, zone_of_name
from postlint.generators.base import Detection, Generator
from postlint.urls import HTML_EXTS, MARKDOWN_EXTS, SourceFile, ext_of, read_source, walk_site

if TYPE_CHECKING:
    from postlint.site import Site
    from postlint.urls import UrlIndex

CONFIG_NAMES = ("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json",
                "config.toml", "config.yaml", "config.yml", "config.json")

def hugo_urlize(text: str) -> str:
    """Hugo's `urlize` for a path segment: spaces to `-`, lower case, punctuation dropped."""
    text = text.strip().replace(" ", "-")
    out = [c for c in text if c.isalnum() or c in "-_./~%+#"]  # keep what Hugo's MakePath keeps
    return "".join(out).lower()


def hugo_url(site: "Site", source: SourceFile) -> str | None:
    """A content file's URL: `url`, else `[permalinks]` of its section, else its path."""
    content = site.content_dir.strip("/") + "/"
    if not source.relpath.startswith(content):
        return None
    data = source.data or {}
    if data.get("draft") is True or (isinstance(data.get("build"), dict)
                                     and data["build"].get("render") in ("never", False)):
        return None
    inner = source.relpath[len(content):]
    folder, name = posixpath.split(inner)
    stem = posixpath.splitext(name)[0]
    url = data.get("url")
    if isinstance(url, str) and url:
        return _hugo_finish(url if url.startswith("/") else "/" + url)
    if stem == "_index":
        return _hugo_finish("/" + "/".join(hugo_urlize(p) for p in folder.split("/") if p) + "/")
    bundle = stem == "index"
    leaf_path = folder if bundle else posixpath.join(folder, stem)
    section = leaf_path.split("/", 1)[0] if "/" in leaf_path else ""
    slug = data.get("slug")
    title = data.get("title")
    pattern = site.permalinks.get(section) if section else None
    if pattern is None:
        pattern = (site.permalinks.get("page") or {}).get(section) \
            if isinstance(site.permalinks.get("page"), dict) else None
    if isinstance(pattern, str):
        when = _hugo_date(data, source, site)
        base_name = posixpath.basename(leaf_path)
        values = {
            "section": section, "sections": posixpath.dirname(leaf_path),
            "filename": base_name, "contentbasename": base_name,
            "slug": hugo_urlize(str(slug)) if slug else hugo_urlize(str(title or base_name)),
            "title": hugo_urlize(str(title or base_name)),
            "slugorfilename": hugo_urlize(str(slug)) if slug else base_name,
            "slugorcontentbasename": hugo_urlize(str(slug)) if slug else base_name,
        }
        if when is not None:
            values.update({"year": f"{when.year:04d}", "month": f"{when.month:02d}",
                           "day": f"{when.day:02d}", "yearday": str(when.timetuple().tm_yday),
                           "monthname": when.strftime("%B").lower(),
                           "weekday": str(when.isoweekday() % 7),
                           "weekdayname": when.strftime("%A").lower()})
        filled = re.sub(r":([a-z]+)", lambda m: values.get(m.group(1), m.group(0)), pattern)
        return _hugo_finish(filled if filled.startswith("/") else "/" + filled)
    segments = [hugo_urlize(p) for p in leaf_path.split("/") if p]
    if slug:
        segments[-1] = hugo_urlize(str(slug))
    return _hugo_finish("/" + "/".join(segments) + "/")


def _lowered(raw: dict) -> dict:
    return {str(k).lower(): v for k, v in raw.items()}


def _hugo_finish(url: str) -> str:
    url = re.sub(r"/+", "/", url)
    return url


def _hugo_date(data: dict, source: SourceFile, site: "Site") -> dt.datetime | None:
    value = data.get("date")
    zone = zone_of_name(site_zone_name(site))
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=zone)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=zone)
    return None


def hugo_aliases(source: SourceFile, page: str) -> list[str]:
    """`aliases`: absolute ones as written, relative ones below the page's folder; an alias
    without a file extension is a folder (`/old/` -> old/index.html)."""
    aliases = (source.data or {}).get("aliases")
    if isinstance(aliases, str):
        aliases = [aliases]
    if not isinstance(aliases, list):
        return []
    parent = posixpath.dirname(page.rstrip("/")) or "/"
    out = []
    for alias in aliases:
        if not isinstance(alias, str) or not alias.strip():
            continue
        alias = alias.strip()
        path = alias if alias.startswith("/") else posixpath.join(parent, alias)
        if not posixpath.splitext(path.rsplit("/", 1)[-1])[1] and not path.endswith("/"):
            path += "/"
        out.append(re.sub(r"/+", "/", path))
    return out


def _build(index: "UrlIndex") -> None:
    site = index.site
    static = site.root / "static"
    for relpath in walk_site(static):
        index.add("/" + relpath, "static/" + relpath)
    content = site.content_dir.strip("/")
    index.add("/", content)
    sections: set[str] = set()
    for relpath in walk_site(site.root / content):
        full = f"{content}/{relpath}"
        name = relpath.rsplit("/", 1)[-1]
        folder = relpath.rsplit("/", 1)[0] if "/" in relpath else ""
        if ext_of(name).lower() not in MARKDOWN_EXTS | HTML_EXTS:
            if not any(part.startswith(".") for part in relpath.split("/")):
                index.add("/" + "/".join(hugo_urlize(p) for p in relpath.split("/")[:-1])
                         + ("/" if folder else "") + name, full)  # bundle resources
            continue
        fact = index.facts(full, lambda: _fact(site, full))
        if fact is None or fact[0] is None:
            continue
        url, aliases, terms = fact
        index.by_source[full] = url
        index.add(url, full)
        for alias in aliases:
            index.add(alias, full)
        if folder:
            sections.add(folder.split("/", 1)[0])
            for term_url in terms:
                index.add(term_url, full)
    for section in sections:
        index.add(f"/{hugo_urlize(section)}/", f"{content}/{section}")
    disabled = {str(k).lower() for k in _lowered(site.raw).get("disablekinds") or []}
    if "rss" not in disabled:
        index.add("/index.xml", "hugo")
        for section in sections:
            index.add(f"/{hugo_urlize(section)}/index.xml", f"{content}/{section}")
    if "sitemap" not in disabled:
        index.add("/sitemap.xml", "hugo")


def _fact(site: "Site", full: str) -> list | None:
    """What one content file gives the index: [URL, aliases, taxonomy URLs]."""
    source = read_source(site, full)
    if source is None:
        return None
    url = hugo_url(site, source)
    if url is None:
        return [None, [], []]
    return [url, list(hugo_aliases(source, url)), _terms(site, source)]


def _terms(site: "Site", source: SourceFile) -> list[str]:
    urls = []
    for singular, plural in site.taxonomies.items():
        terms = (source.data or {}).get(plural)
        if isinstance(terms, str):
            terms = [terms]
        if not isinstance(terms, list):
            continue
        urls.append(f"/{hugo_urlize(plural)}/")
        urls.extend(f"/{hugo_urlize(plural)}/{hugo_urlize(str(term))}/" for term in terms
                    if isinstance(term, (str, int)))
    return urls


def _has_content(index: "UrlIndex", name: str) -> bool:
    """Is there a content file Hugo's `ref "name"` finds?"""
    wanted = name.strip("/")
    bare = wanted.rsplit(".", 1)[0] if wanted.endswith((".md", ".markdown", ".html")) else wanted
    content = index.site.content_dir.strip("/") + "/"
    for source in index.by_source:
        stem = (source.split("/", 1)[1] if source.startswith(content) else source).rsplit(".", 1)[0]
        for candidate in (stem, stem.removesuffix("/index"), stem.removesuffix("/_index")):
            if candidate == bare or candidate.endswith("/" + bare):
                return True
    return False


class Hugo(Generator):
    """Hugo: content files under `contentDir`, shortcodes, then goldmark."""

    name = "hugo"
    title = "Hugo"
    default_schema = "hugo-page"
    schema_allows_unknown = False
    datetime_format = "%Y-%m-%dT%H:%M:%S%:z"
    future_setting = "`buildFuture = true`"
    keys_ignore_case = True
    publication_date_keys = ("date", "publishDate")
    post_date_keys = ("date", "publishDate", "lastmod")
    leading_blank_lines_ok = True
    models_urls = True
    reads_block_ial = False

    def detect(self, folder: Path) -> Detection | None:
        for name in CONFIG_NAMES:
            if (folder / name).is_file():
                if name.startswith("config.") and not _looks_like_hugo(folder):
                    continue
                return Detection(folder, (folder / name,), (name,))
        return None

    def site_settings(self, raw: dict[str, Any]) -> dict[str, Any]:
        lowered = _lowered(raw)
        parts = urlsplit(str(lowered.get("baseurl") or ""))
        taxonomies = lowered.get("taxonomies")
        if not isinstance(taxonomies, dict):
            taxonomies = {"tag": "tags", "category": "categories"}
        permalinks = lowered.get("permalinks")
        return {
            "url": f"{parts.scheme}://{parts.netloc}" if parts.netloc else "",
            "baseurl": parts.path.rstrip("/"),
            "timezone": lowered.get("timezone") or None,
            "future": bool(lowered.get("buildfuture", False)),
            "permalinks": {str(k): v if isinstance(v, dict) else str(v)
                           for k, v in permalinks.items()} if isinstance(permalinks, dict) else {},
            "taxonomies": {str(k): str(v) for k, v in taxonomies.items()},
            "content_dir": str(lowered.get("contentdir") or "content"),
        }

    def classify(self, site: "Site", site_relpath: str) -> str | None:
        """Content files are pages (posts: they need front matter); the rest are templates,
        archetypes and data."""
        return "post" if site_relpath.startswith(site.content_dir.strip("/") + "/") else None

    def build_index(self, index: "UrlIndex") -> None:
        _build(index)

    def index_fact(self, index: "UrlIndex", relpath: str) -> list | None:
        return _fact(index.site, relpath)

    def source_url(self, site: "Site", source: SourceFile) -> str | None:
        return hugo_url(site, source)

    def link_base(self, post, index):
        from postlint.urls import page_url

        return page_url(post, index)

    def has_content(self, index: "UrlIndex", name: str) -> bool:
        return _has_content(index, name)

    def heading_slug(self, inline: Any, site: "Site") -> str:
        from postlint.links.anchors import goldmark_id, goldmark_text

        return goldmark_id(goldmark_text(inline.children or []))

    def naive_is_utc(self, timestamp: bool) -> bool:
        return False

    def term_keys(self, site: "Site") -> dict[str, str]:
        plural = set(site.taxonomies.values())
        return {k: k for k in ("categories", "tags") if k in plural}

    def language(self, post, site: "Site") -> str:
        languages = _lowered(site.raw).get("languages")
        if not isinstance(languages, dict):
            return ""
        suffixes = post.path.name.lower().split(".")[1:-1]
        for code, settings in languages.items():
            code = str(code).lower()
            if code in suffixes:
                return code
            content_dir = settings.get("contentDir") if isinstance(settings, dict) else None
            if isinstance(content_dir, str) and content_dir.strip("/") and \
                    (site.root / content_dir.strip("/")) in post.path.parents:
                return code
        return ""

    def retype_scalar(self):
        from postlint.yaml_types import hugo_scalar

        return hugo_scalar


def _looks_like_hugo(folder: Path) -> bool:
    """`config.toml` is a common name: call it Hugo's only beside Hugo's folders."""
    return any((folder / d).is_dir() for d in ("content", "layouts", "archetypes", "themes"))
