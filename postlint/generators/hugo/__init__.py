"""Hugo as it is used: its config file or folder, module mounts, languages, bundles, headless
and unrendered pages, render hooks, goldmark's ids and raw-HTML setting.

Goldmark (CommonMark) renders the body after shortcodes are expanded; front-matter keys are
read without regard to case, and a date without offset is in the site's `timeZone`. What
Hugo makes of the site's folders is computed once per site (`model.model_of`).
"""
from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from postlint.generators.base import Detection, Generator
from postlint.generators.hugo import urls as hugo_urls
from postlint.generators.hugo.config import (CONFIG_NAMES, config_folder_files, get,
                                             read_hugo_config)
from postlint.generators.hugo.model import model_of
from postlint.urls import SourceFile, _site_relpath

if TYPE_CHECKING:
    from postlint.post import Post
    from postlint.site import Site
    from postlint.urls import UrlIndex

HUGO_FOLDERS = ("content", "layouts", "archetypes", "themes")
_ZOLA_BASE_URL = re.compile(r"^\s*base_url\s*=", re.M)
#: front-matter keys that decide whether Hugo renders a page, and how far to look for them
_RENDERING_KEYS = re.compile(rb"(?i)\b_?(?:build|headless|draft)\b")
_FRONT_MATTER_PEEK = 64 * 1024


