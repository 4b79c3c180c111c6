"""MkDocs 1.6 (and Material's blog plugin): `mkdocs.yml`, the pages of `docs_dir`, their URLs.

What is modelled (checked against `mkdocs build` 1.6 with mkdocs-material 9):

* **Config**: `mkdocs.yml` (`INHERIT` followed; `!!python/...` and `!ENV` tags read as
  nothing), `docs_dir`, `site_url`, `use_directory_urls`, `markdown_extensions`
  (`toc` slugify and separator, `attr_list`, `md_in_html`), the `blog` plugin.
* **Content**: every Markdown file of `docs_dir` is a page, front matter or not; files and
  folders starting with `.` and the `templates/` folder are not (`exclude_docs`' default).
* **URLs**: `a/b.md` -> `/a/b/` (`a/b.html` without directory URLs), `index.md` and
  `README.md` -> their folder; other files as they lie; blog posts at
  `blog/YYYY/MM/DD/<slug>/` (`slug`, else the title slugified), drafts not built.
* **Links**: a relative link to a file of `docs_dir` (`../a.md`, `img/x.png`) is rewritten to
  that file's URL; other links are left to the browser, from the page's URL.
* **Markdown**: Python-Markdown ends an HTML block where its element closes (as kramdown
  does); with `md_in_html`, an element with a `markdown` attribute holds Markdown and the
  attribute is not written out.
* **Heading ids**: `toc`'s `slugify` (NFKD, ASCII only, `[^\\w\\s-]` removed, lower-cased,
  runs of `-` and white space -> `-`) and its `unique` (`_1`, `_2` for repeats); with
  `attr_list`, `## Title { #id }` sets the id.
* **Metadata**: blog `categories_allowed` is the category vocabulary; the blog's
  `.authors.yml` the allowed `authors`; a post's `date` may be a mapping (`created`,
  `updated`).
"""
from __future__ import annotations

import posixpath
import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import yaml

from postlint.generators.base import Detection, Generator, SiteConfigError
from postlint.urls import SourceFile, read_source, walk_site

if TYPE_CHECKING:
    from postlint.post import Post
    from postlint.site import Site
    from postlint.urls import UrlIndex

CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")
#: the file extensions MkDocs reads as Markdown (`mkdocs.utils.markdown_extensions`)
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkdn", ".mkd"})
#: toc's IDCOUNT_RE
_IDCOUNT = re.compile(r"^(.*)_([0-9]+)$")
#: attr_list's HEADER_RE (Python-Markdown 3.x): ` {: #id .class }` ending a heading
_HEADER_ATTRIBUTES = re.compile(r"[ ]+\{:?[ ]*([^}\n ][^\n]*)[ ]*\}[ ]*$")
_ATTRIBUTE_ID = re.compile(r"(?:^|\s)#([^\s}]+)")
_MARKDOWN_ATTRIBUTE = re.compile(r"""(\s)markdown(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?(?=[\s/>])""")
_START_TAG = re.compile(r"<[A-Za-z][\w-]*\b[^>]*>")


class _ConfigLoader(yaml.SafeLoader):
    """YAML as MkDocs writes it, without running anything: `!!python/name:x` and `!ENV`
    values are read as nothing."""


