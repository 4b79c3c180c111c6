"""Docusaurus 3: `docusaurus.config.*`, its docs, blog and pages plugins and their URLs.

What is modelled (Docusaurus 3.x, checked against a build with `@docusaurus/core` 3):

* **Config**: the literal values of `docusaurus.config.*` (it is a program and is never run;
  see `js_config`): `url`, `baseUrl`, `trailingSlash`, `markdown.format`, `i18n.locales`,
  the classic preset's `docs`/`blog` options and `@docusaurus/plugin-content-docs` /
  `-blog` instances (`path`, `routeBasePath`, `id`).
* **Content**: `.md`/`.mdx` files under each plugin's path and `src/pages`; a file or folder
  whose name starts with `_` is a partial (imported, not a page); `i18n/<locale>/...`
  translations. Every `.md` file is MDX unless `markdown.format` is `detect`.
* **URLs** (`getSlug`, `@docusaurus/plugin-content-docs`): number prefixes (`01-intro.md`)
  dropped, `index`/`README`/`<folder>/<folder>.md` are their folder's page, `id` and `slug`
  front matter; versions from `versions.json` (the first is served at the route, the
  current docs under `next/`, the others under their name); blog posts
  `YYYY-MM-DD-slug.md` at `/blog/YYYY/MM/DD/slug`, `slug` front matter; `static/` files;
  pages of `src/pages` (`.js`, `.jsx`, `.ts`, `.tsx`, `.md`, `.mdx`); drafts are not built.
* **Links**: a relative link to a `.md`/`.mdx` file is rewritten to that file's URL.
* **Heading ids**: github-slugger on the heading's text; `{#custom-id}`.
* **Vocabulary and authors**: the keys of `tags.yml` (docs and blog) are the allowed tags;
  the keys of the blog's `authors.yml` the allowed `authors`.
"""
from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

import yaml

from postlint.generators import js_config
from postlint.generators.base import Detection, Generator, SiteConfigError
from postlint.generators.source_links import relative_source
from postlint.urls import SourceFile, read_source, walk_site

if TYPE_CHECKING:
    from postlint.post import Post
    from postlint.site import Site
    from postlint.urls import UrlIndex

CONFIG_NAMES = tuple(f"docusaurus.config.{ext}" for ext in ("js", "ts", "mjs", "cjs", "mts"))
MDX_SUFFIXES = frozenset({".md", ".mdx"})
PAGE_SUFFIXES = frozenset({".md", ".mdx", ".js", ".jsx", ".ts", ".tsx"})
#: `@docusaurus/utils`' DefaultNumberPrefixParser
NUMBER_PREFIX = re.compile(r"^(\d+)\s*[-_.]+\s*([^-_.\s].*)$")
#: `@docusaurus/plugin-content-blog`'s FILENAME_PATTERN
BLOG_FILENAME = re.compile(r"^(?:.*?/)?(\d{4}[-/]\d{1,2}[-/]\d{1,2})[-/]?(.*?)(?:/index)?\.mdx?$")
DOCS_PLUGIN = ("@docusaurus/plugin-content-docs", "content-docs")
BLOG_PLUGIN = ("@docusaurus/plugin-content-blog", "content-blog")
CLIENT_REDIRECTS = ("@docusaurus/plugin-client-redirects", "client-redirects")


@dataclass(frozen=True)
class ContentPlugin:
    """One docs or blog plugin instance: its folder (site-relative) and route."""

    kind: str  # "docs" | "blog"
    id: str
    path: str
    route: str  # "" (the site root) or "/docs"


def _route(value: Any, default: str) -> str:
    route = (value if isinstance(value, str) else default).strip("/")
    return "/" + route if route else ""


def _plugins(text: str) -> list[ContentPlugin]:
    presets = js_config.block_after(text, m.end()) if (m := re.search(r"\bpresets\s*:", text)) else None
    found: list[ContentPlugin] = []
    for kind, names, default_path in (("docs", DOCS_PLUGIN, "docs"), ("blog", BLOG_PLUGIN, "blog")):
        if presets is not None and "classic" in presets:
            own = js_config.top_level(presets)
            if not re.search(rf"(?<![\w$.]){kind}\s*:\s*false\b", own):
                options = next(iter(js_config.blocks(presets, kind)), "{}")
                found.append(_plugin(kind, options, default_path))
        for name in names:
            for options in js_config.plugin_options(text, name):
                found.append(_plugin(kind, options, default_path))
    return found