class Hugo(Generator):
    """Hugo: content files in the content mounts, shortcodes, then goldmark."""

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
    pages_without_front_matter = True

    # ------------------------------------------------------------ site and config
    def detect(self, folder: Path) -> Detection | None:
        root = next((folder / n for n in CONFIG_NAMES if (folder / n).is_file()
                     and (n.startswith("hugo.") or _looks_like_hugo(folder))), None)
        in_folder = config_folder_files(folder) if _looks_like_hugo(folder) else []
        if root is None and not any(p.stem.split(".")[0] in ("hugo", "config")
                                    for p in in_folder):
            return None
        files = (*in_folder, *([root] if root else []))
        return Detection(folder, files, tuple(p.relative_to(folder).as_posix() for p in files
                                              if p.stem.split(".")[0] in ("hugo", "config")))

    def read_config(self, detection: Detection) -> dict[str, Any]:
        return read_hugo_config(detection.config_files, detection.root)

    def site_settings(self, raw: dict[str, Any]) -> dict[str, Any]:
        parts = urlsplit(str(get(raw, "baseURL") or ""))
        taxonomies = get(raw, "taxonomies")
        if not isinstance(taxonomies, dict):
            taxonomies = {"tag": "tags", "category": "categories"}
        permalinks = get(raw, "permalinks")
        return {
            "url": f"{parts.scheme}://{parts.netloc}" if parts.netloc else "",
            "baseurl": parts.path.rstrip("/"),
            "timezone": get(raw, "timeZone") or None,
            "future": bool(get(raw, "buildFuture", default=False)),
            "permalinks": {str(k): v if isinstance(v, dict) else str(v)
                           for k, v in permalinks.items()} if isinstance(permalinks, dict) else {},
            "taxonomies": {str(k): str(v) for k, v in taxonomies.items()},
            "content_dir": str(get(raw, "contentDir") or "content"),
        }

    def describe(self, site: "Site") -> dict[str, Any]:
        model = model_of(site)
        described: dict[str, Any] = {
            "content_roots": sorted({m.source for m in model.component_mounts("content")
                                     if model.readable(m)}),
            "mounts": [f"{m.source} -> {m.target}"
                       + (f" [{', '.join(m.languages)}]" if m.languages else "")
                       + ("" if model.readable(m) else " (missing)")
                       for m in model.mounts],
            "languages": [f"{code} {model.prefix(code) or '/'}" for code in model.languages],
            "themes": [str(t) for t in model.theme_roots],
            "render_hooks": [kind for kind in ("link", "image")
                             if getattr(model, f"{kind}_hook")],
            "raw_html": "dropped (markup.goldmark.renderer.unsafe is off)"
                        if model.drops_raw_html else "kept",
            "heading_ids": model.heading_id_type,
            "untitled_pages": "titled from their file names by the layouts"
                              if model.titles_from_file_names else "need a title",
        }
        if model.notes:
            described["notes"] = list(model.notes)
        return described

    # ------------------------------------------------------------ content
    def classify(self, site: "Site", site_relpath: str) -> str | None:
        """Files of the content mounts are pages that need front matter ("post"), unless
        Hugo renders no page of them (headless, `build.render = never`, also through
        `cascade`), or when the layouts title untitled pages from their file names: then
        "page". Templates, archetypes and data are no content."""
        model = model_of(site)
        appearances = [a for a in model.content_appearances(site_relpath) if a.is_page]
        if not appearances:
            return None
        facts = hugo_urls.file_facts(site, site_relpath) if _may_set_rendering(
            site.root / site_relpath) else hugo_urls.page_facts(site, None)
        if facts is not None and not any(hugo_urls.rendered(model, a, facts)
                                         for a in appearances):
            return "page"
        return "page" if model.titles_from_file_names else "post"

    # ------------------------------------------------------------ URLs
    def build_index(self, index: "UrlIndex") -> None:
        hugo_urls.build_index(index)

    def index_fact(self, index: "UrlIndex", relpath: str) -> list | None:
        return hugo_urls.index_fact(index.site, relpath)

    def source_url(self, site: "Site", source: SourceFile) -> str | None:
        return hugo_urls.source_url(site, source)

    def source_link_url(self, url: str, post: "Post", site: "Site") -> str | None:
        """A link into a content mount whose source is absent names that mount (its pages are
        not known). With a link render hook, a destination is looked up as `GetPage` does
        (relative to the page, or from the content root; `.md` or not, any case), then as a
        resource; an image render hook resolves images so too."""
        from postlint.urls import output_url, resolve

        model = model_of(site)
        target = resolve(url, output_url(post), site)
        unknown = model.unknown_target(target.path) if target.internal and target.path else None
        if unknown is not None:
            return unknown.source
        try:
            parts = urlsplit(url)
        except ValueError:
            return None
        hooked = model.link_hook or model.image_hook  # (the rule does not say which it is)
        if not hooked or parts.scheme or parts.netloc or not parts.path:
            return None
        relpath = _site_relpath(post.path, site.root)
        appearances = model.content_appearances(relpath) if relpath else []
        language = appearances[0].language if appearances else model.default_language
        folder = posixpath.dirname(appearances[0].logical) if appearances else None
        return hugo_urls.get_page(model, unquote(parts.path), language, folder)

    def has_content(self, index: "UrlIndex", name: str) -> bool:
        return hugo_urls.has_content(index, name)

    # ------------------------------------------------------------ Markdown
    def heading_slug(self, inline: Any, site: "Site") -> str:
        from postlint.links.anchors import goldmark_id, goldmark_text

        return goldmark_id(goldmark_text(inline.children or []))

    def markdown_body(self, post: "Post") -> str:
        """Goldmark never reads what `comment` wraps (it outputs nothing), nor the inner
        content of `highlight`, `code` and the site's `[site] code-shortcodes` (code)."""
        from postlint.templates import HUGO_UNREAD_SHORTCODES, blank_hugo_shortcodes

        return blank_hugo_shortcodes(post.body,
                                     (*HUGO_UNREAD_SHORTCODES, *post.site.code_shortcodes))

    def renderer_ids(self, post: "Post") -> list[tuple[str | None, str]]:
        from postlint.generators.hugo.ids import renderer_ids

        return renderer_ids(post)

    def drops_raw_html(self, site: "Site") -> str:
        if model_of(site).drops_raw_html:
            return ("Hugo's goldmark writes `<!-- raw HTML omitted -->` instead "
                    "(`markup.goldmark.renderer.unsafe` is off)")
        return ""

    # ------------------------------------------------------------ dates and taxonomies
    def naive_is_utc(self, timestamp: bool) -> bool:
        return False

    def term_keys(self, site: "Site") -> dict[str, str]:
        plural = set(site.taxonomies.values())
        return {k: k for k in ("categories", "tags") if k in plural}

    def language(self, post, site: "Site") -> str:
        model = model_of(site)
        if not model.multilingual:
            return ""
        relpath = _site_relpath(post.path, site.root)
        appearances = model.content_appearances(relpath) if relpath else []
        return appearances[0].language if appearances else ""

    def retype_scalar(self):
        from postlint.yaml_types import hugo_scalar

        return hugo_scalar


def _may_set_rendering(path: Path) -> bool:
    """Might the file's front matter say whether Hugo renders it (`build`, `headless`,
    `draft`)? Only then is it parsed during discovery."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(_FRONT_MATTER_PEEK)
    except OSError:
        return False
    return _RENDERING_KEYS.search(head) is not None


def _looks_like_hugo(folder: Path) -> bool:
    """`config.toml` is a common name: call it Hugo's only beside Hugo's folders, and not
    when it sets Zola's required `base_url` (Hugo's key is `baseURL`)."""
    if not any((folder / d).is_dir() for d in HUGO_FOLDERS):
        return False
    try:
        text = (folder / "config.toml").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return True
    return _ZOLA_BASE_URL.search(text) is None


__all__ = ["Hugo"]