_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def read_mkdocs_config(path: Path, seen: frozenset[Path] = frozenset()) -> dict[str, Any]:
    """`mkdocs.yml` as a mapping, with the file it `INHERIT`s merged below it."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=_ConfigLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise SiteConfigError(f"cannot read {path}: {detail}") from None
    data = data if isinstance(data, dict) else {}
    parent = data.pop("INHERIT", None)
    if isinstance(parent, str) and path not in seen:
        return _merged(read_mkdocs_config(path.parent / parent, seen | {path}), data)
    return data


def _merged(base: dict, override: dict) -> dict:
    merged = dict(base)
    for key, value in override.items():
        merged[key] = _merged(merged[key], value) if isinstance(value, dict) and \
            isinstance(merged.get(key), dict) else value
    return merged


def named_options(entries: Any) -> dict[str, dict]:
    """`markdown_extensions` or `plugins`, a list of names and one-key mappings or a
    mapping, as name -> options."""
    found: dict[str, dict] = {}
    items = entries.items() if isinstance(entries, dict) else \
        ((next(iter(e.items())) if isinstance(e, dict) and e else (e, None))
         for e in entries or [])
    for name, options in items:
        if isinstance(name, str):
            found[name] = options if isinstance(options, dict) else {}
    return found


# ---------------------------------------------------------------------------- heading ids
def toc_slugify(value: str, separator: str = "-") -> str:
    """Python-Markdown's `markdown.extensions.toc.slugify` (`unicode=False`)."""
    value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^\w\s-]", "", value).strip().lower()
    return re.sub(rf"[{re.escape(separator)}\s]+", separator, value)


def toc_unique(slug: str, used: set[str]) -> str:
    """Python-Markdown's `toc.unique`: `_1`, `_2`... until the id is free (and not empty)."""
    while slug in used or not slug:
        found = _IDCOUNT.match(slug)
        slug = f"{found.group(1)}_{int(found.group(2)) + 1}" if found else f"{slug}_1"
    used.add(slug)
    return slug


# ---------------------------------------------------------------------------- URLs
def _docs_dir(site: "Site") -> str:
    return _docs_dir_of(site.raw)


def _docs_dir_of(raw: dict) -> str:
    docs = raw.get("docs_dir")
    return posixpath.normpath(docs if isinstance(docs, str) and docs else "docs")


def _blog(site: "Site") -> dict | None:
    return _blog_of(site.raw)


def _blog_of(raw: dict) -> dict | None:
    plugins = named_options(raw.get("plugins"))
    options = plugins.get("blog", plugins.get("material/blog"))
    if options is None or options.get("enabled") is False:
        return None
    return options


def _blog_dir(blog: dict) -> str:
    folder = blog.get("blog_dir")
    return posixpath.normpath(folder if isinstance(folder, str) and folder else "blog").strip("/")


def _excluded(inner: str) -> bool:
    """`exclude_docs`' default: dot files and folders, and the top `templates/` folder."""
    return inner.startswith("templates/") or any(p.startswith(".") for p in inner.split("/"))


def _page_url(inner: str, directory_urls: bool) -> str:
    stem = posixpath.splitext(inner)[0]
    folder, name = posixpath.split(stem)
    if name.lower() in ("index", "readme"):
        return "/" + folder + "/" if folder else "/"
    if not directory_urls:
        return f"/{stem}.html"
    return f"/{stem}/"


def _blog_post_url(blog: dict, data: dict | None) -> str | None:
    """Material's blog post URL: `<blog_dir>/<yyyy/MM/dd>/<slug>/` (the default formats)."""
    data = data or {}
    if data.get("draft") is True:
        return None
    when = data.get("date")
    if isinstance(when, dict):
        when = when.get("created")
    if not hasattr(when, "year"):
        return None
    slug = data.get("slug")
    if not isinstance(slug, str) or not slug:
        title = data.get("title")
        if not isinstance(title, str):
            return None  # the title of the first heading: not read here
        slug = toc_slugify(title)
    return f"/{_blog_dir(blog)}/{when.year:04d}/{when.month:02d}/{when.day:02d}/{slug}/"


def mkdocs_url(site: "Site", source: SourceFile) -> str | None:
    docs = _docs_dir(site) + "/"
    if not source.relpath.startswith(docs):
        return None
    inner = source.relpath[len(docs):]
    if _excluded(inner):
        return None
    if posixpath.splitext(inner)[1].lower() not in MARKDOWN_SUFFIXES:
        return "/" + inner
    blog = _blog(site)
    if blog is not None and inner.startswith(_blog_dir(blog) + "/posts/"):
        return _blog_post_url(blog, source.data)
    return _page_url(inner, site.raw.get("use_directory_urls") is not False)