def _plugin(kind: str, options: str, default_path: str) -> ContentPlugin:
    own = js_config.top_level(options)
    path = js_config.literal(own, "path")
    plugin_id = js_config.literal(own, "id")
    return ContentPlugin(kind, plugin_id if isinstance(plugin_id, str) else "default",
                         posixpath.normpath(path if isinstance(path, str) else default_path),
                         _route(js_config.literal(own, "routeBasePath"), kind))


def read_docusaurus_config(path: Path) -> dict[str, Any]:
    """What postlint reads of a Docusaurus config (the literal values; see the module docs)."""
    try:
        text = js_config.strip_comments(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as exc:
        raise SiteConfigError(f"cannot read {path}: {exc}") from None
    i18n = next(iter(js_config.blocks(text, "i18n")), "")
    locales_at = re.search(r"\blocales\s*:", i18n)
    locales = js_config.block_after(i18n, locales_at.end()) if locales_at else None
    markdown = next(iter(js_config.blocks(text, "markdown")), "")
    raw = {
        "url": js_config.literal(text, "url"),
        "baseUrl": js_config.literal(text, "baseUrl"),
        "trailingSlash": js_config.literal(text, "trailingSlash"),
        "markdownFormat": js_config.literal(js_config.top_level(markdown), "format"),
        "defaultLocale": js_config.literal(i18n, "defaultLocale") or "en",
        "locales": js_config.strings(locales) if locales else [],
        "plugins": [plugin.__dict__ for plugin in _plugins(text)],
        "redirectsFrom": _client_redirects(text),
    }
    raw["versions"] = {p["id"]: _versions(path.parent / f"{_version_prefix(p['id'])}versions.json")
                       for p in raw["plugins"] if p["kind"] == "docs"}
    # read here, so that the result cache (keyed by the site's settings) sees them change
    tag_files = [path.parent / p["path"] / "tags.yml" for p in raw["plugins"]]
    if tag_files and all(tags.is_file() for tags in tag_files):  # else some take any tag
        raw["tags"] = sorted({tag for tags in tag_files for tag in _yaml_keys(tags)})
    raw["authors"] = [author for p in raw["plugins"] if p["kind"] == "blog"
                      for author in _yaml_keys(path.parent / p["path"] / "authors.yml")]
    return {key: value for key, value in raw.items() if value is not None}


def _client_redirects(text: str) -> list[str]:
    """The `from` paths of `@docusaurus/plugin-client-redirects`' literal `redirects`: the
    plugin writes a page at each."""
    found = []
    for name in CLIENT_REDIRECTS:
        for options in js_config.plugin_options(text, name):
            for match in re.finditer(r"(?<![\w$.])from\s*:", options):
                value = options[match.end():].lstrip()
                block = js_config.block_after(options, match.end()) if value.startswith("[") else None
                found += js_config.strings(block) if block else \
                    js_config.strings(value.split(",", 1)[0].split("}", 1)[0])[:1]
    return found


def content_plugins(site: "Site") -> list[ContentPlugin]:
    return [ContentPlugin(**p) for p in site.raw.get("plugins", [])]


def strip_number_prefix(name: str) -> str:
    found = NUMBER_PREFIX.match(name)
    return found.group(2) if found else name


def _is_partial(relpath: str) -> bool:
    return any(part.startswith("_") for part in relpath.split("/"))


# ---------------------------------------------------------------------------- URLs
def doc_slug(relpath: str, data: dict | None) -> str:
    """A doc's URL below its version's route (`getSlug`), from its path inside the docs
    folder and its front matter."""
    data = data or {}
    folder, name = posixpath.split(relpath)
    stem = strip_number_prefix(posixpath.splitext(name)[0])
    folder = "/".join(strip_number_prefix(part) for part in folder.split("/") if part)
    folder_slug = "/" + folder + "/" if folder else "/"
    slug = data.get("slug")
    if isinstance(slug, str) and slug.startswith("/"):
        return slug
    parent = folder.rsplit("/", 1)[-1] if folder else ""
    if not isinstance(slug, str) and stem.lower() in ("index", "readme", parent.lower()):
        return folder_slug
    base = slug if isinstance(slug, str) else str(data.get("id") or stem)
    return posixpath.normpath(posixpath.join(folder_slug, base))


def blog_slug(relpath: str, data: dict | None) -> str:
    """A blog post's URL below the blog's route: `slug`, else the file name's date and text,
    else its path."""
    slug = (data or {}).get("slug")
    if isinstance(slug, str) and slug:
        return slug if slug.startswith("/") else "/" + slug
    found = BLOG_FILENAME.match(relpath)
    if found:
        year, month, day = re.split(r"[-/]", found.group(1))
        return f"/{year}/{month}/{day}/{found.group(2)}"
    path = posixpath.splitext(relpath)[0]
    return "/" + (path[: -len("/index")] if path.endswith("/index") else path)


def _join(*parts: str) -> str:
    url = "/" + "/".join(p.strip("/") for p in parts if p.strip("/"))
    return url


def _published(data: dict | None) -> bool:
    return not (data or {}).get("draft") is True


@dataclass(frozen=True)
class _Tree:
    """A folder of content and the route its files are served under."""

    folder: str  # site-relative
    route: str
    kind: str  # "docs" | "blog" | "pages"


def _trees(site: "Site") -> list[_Tree]:
    """Every content folder (versions included) with its route, in the default locale."""
    trees = []
    for plugin in content_plugins(site):
        if plugin.kind == "blog":
            trees.append(_Tree(plugin.path, plugin.route, "blog"))
            continue
        prefix = _version_prefix(plugin.id)
        versions = site.raw.get("versions", {}).get(plugin.id, [])
        if not versions:
            trees.append(_Tree(plugin.path, plugin.route, "docs"))
            continue
        trees.append(_Tree(plugin.path, _join(plugin.route, "next"), "docs"))
        for number, version in enumerate(versions):
            route = plugin.route if number == 0 else _join(plugin.route, version)
            trees.append(_Tree(f"{prefix}versioned_docs/version-{version}", route, "docs"))
    trees.append(_Tree("src/pages", "", "pages"))
    return trees


def _version_prefix(plugin_id: str) -> str:
    """`versions.json`, `versioned_docs/` of the default docs plugin; `<id>_...` of others."""
    return "" if plugin_id == "default" else f"{plugin_id}_"


def _versions(path: Path) -> list[str]:
    try:
        versions = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [str(v) for v in versions] if isinstance(versions, list) else []


def _url_in_tree(tree: _Tree, inner: str, data: dict | None) -> str | None:
    if _is_partial(inner) or not _published(data):
        return None
    suffix = posixpath.splitext(inner)[1].lower()
    if tree.kind == "docs" and suffix in MDX_SUFFIXES:
        return _join(tree.route, doc_slug(inner, data))
    if tree.kind == "blog" and suffix in MDX_SUFFIXES:
        return _join(tree.route, blog_slug(inner, data))
    if tree.kind == "pages" and suffix in PAGE_SUFFIXES and not re.search(r"\.test\.", inner):
        stem = posixpath.splitext(inner)[0]
        stem = stem[: -len("index")] if stem == "index" or stem.endswith("/index") else stem
        return _join(tree.route, stem)
    return None


_TRANSLATION = re.compile(r"i18n/([^/]+)/docusaurus-plugin-content-(docs|blog|pages)(?:-([^/]+))?/(.*)$")


def _untranslated(site: "Site", relpath: str) -> tuple[str, str] | None:
    """A translation's default-locale file and the locale's URL prefix (`/ja`); a file that
    is no translation as it is, with no prefix."""
    found = _TRANSLATION.match(relpath)
    if not found:
        return relpath, ""
    code, kind, plugin_id, rest = found.groups()
    if kind == "pages":
        return f"src/pages/{rest}", "/" + code
    plugin = next((p for p in content_plugins(site)
                   if p.kind == kind and p.id == (plugin_id or "default")), None)
    if plugin is None:
        return None
    if kind == "blog":
        return f"{plugin.path}/{rest}", "/" + code
    version, _, inner = rest.partition("/")
    if version == "current":
        return f"{plugin.path}/{inner}", "/" + code
    return f"{_version_prefix(plugin.id)}versioned_docs/{version}/{inner}", "/" + code


def _locate(site: "Site", relpath: str) -> tuple[_Tree, str, str] | None:
    """The tree a site-relative file belongs to, its path inside it, and the locale prefix
    of its URL (`/ja` for a translation under `i18n/ja/`)."""
    untranslated = _untranslated(site, relpath)
    if untranslated is None:
        return None
    path, locale = untranslated
    for tree in _trees(site):
        folder = tree.folder.rstrip("/") + "/"
        if path.startswith(folder):
            return tree, path[len(folder):], locale
    return None


def docusaurus_url(site: "Site", source: SourceFile) -> str | None:
    located = _locate(site, source.relpath)
    if located is None:
        return None
    tree, inner, locale = located
    url = _url_in_tree(tree, inner, source.data)
    if url is None:
        return None
    return _with_trailing_slash(site, (locale + url) if url != "/" or not locale else locale)


def _with_trailing_slash(site: "Site", url: str) -> str:
    if site.raw.get("trailingSlash") is True and not url.endswith("/"):
        return url + "/"
    if site.raw.get("trailingSlash") is False and url != "/":
        return url.rstrip("/")
    return url


def _build(index: "UrlIndex") -> None:
    site = index.site
    locales = [c for c in site.raw.get("locales", []) if c != site.raw.get("defaultLocale", "en")]
    for relpath in walk_site(site.root / "static"):
        index.add("/" + relpath, "static/" + relpath)
    index.add("/404.html", "docusaurus")
    index.add("/sitemap.xml", "docusaurus")
    for path in site.raw.get("redirectsFrom", []):
        index.add(path, "docusaurus.config")
    # Hook for the shared redirects module (postlint/redirects.py, built apart): Netlify's
    # `static/_redirects` is not read yet; the paths it redirects from belong in this index.
    for code in locales:  # translations first: a locale serves its own file where it has one
        index.add(f"/{code}/", f"i18n/{code}")
        for relpath in walk_site(site.root / "i18n" / code):
            full = f"i18n/{code}/{relpath}"
            url = index.facts(full, lambda f=full: _fact(site, f))
            if url:
                index.by_source[full] = url
                index.add(url, full)
    for tree in _trees(site):
        if tree.kind == "blog":
            for page in ("", "/archive", "/tags", "/authors", "/rss.xml", "/atom.xml"):
                index.add(tree.route + page, tree.folder)
        elif tree.kind == "docs":
            index.add(tree.route + "/tags", tree.folder)
        for inner in walk_site(site.root / tree.folder):
            full = posixpath.normpath(f"{tree.folder}/{inner}")
            suffix = posixpath.splitext(inner)[1].lower()
            if suffix not in PAGE_SUFFIXES:
                if tree.kind != "pages" and not _is_partial(inner):
                    index.by_source.setdefault(full, "")  # an asset: linked as a file
                continue
            url = index.facts(full, lambda f=full: _fact(site, f))
            if not url:
                continue
            index.by_source[full] = url
            index.add(url, full)
            for code in locales:  # the default locale's file where none is translated
                index.add(f"/{code}{url}" if url != "/" else f"/{code}/", full)


def _fact(site: "Site", relpath: str) -> str | None:
    source = read_source(site, relpath)
    return None if source is None else docusaurus_url(site, source)


# ---------------------------------------------------------------------------- vocabulary
def _yaml_keys(path: Path) -> list[str]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return []
    return [str(key) for key in data] if isinstance(data, dict) else []


class Docusaurus(Generator):
    """Docusaurus: docs, blog and pages plugins, MDX, github-slugger heading ids."""

    name = "docusaurus"
    config_names = CONFIG_NAMES
    title = "Docusaurus"
    renderer = "mdx"
    default_schema = "docusaurus"
    schema_allows_unknown = False
    models_urls = True
    reads_block_ial = False
    pages_without_front_matter = True
    content_suffixes = frozenset({".md", ".mdx"})
    datetime_format = "%Y-%m-%dT%H:%M:%S%:z"

    def read_config(self, detection: Detection) -> dict[str, Any]:
        return read_docusaurus_config(detection.config_files[0])

    def site_settings(self, raw: dict[str, Any]) -> dict[str, Any]:
        parts = urlsplit(raw.get("url") if isinstance(raw.get("url"), str) else "")
        base = raw.get("baseUrl") if isinstance(raw.get("baseUrl"), str) else "/"
        return {"url": f"{parts.scheme}://{parts.netloc}" if parts.netloc else "",
                "baseurl": base.rstrip("/")}

    def describe(self, site: "Site") -> dict[str, Any]:
        return {"content": [f"{t.kind} {t.folder} -> {t.route or '/'}" for t in _trees(site)],
                "locales": site.raw.get("locales", [])}

    # ------------------------------------------------------------ content
    def content_roots(self, site: "Site") -> tuple[str, ...]:
        return tuple(p.path for p in content_plugins(site) if p.path.startswith("../"))

    def classify(self, site: "Site", site_relpath: str) -> str | None:
        located = _locate(site, site_relpath)
        if located is None:
            return None
        tree, inner, _ = located
        if _is_partial(inner) or posixpath.splitext(inner)[1].lower() not in MDX_SUFFIXES:
            return None
        return "page"  # a blog post's title and date may come from its heading and name

    def markdown_body(self, post: "Post") -> str:
        from postlint.mdx import mask

        return mask(post.body) if self.renderer_of(post) == "mdx" else post.body

    def raw_html_tags(self, post: "Post") -> list[tuple[int, int, str]]:
        from postlint.mdx import html_tags

        return list(html_tags(post.body)) if self.renderer_of(post) == "mdx" else []

    def renderer_of(self, post: "Post") -> str:
        if post.path.suffix.lower() == ".md" and post.site.raw.get("markdownFormat") in ("detect", "md"):
            return "commonmark"
        return "mdx"

    # ------------------------------------------------------------ URLs
    def build_index(self, index: "UrlIndex") -> None:
        _build(index)

    def index_fact(self, index: "UrlIndex", relpath: str) -> Any:
        return _fact(index.site, relpath)

    def source_url(self, site: "Site", source: SourceFile) -> str | None:
        return docusaurus_url(site, source)

    def source_link_url(self, url: str, post: "Post", site: "Site") -> str | None:
        """A link to a Markdown file is rewritten to its URL (`resolveMarkdownLinkPathname`):
        `./x.md` and `../x.md` from the file's folder; `x.md` from the content folder (its
        translation first), the site folder, then the file's folder; `/x.md` from the
        content and site folders. A relative link to any other file (`./assets/a.png`) is
        bundled from beside the source."""
        path = unquote(urlsplit(url).path)
        if posixpath.splitext(path)[1].lower() not in MDX_SUFFIXES:
            return relative_source(url, post, site, None)
        if urlsplit(url).scheme or url.startswith("//"):
            return None
        try:
            relpath = post.path.relative_to(site.root).as_posix()
        except ValueError:
            relpath = posixpath.relpath(post.path.as_posix(), site.root.as_posix())
        folders = []
        if not path.startswith(("./", "../")):
            located = _locate(site, relpath)
            if located is not None:
                tree, _, locale = located
                if locale and relpath.startswith("i18n/"):
                    folders.append(relpath[: len(relpath) - len(located[1]) - 1])
                folders.append(tree.folder)
            folders.append("")
        if not path.startswith("/"):
            folders.append(posixpath.dirname(relpath))
        for folder in folders:
            candidate = posixpath.normpath(posixpath.join(folder, path.lstrip("/")))
            if (site.root / candidate).is_file():
                return candidate
        return posixpath.normpath(posixpath.join(folders[-1], path.lstrip("/")))

    # ------------------------------------------------------------ Markdown
    def heading_slug(self, inline: Any, site: "Site | None" = None) -> str:
        from postlint.links.github_slugger import slug

        return slug(mdast_text(inline.children or ()).strip())

    def unique_heading_ids(self, post: "Post", headings: list[tuple[str | None, str]]) -> list[str]:
        """Every heading takes its slug, but the theme writes no id on an `h1`."""
        from postlint.links.github_slugger import slugger_ids

        levels = [t.tag for t in post.markdown_tokens if t.type == "heading_open"]
        return [ident for ident, level in zip(slugger_ids(headings), levels) if level != "h1"]

    # ------------------------------------------------------------ dates, vocabulary
    def fallback_date(self, post: "Post") -> Any:
        """A blog post without `date` is dated by its file name."""
        from postlint.dates import filename_date

        try:
            located = _locate(post.site, post.path.relative_to(post.site.root).as_posix())
        except ValueError:
            return None
        return filename_date(post) if located and located[0].kind == "blog" else None

    def is_unpublished_draft(self, post: "Post") -> bool:
        return post.get("draft") is True

    terms_on_pages = True

    def site_vocabulary(self, site: "Site") -> dict[str, list[str]]:
        """The keys of `tags.yml`, when every docs and blog plugin has one."""
        return {"tags": site.raw["tags"]} if "tags" in site.raw else {}

    def site_schema(self, site: "Site") -> dict[str, Any] | None:
        """The preset, with `authors` limited to the keys of the blog's `authors.yml`."""
        if not site.raw.get("authors"):
            return None
        return {"extends": self.default_schema,
                "fields": {"authors": {"type": "string-or-list", "enum": site.raw["authors"],
                                       "description": "keys of the blog's authors.yml"}}}


def mdast_text(children) -> str:
    """The heading's text as `mdast-util-to-string` gives it: text, code and image alt text
    (markdown-it keeps the alt as the image's children); raw HTML tags not."""
    parts = []
    for token in children:
        if token.type in ("text", "code_inline"):
            parts.append(token.content)
        elif token.type == "image":
            parts.append(mdast_text(token.children or ()))
    return "".join(parts)