def _build(index: "UrlIndex") -> None:
    site = index.site
    docs = _docs_dir(site)
    for name in ("/404.html", "/sitemap.xml", "/sitemap.xml.gz", "/search/search_index.json"):
        index.add(name, "mkdocs")
    for inner in walk_site(site.root / docs):
        full = f"{docs}/{inner}"
        if posixpath.splitext(inner)[1].lower() in MARKDOWN_SUFFIXES:
            urls = index.facts(full, lambda f=full: _fact(site, f)) or []
        else:
            urls = [] if _excluded(inner) else ["/" + inner]
        if urls:
            index.by_source[full] = urls[0]
        for url in urls:
            index.add(url, full)
    blog = _blog(site)
    if blog is not None:
        index.add(f"/{_blog_dir(blog)}/", f"{docs}/{_blog_dir(blog)}")


def _fact(site: "Site", relpath: str) -> list[str]:
    """The URL of one Markdown file, then those of the blog pages it adds (its year's
    archive, its categories' pages)."""
    source = read_source(site, relpath)
    url = None if source is None else mkdocs_url(site, source)
    if url is None:
        return []
    blog = _blog(site)
    if blog is None or not url.startswith(f"/{_blog_dir(blog)}/20"):
        return [url]
    year = url.split("/")[2]
    categories = (source.data or {}).get("categories")
    return [url, f"/{_blog_dir(blog)}/archive/{year}/"] + [
        f"/{_blog_dir(blog)}/category/{toc_slugify(str(c))}/"
        for c in (categories if isinstance(categories, list) else [])]


def _mask_markdown_attributes(body: str) -> str:
    """md_in_html's `markdown` attribute blanked: an instruction, not written out."""
    def blank(tag: re.Match) -> str:
        return _MARKDOWN_ATTRIBUTE.sub(lambda a: a.group(1) + " " * (len(a.group()) - 1),
                                       tag.group())

    return _START_TAG.sub(blank, body) if "markdown" in body else body


def _authors(docs: Path, blog: dict) -> list[str]:
    """The author keys of the blog's `.authors.yml` (`authors_file`)."""
    configured = blog.get("authors_file")
    path = (configured.replace("{blog}", _blog_dir(blog)) if isinstance(configured, str)
            else f"{_blog_dir(blog)}/.authors.yml")
    try:
        data = yaml.safe_load((docs / path).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return []
    authors = data.get("authors") if isinstance(data, dict) else None
    return [str(key) for key in authors] if isinstance(authors, dict) else []


class MkDocs(Generator):
    """MkDocs: Python-Markdown pages of `docs_dir`, with or without front matter."""

    name = "mkdocs"
    config_names = CONFIG_NAMES
    title = "MkDocs"
    renderer = "python-markdown"
    default_schema = "mkdocs"
    schema_allows_unknown = False
    models_urls = True
    reads_block_ial = False
    pages_without_front_matter = True
    content_suffixes = MARKDOWN_SUFFIXES
    datetime_format = "%Y-%m-%d %H:%M:%S"

    def read_config(self, detection: Detection) -> dict[str, Any]:
        raw = read_mkdocs_config(detection.config_files[0])
        blog = _blog_of(raw)
        if blog is not None:  # read here: the result cache sees the site's settings change
            raw["postlint_authors"] = _authors(detection.root / _docs_dir_of(raw), blog)
        return raw

    def site_settings(self, raw: dict[str, Any]) -> dict[str, Any]:
        parts = urlsplit(raw.get("site_url") if isinstance(raw.get("site_url"), str) else "")
        return {"url": f"{parts.scheme}://{parts.netloc}" if parts.netloc else "",
                "baseurl": parts.path.rstrip("/")}

    def describe(self, site: "Site") -> dict[str, Any]:
        blog = _blog(site)
        return {"docs_dir": _docs_dir(site),
                "directory urls": site.raw.get("use_directory_urls") is not False,
                "markdown extensions": ", ".join(self._extensions(site)) or "-",
                "blog": _blog_dir(blog) if blog is not None else "-"}

    @staticmethod
    def _extensions(site: "Site") -> dict[str, dict]:
        return named_options(site.raw.get("markdown_extensions"))

    # ------------------------------------------------------------ content
    def classify(self, site: "Site", site_relpath: str) -> str | None:
        docs = _docs_dir(site) + "/"
        if not site_relpath.startswith(docs) or _excluded(site_relpath[len(docs):]):
            return None
        blog = _blog(site)
        if blog is not None and site_relpath[len(docs):].startswith(_blog_dir(blog) + "/posts/"):
            return "post"  # a blog post needs its date in front matter
        return "page"

    def markdown_body(self, post: "Post") -> str:
        if "md_in_html" not in self._extensions(post.site):
            return post.body
        return _mask_markdown_attributes(post.body)

    # ------------------------------------------------------------ URLs
    def build_index(self, index: "UrlIndex") -> None:
        _build(index)

    def index_fact(self, index: "UrlIndex", relpath: str) -> Any:
        return _fact(index.site, relpath)

    def source_url(self, site: "Site", source: SourceFile) -> str | None:
        return mkdocs_url(site, source)

    def source_link_url(self, url: str, post: "Post", site: "Site") -> str | None:
        """A relative link to a file (`../a.md`, `img/x.png`), from the page's file."""
        from postlint.generators.source_links import relative_source

        return relative_source(url, post, site, None)

    def unmodelled_path(self, site: "Site", path: str) -> bool:
        """Material's `extra.alternate` languages are other builds on the same host."""
        alternates = (site.raw.get("extra") or {}).get("alternate") \
            if isinstance(site.raw.get("extra"), dict) else None
        for alternate in alternates if isinstance(alternates, list) else []:
            link = alternate.get("link") if isinstance(alternate, dict) else None
            if isinstance(link, str) and link.startswith("/") and link.strip("/") and \
                    (path + "/").startswith(link.rstrip("/") + "/"):
                return True
        return False

    # ------------------------------------------------------------ Markdown
    def heading_custom_id(self, post: "Post", content: str) -> str | None:
        if "attr_list" not in self._extensions(post.site):
            return None
        found = _HEADER_ATTRIBUTES.search(content)
        ident = _ATTRIBUTE_ID.search(found.group(1)) if found else None
        return ident.group(1) if ident else None

    def heading_slug(self, inline: Any, site: "Site | None" = None) -> str:
        from postlint.links.anchors import inline_text

        return toc_slugify(inline_text(inline.children or ()))  # toc reads `itertext()`

    def unique_heading_ids(self, post: "Post", headings: list[tuple[str | None, str]]) -> list[str]:
        used = {custom for custom, _ in headings if custom}
        return [custom if custom else toc_unique(base, used) for custom, base in headings]

    # ------------------------------------------------------------ dates and vocabulary
    date_mapping_keys = ("date",)

    def is_unpublished_draft(self, post: "Post") -> bool:
        return post.get("draft") is True

    def site_vocabulary(self, site: "Site") -> dict[str, list[str]]:
        blog = _blog(site)
        allowed = blog.get("categories_allowed") if blog is not None else None
        return {"categories": [str(c) for c in allowed]} if isinstance(allowed, list) else {}

    def site_schema(self, site: "Site") -> dict[str, Any] | None:
        authors = site.raw.get("postlint_authors")
        if not authors:
            return None
        return {"extends": self.default_schema,
                "fields": {"authors": {"type": "string-or-list", "enum": authors,
                                       "description": "keys of the blog's .authors.yml"}}}
