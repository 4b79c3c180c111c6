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
import datetime as dt
import fnmatch
import os
import posixpath
import re
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from rapidfuzz import fuzz, process
import yaml


if TYPE_CHECKING:
    from postlint.post import Post
    from postlint.site import Site

try:
    _YamlLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _YamlLoader = yaml.SafeLoader

# ---------------------------------------------------------------------------- Jekyll rules
#: Jekyll's `STYLE_TO_PERMALINK` (configuration.rb)
JEKYLL_STYLES = {
    "none": "/:categories/:title:output_ext",
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
}
#: converters: source extension -> output extension (anything else keeps its extension)
MARKDOWN_EXTS = frozenset({".md", ".markdown", ".mkd", ".mkdn", ".mdown", ".markdn", ".mdwn"})
JEKYLL_OUTPUT_EXT = {**{ext: ".html" for ext in MARKDOWN_EXTS}, ".scss": ".css", ".sass": ".css",
                     ".coffee": ".js"}
HTML_EXTS = frozenset({".html", ".xhtml", ".htm"})
#: Document::DATE_FILENAME_MATCHER
JEKYLL_POST_NAME = re.compile(r"(\d{2,4}-\d{1,2}-\d{1,2})-([^/]*)(\.[^./]+)$")
#: Jekyll's default `exclude` list (configuration.rb DEFAULT_EXCLUDES) and folders never read
JEKYLL_DEFAULT_EXCLUDES = (".sass-cache", ".jekyll-cache", "gemfiles", "Gemfile", "Gemfile.lock",
                           "node_modules", "vendor/bundle/", "vendor/cache/", "vendor/gems/",
                           "vendor/ruby/")
NEVER_WALK = frozenset({".git", ".hg", ".svn", "node_modules", ".postlint_cache", "__pycache__"})
_PLACEHOLDER = re.compile(r":([a-z_]+)")


def _keeps(char: str, extra: str) -> bool:
    category = unicodedata.category(char)
    return category[0] in "LM" or category == "Nd" or char in extra


_SLUG_EXTRA = {"default": "", "pretty": "._~!$&'()+,;=@"}
#: runs of the ASCII characters each mode replaces by `-`
_ASCII_SLUG_RUNS = {mode: re.compile(f"[^A-Za-z0-9{re.escape(extra)}]+")
                    for mode, extra in _SLUG_EXTRA.items()}


def jekyll_slugify(text: Any, mode: str = "default", cased: bool = False) -> str | None:
    """`Jekyll::Utils.slugify` for the modes URLs use: runs of other characters become `-`."""
    if text is None:
        return None
    text = str(text)
    if mode == "raw":
        slug = re.sub(r"\s+", "-", text)
    elif mode == "ascii":
        slug = re.sub(r"[^A-Za-z0-9]+", "-", text)
    elif text.isascii():  # letters and digits are then [A-Za-z0-9]: one substitution
        slug = _ASCII_SLUG_RUNS[mode if mode in _SLUG_EXTRA else "default"].sub("-", text)
    else:
        extra = _SLUG_EXTRA.get(mode, "")
        out, pending = [], False
        for char in text:
            if _keeps(char, extra):
                if pending:
                    out.append("-")
                    pending = False
                out.append(char)
            else:
                pending = True
        slug = "".join(out) + ("-" if pending else "")
        if text and not _keeps(text[0], extra) and slug and slug[0] != "-":
            slug = "-" + slug
    slug = re.sub(r"^-|-$", "", slug)
    return slug if cased else slug.lower()


def _sanitize(url: str) -> str:
    """`Jekyll::URL#sanitize_url`: no `..`, no `./`, single slashes, a leading slash."""
    url = ("/" + url).replace("..", "/").replace("./", "")
    return re.sub(r"/+", "/", url)


def _permalink_suffix(template: str, style: str) -> str:
    """`Utils.add_permalink_suffix`: pages and collections end like the permalink style."""
    if style == "pretty":
        return template + "/"
    if style in ("date", "ordinal", "none"):
        return template + ":output_ext"
    if style.endswith("/"):
        template += "/"
    if style.endswith(":output_ext"):
        template += ":output_ext"
    return template


def _categories(data: dict, path_categories: list[str]) -> list[str]:
    """`Document#categories_from_path`, `merge_categories!` and `populate_categories`."""
    front = data.get("categories")
    if isinstance(front, str):
        front = front.split()
    merged = list(path_categories)
    if front is not None:
        for item in front if isinstance(front, list) else [front]:
            if item not in merged:
                merged.append(item)
    if "category" in data:
        singular = data["category"]
        extra = singular if isinstance(singular, list) else [singular]
    else:
        extra = []
    result: list[str] = []
    for item in [*merged, *extra]:
        if item is None:
            continue
        text = _ruby_to_s(item)
        if text not in result:
            result.append(text)
    return result


def _ruby_to_s(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    return str(value)


def _ext_of(name: str) -> str:
    return posixpath.splitext(name)[1]


def _output_ext(name: str, permalink: Any) -> str:
    """`Renderer#output_ext`: a permalink's own extension wins, else the converter's."""
    if isinstance(permalink, str) and permalink and not permalink.endswith("/"):
        ext = _ext_of(permalink.rsplit("/", 1)[-1])
        if ext:
            return ext
    ext = _ext_of(name)
    return JEKYLL_OUTPUT_EXT.get(ext.lower(), ext)


def _site_zone(site: "Site") -> dt.tzinfo:
    if site.timezone:
        try:
            return ZoneInfo(str(site.timezone))
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return dt.timezone.utc


def _date_placeholders(when: dt.datetime) -> dict[str, str]:
    iso = when.isocalendar()
    return {
        "year": f"{when.year:04d}", "month": f"{when.month:02d}", "day": f"{when.day:02d}",
        "hour": f"{when.hour:02d}", "minute": f"{when.minute:02d}", "second": f"{when.second:02d}",
        "i_day": str(when.day), "i_month": str(when.month), "short_year": f"{when.year % 100:02d}",
        "short_month": when.strftime("%b"), "long_month": when.strftime("%B"),
        "w_year": str(iso[0]), "week": f"{iso[1]:02d}", "w_day": str(iso[2]),
        "short_day": when.strftime("%a"), "long_day": when.strftime("%A"),
        "y_day": f"{when.timetuple().tm_yday:03d}",
    }


def _fill(template: str, values: dict[str, str | None]) -> str | None:
    """`URL#generate_url_from_drop`; None when the template names an unknown placeholder."""
    unknown = []

    def replace(match: re.Match) -> str:
        name = match.group(1)
        pool = [name, name[:-1]] if name.endswith("_") else [name]
        winner = next((key for key in pool if key in values), None)
        if winner is None:
            unknown.append(name)
            return match.group(0)
        rest = name[len(winner):]
        return (values[winner] or "") + rest

    filled = _PLACEHOLDER.sub(replace, template)
    return None if unknown else filled


def _fill_hash(template: str, values: dict[str, str | None]) -> str:
    """`URL#generate_url_from_hash` (pages): plain substitution in the order of the hash."""
    for key, value in values.items():
        if ":" not in template:
            break
        template = template.replace(f"/:{key}", "") if value is None else \
            template.replace(f":{key}", value)
    return template


# ---------------------------------------------------------------------------- dates
def jekyll_date(source: "SourceFile", site: "Site") -> dt.datetime | None:
    """The post's date as Jekyll reads it, in the site's time zone (the URL's date parts)."""
    if source.post is None or source.data is None:
        return _filename_or_timestamp(source, site)
    try:
        from postlint.dates import post_datetime  # the one date reader, shared with PL2
    except ImportError:  # pragma: no cover - until postlint.dates lands
        return _filename_or_timestamp(source, site)
    return post_datetime(source.post, site)


def _filename_or_timestamp(source: "SourceFile", site: "Site") -> dt.datetime | None:
    zone = _site_zone(site)
    value = (source.data or {}).get("date")
    if isinstance(value, dt.datetime):
        return (value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)).astimezone(zone)
    match = JEKYLL_POST_NAME.search(source.relpath)
    if match is None:
        return None
    try:
        y, m, d = (int(p) for p in match.group(1).split("-"))
        return dt.datetime(y, m, d, tzinfo=zone)
    except ValueError:
        return None


# ---------------------------------------------------------------------------- front matter defaults
def jekyll_defaults(site: "Site", relpath: str, kind: str) -> dict:
    """`FrontmatterDefaults#all`: the `defaults:` values whose scope (path, type) applies,
    the more specific scope winning (a longer path, then a typed scope)."""
    sets = site.raw.get("defaults")
    if not isinstance(sets, list):
        return {}
    merged: dict = {}
    old_scope: dict | None = None
    for entry in sets:
        if not isinstance(entry, dict) or not isinstance(entry.get("values"), dict):
            continue
        scope = entry.get("scope") if isinstance(entry.get("scope"), dict) else {}
        if not _scope_applies(site, scope, relpath, kind):
            continue
        if old_scope is None or _has_precedence(old_scope, scope):
            merged = {**merged, **entry["values"]}
            old_scope = scope
        else:
            merged = {**entry["values"], **merged}
    return merged


def _scope_path(scope: dict) -> str:
    path = scope.get("path")
    return path.strip("/") if isinstance(path, str) else ""


def _scope_applies(site: "Site", scope: dict, relpath: str, kind: str) -> bool:
    wanted = scope.get("type")
    aliases = {"page": "pages", "post": "posts", "draft": "drafts"}
    if wanted is not None and aliases.get(str(wanted), str(wanted)) != kind:
        return False
    path = _scope_path(scope)
    if not path:
        return True
    collections_dir = _collections_dir(site)
    if collections_dir and path.startswith(collections_dir):
        path = path[len(collections_dir):]
    relpath = relpath[len(collections_dir):] if collections_dir and relpath.startswith(collections_dir) else relpath
    if "*" in path:
        parts = relpath.split("/")
        return any(fnmatch.fnmatchcase("/".join(parts[:i]), path) for i in range(1, len(parts) + 1))
    return relpath == path or relpath.startswith(path + "/")


def _has_precedence(old: dict, new: dict) -> bool:
    new_path, old_path = _scope_path(new), _scope_path(old)
    if len(new_path) != len(old_path):
        return len(new_path) >= len(old_path)
    return "type" in new or "type" not in old


def _effective(site: "Site", source: "SourceFile", kind: str) -> dict:
    """Front matter over the defaults; categories add up, as `merge_categories!` does."""
    data = source.data or {}
    defaults = jekyll_defaults(site, source.relpath, kind) if site.raw.get("defaults") else {}
    if not defaults:
        return data
    merged = {**defaults, **data}
    for key in ("categories",):
        if key in defaults and key in data:
            first = defaults[key].split() if isinstance(defaults[key], str) else defaults[key]
            second = data[key].split() if isinstance(data[key], str) else data[key]
            first = first if isinstance(first, list) else [first]
            second = second if isinstance(second, list) else [second]
            merged[key] = [*first, *(c for c in second if c not in first)]
    return merged


# ---------------------------------------------------------------------------- one file's URL
@dataclass(frozen=True, slots=True)
class SourceFile:
    """What the URL rules need of one file: where it is and its front matter, if any."""

    relpath: str  # site-relative, '/'-separated
    data: dict | None  # front matter as the generator reads it (None: no front matter)
    post: "Post | None" = None  # the parsed file (its dates are read from the text as written)


def jekyll_post_url(site: "Site", source: SourceFile) -> str | None:
    """The URL of a file in a `_posts` folder, or None when Jekyll does not publish it."""
    parts = source.relpath.split("/")
    if "_posts" not in parts[:-1]:
        return None
    posts_at = parts.index("_posts")
    name = "/".join(parts[posts_at + 1:])
    match = JEKYLL_POST_NAME.search(name)
    if match is None or (posts_at > 0 and any(p.startswith(("_", ".")) for p in parts[:posts_at])
                         and "/".join(parts[:posts_at]) + "/" != _collections_dir(site)):
        return None
    path_categories = parts[:posts_at]
    if "/".join(path_categories) + "/" == _collections_dir(site):
        path_categories = []  # the collections folder is not a category
    data = _effective(site, source, "posts")
    if data.get("published") is False:
        return None
    filename_date, slug, _ext = match.groups()
    slug = re.sub(r"\.*$", "", slug)
    when = jekyll_date(source, site)
    if when is None:
        return None
    basename = posixpath.splitext(parts[-1])[0]
    permalink = data.get("permalink")
    front_slug = data.get("slug")
    values: dict[str, str | None] = {
        "collection": "posts",
        "path": "/" + source.relpath[:-len(_ext_of(source.relpath)) or None].split("_posts/", 1)[-1],
        "name": jekyll_slugify(basename),
        "title": jekyll_slugify(front_slug if front_slug is not None else slug, "pretty", True),
        "slug": jekyll_slugify(front_slug if front_slug is not None else slug),
        "categories": "/".join(dict.fromkeys(c.lower() for c in _categories(data, path_categories))),
        "slugified_categories": "/".join(dict.fromkeys(
            jekyll_slugify(c) or "" for c in _categories(data, path_categories))),
        "output_ext": _output_ext(parts[-1], permalink),
        **_date_placeholders(when),
    }
    template = str(permalink) if isinstance(permalink, str) and permalink else \
        _posts_template(site)
    filled = _fill(template, values)
    return _sanitize(filled) if filled is not None else None


def _posts_template(site: "Site") -> str:
    collections = site.raw.get("collections")
    if isinstance(collections, dict) and isinstance(collections.get("posts"), dict):
        permalink = collections["posts"].get("permalink")
        if isinstance(permalink, str) and permalink:
            return JEKYLL_STYLES.get(permalink, permalink)
    style = site.permalink or "date"
    return JEKYLL_STYLES.get(style, style)


def jekyll_page_url(site: "Site", source: SourceFile) -> str:
    """`Page#url`: a file with front matter outside the special folders."""
    data = _effective(site, source, "pages")
    folder, name = posixpath.split(source.relpath)
    ext = _ext_of(name)
    basename = re.sub(r"\.*$", "", name[: len(name) - len(ext)] if ext else name)
    permalink = data.get("permalink")
    output_ext = _output_ext(name, permalink)
    if isinstance(permalink, str) and permalink:
        template = permalink
    elif output_ext not in HTML_EXTS:
        template = "/:path/:basename:output_ext"
    elif basename == "index":
        template = "/:path/"
    else:
        template = _permalink_suffix("/:path/:basename", site.permalink or "date")
    values = {"path": "/" + folder if folder else "", "basename": basename, "output_ext": output_ext}
    return _sanitize(_fill_hash(template, values))


def jekyll_collection_url(site: "Site", label: str, meta: dict, source: SourceFile) -> str | None:
    """A document of a collection with `output: true` (`Document#url` with its template)."""
    data = _effective(site, source, label)
    prefix = f"{_collections_dir(site)}_{label}/"
    inner = source.relpath[len(prefix):]
    name = inner.rsplit("/", 1)[-1]
    ext = _ext_of(name)
    basename = name[: len(name) - len(ext)] if ext else name
    permalink = data.get("permalink")
    template = str(permalink) if isinstance(permalink, str) and permalink else \
        meta.get("permalink") if isinstance(meta.get("permalink"), str) else \
        _permalink_suffix("/:collection/:path", site.permalink or "date")
    template = JEKYLL_STYLES.get(template, template)
    front_slug = data.get("slug")
    values: dict[str, str | None] = {
        "collection": label,
        "path": "/" + re.sub(r"\.*$", "", inner[: len(inner) - len(ext)] if ext else inner),
        "name": jekyll_slugify(basename),
        "title": jekyll_slugify(front_slug if front_slug is not None else basename, "pretty", True),
        "slug": jekyll_slugify(front_slug if front_slug is not None else basename),
        "categories": "/".join(dict.fromkeys(c.lower() for c in _categories(data, []))),
        "slugified_categories": "",
        "output_ext": _output_ext(name, permalink),
    }
    when = jekyll_date(source, site)
    if when is not None:
        values.update(_date_placeholders(when))
    filled = _fill(template, values)
    return _sanitize(filled) if filled is not None else None


def _collections_dir(site: "Site") -> str:
    folder = site.raw.get("collections_dir")
    return f"{str(folder).strip('/')}/" if isinstance(folder, str) and folder.strip("/") else ""


def _output_collections(site: "Site") -> dict[str, dict]:
    collections = site.raw.get("collections")
    if isinstance(collections, list):
        return {}  # a list declares collections without output
    if not isinstance(collections, dict):
        return {}
    return {str(label): meta for label, meta in collections.items()
            if label != "posts" and isinstance(meta, dict) and meta.get("output") is True}


def output_url(post: "Post") -> str | None:
    """The URL `post` builds to (decoded, without baseurl), or None if it builds to none."""
    site = post.site
    relpath = _site_relpath(post.path, site.root)
    if relpath is None or post.decoding.binary:
        return None
    source = SourceFile(relpath, _generator_data(post), post)
    return source_url(site, source)


def source_url(site: "Site", source: SourceFile) -> str | None:
    if site.generator == "hugo":
        return hugo_url(site, source)
    if site.generator != "jekyll":
        return None
    parts = source.relpath.split("/")
    if "_posts" in parts[:-1]:
        return jekyll_post_url(site, source)
    for label, meta in _output_collections(site).items():
        if source.relpath.startswith(f"{_collections_dir(site)}_{label}/"):
            if source.data is None:
                return "/" + label + "/" + source.relpath.split(f"_{label}/", 1)[1]
            return jekyll_collection_url(site, label, meta, source)
    if source.data is None:
        return "/" + source.relpath
    return jekyll_page_url(site, source)


def _site_relpath(path: Path, root: Path) -> str | None:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except (ValueError, OSError):
            return None


# ---------------------------------------------------------------------------- Hugo rules
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
    zone = _site_zone(site)
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
        if site.generator == "jekyll":
            index._build_jekyll()
        elif site.generator == "hugo":
            index._build_hugo()
        else:
            index._build_plain()
        return index

    def add(self, url: str, relpath: str) -> None:
        self.urls.setdefault(url, relpath)
        if url.endswith("/"):
            self.urls.setdefault(url + "index.html", relpath)
        elif not posixpath.splitext(url.rsplit("/", 1)[-1])[1]:
            self.urls.setdefault(url + ".html", relpath)  # Jekyll writes `/a` as a.html

    def _build_jekyll(self) -> None:
        site = self.site
        collections = _output_collections(site)
        excludes = self._jekyll_excludes()
        includes = [str(p) for p in site.raw.get("include") or [] if isinstance(p, (str, int))]
        now = time.time()
        for relpath in _walk(site.root):
            parts = relpath.split("/")
            if self._jekyll_ignores(parts, excludes, includes, collections):
                continue
            fact = self.facts(relpath, lambda: self.fact(relpath))
            if fact is None:
                continue
            url, published, not_before = fact[:3]
            if url is None or not published or (not_before is not None and not_before > now):
                continue
            self.by_source[relpath] = url
            self.add(url, relpath)
            for old in fact[3] if len(fact) > 3 else ():
                self.add(old, relpath)
        self._jekyll_plugin_pages()

    def _jekyll_plugin_pages(self) -> None:
        """Pages that the usual plugins write (no source file of their own)."""
        raw = self.site.raw
        plugins = {str(p) for p in (raw.get("plugins") or raw.get("gems") or [])
                   if isinstance(p, str)}
        if "jekyll-feed" in plugins:
            feed = raw.get("feed") if isinstance(raw.get("feed"), dict) else {}
            path = feed.get("path") if isinstance(feed.get("path"), str) else "feed.xml"
            self.add("/" + path.lstrip("/"), "jekyll-feed")
        if "jekyll-sitemap" in plugins:
            self.add("/sitemap.xml", "jekyll-sitemap")
            self.add("/robots.txt", "jekyll-sitemap")
        per_page = raw.get("paginate")
        if "jekyll-paginate" in plugins and isinstance(per_page, int) and per_page > 0:
            template = str(raw.get("paginate_path") or "/page:num/")
            posts = sum(1 for source in self.by_source if "_posts/" in source)
            for number in range(2, -(-posts // per_page) + 1):
                self.add(_sanitize(template.replace(":num", str(number))), "jekyll-paginate")

    def fact(self, relpath: str) -> list | None:
        """What one file (site-relative path) gives the index; JSON, so it can be cached."""
        return self._hugo_fact(relpath) if self.site.generator == "hugo" else \
            self._jekyll_fact(relpath)

    def _jekyll_fact(self, relpath: str) -> list | None:
        """[URL, published?, the time it is published from, the `redirect_from` URLs]."""
        parts = relpath.split("/")
        source = _read_source(self.site, relpath)
        if source is None:
            return None
        published = (source.data or {}).get("published") is not False
        not_before = None
        if "_posts" in parts[:-1] and not self.site.future:
            when = jekyll_date(source, self.site)
            not_before = when.timestamp() if when is not None else None
        return [source_url(self.site, source), published, not_before, _redirect_from(source)]

    def _jekyll_excludes(self) -> list[str]:
        configured = self.site.raw.get("exclude")
        extra = [str(p) for p in configured if isinstance(p, (str, int))] \
            if isinstance(configured, list) else []
        return [*JEKYLL_DEFAULT_EXCLUDES, *extra]

    def _jekyll_ignores(self, parts: list[str], excludes: list[str], includes: list[str],
                        collections: dict[str, dict]) -> bool:
        relpath = "/".join(parts)
        if self.site.config_file is not None and relpath == self.site.config_file.name:
            return True
        for pattern in excludes:
            pattern = pattern.strip("/")
            if relpath == pattern or relpath.startswith(pattern + "/") or \
                    fnmatch.fnmatchcase(relpath, pattern):
                return True
        folders, name = parts[:-1], parts[-1]
        collection_dir = _collections_dir(self.site)
        if folders and collection_dir and relpath.startswith(collection_dir):
            folders = relpath[len(collection_dir):].split("/")[:-1]
        for i, folder in enumerate(folders):
            if folder == "_posts" or (i == 0 and folder[1:] in collections and folder[0] == "_"):
                continue
            if _special(folder) and folder not in includes:
                return True
        return _special(name) and name not in includes

    def _build_hugo(self) -> None:
        site = self.site
        static = site.root / "static"
        for relpath in _walk(static):
            self.add("/" + relpath, "static/" + relpath)
        content = site.content_dir.strip("/")
        self.add("/", content)
        sections: set[str] = set()
        for relpath in _walk(site.root / content):
            full = f"{content}/{relpath}"
            name = relpath.rsplit("/", 1)[-1]
            folder = relpath.rsplit("/", 1)[0] if "/" in relpath else ""
            if _ext_of(name).lower() not in MARKDOWN_EXTS | HTML_EXTS:
                if not any(part.startswith(".") for part in relpath.split("/")):
                    self.add("/" + "/".join(hugo_urlize(p) for p in relpath.split("/")[:-1])
                             + ("/" if folder else "") + name, full)  # bundle resources
                continue
            fact = self.facts(full, lambda: self.fact(full))
            if fact is None or fact[0] is None:
                continue
            url, aliases, terms = fact
            self.by_source[full] = url
            self.add(url, full)
            for alias in aliases:
                self.add(alias, full)
            if folder:
                sections.add(folder.split("/", 1)[0])
                for term_url in terms:
                    self.add(term_url, full)
        for section in sections:
            self.add(f"/{hugo_urlize(section)}/", f"{content}/{section}")
        disabled = {str(k).lower() for k in _lowered(site.raw).get("disablekinds") or []}
        if "rss" not in disabled:
            self.add("/index.xml", "hugo")
            for section in sections:
                self.add(f"/{hugo_urlize(section)}/index.xml", f"{content}/{section}")
        if "sitemap" not in disabled:
            self.add("/sitemap.xml", "hugo")

    def _hugo_fact(self, full: str) -> list | None:
        """What one content file gives the index: [URL, aliases, taxonomy URLs]."""
        source = _read_source(self.site, full)
        if source is None:
            return None
        url = hugo_url(self.site, source)
        if url is None:
            return [None, [], []]
        return [url, list(hugo_aliases(source, url)), self._hugo_terms(source)]

    def _hugo_terms(self, source: SourceFile) -> list[str]:
        urls = []
        for singular, plural in self.site.taxonomies.items():
            terms = (source.data or {}).get(plural)
            if isinstance(terms, str):
                terms = [terms]
            if not isinstance(terms, list):
                continue
            urls.append(f"/{hugo_urlize(plural)}/")
            urls.extend(f"/{hugo_urlize(plural)}/{hugo_urlize(str(term))}/" for term in terms
                        if isinstance(term, (str, int)))
        return urls

    def _build_plain(self) -> None:
        for relpath in _walk(self.site.root):
            if not any(p.startswith((".", "_")) for p in relpath.split("/")):
                self.add("/" + relpath, relpath)

    # ------------------------------------------------------------ asking
    # Rules ask only these questions (through `IndexQuestions`), so that a cached result can
    # be checked against a changed site by asking its questions again.
    def serves(self, path: str) -> bool:
        return self.source_of(path) is not None

    def url_of(self, relpath: str) -> str | None:
        """The URL the site publishes the file `relpath` (site-relative) at, if it does."""
        return self.by_source.get(relpath)

    def has_post(self, name: str) -> bool:
        """Is there a `_posts` file `{% post_url [folder/]2021-01-01-slug %}` names?"""
        wanted = name.rsplit("/", 1)
        return any(_post_name_matches(source, wanted) for source in self.by_source)

    def has_content(self, name: str) -> bool:
        """Is there a content file Hugo's `ref "name"` finds?"""
        wanted = name.strip("/")
        bare = wanted.rsplit(".", 1)[0] if wanted.endswith((".md", ".markdown", ".html")) else wanted
        content = self.site.content_dir.strip("/") + "/"
        for source in self.by_source:
            stem = (source.split("/", 1)[1] if source.startswith(content) else source).rsplit(".", 1)[0]
            for candidate in (stem, stem.removesuffix("/index"), stem.removesuffix("/_index")):
                if candidate == bare or candidate.endswith("/" + bare):
                    return True
        return False

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
                    self._by_last.setdefault(url.rstrip("/").rsplit("/", 1)[-1], []).append(url)
            self._pages = sorted(u for urls in self._by_last.values() for u in urls)
        last = path.rstrip("/").rsplit("/", 1)[-1]
        same = self._by_last.get(last) if last else None
        if same:
            return min(same, key=lambda u: (abs(len(u) - len(path)), u))
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


def _post_name_matches(source: str, wanted: list[str]) -> bool:
    """`{% post_url [folder/]2021-01-01-slug %}` against a `_posts` file path."""
    if "_posts/" not in source:
        return False
    before, after = source.rsplit("_posts/", 1)
    stem = after.rsplit(".", 1)[0] if "." in after.rsplit("/", 1)[-1] else after
    if len(wanted) == 1:
        return stem.rsplit("/", 1)[-1] == wanted[0]
    folder, name = wanted
    return stem.rsplit("/", 1)[-1] == name and (before.rstrip("/").endswith(folder) or
                                               stem.startswith(folder + "/"))


def _redirect_from(source: SourceFile) -> list[str]:
    """jekyll-redirect-from's `redirect_from:` URLs (pages that redirect to this one)."""
    found = (source.data or {}).get("redirect_from")
    if isinstance(found, str):
        found = [found]
    if not isinstance(found, list):
        return []
    return [_sanitize(unquote(u)) for u in found if isinstance(u, str) and u.strip()]


def _served_forms(path: str) -> Iterator[str]:
    yield path
    if path.endswith("/"):
        yield path + "index.html"
    else:
        yield path + "/"
        if not posixpath.splitext(path.rsplit("/", 1)[-1])[1]:
            yield path + ".html"


def _special(name: str) -> bool:
    """Jekyll's EntryFilter#special? and #backup?: `.x`, `_x`, `#x`, `x~` are not read."""
    return name.startswith((".", "_", "#")) or name.endswith("~")


def _walk(top: Path) -> Iterator[str]:
    """Site-relative file paths below `top`, sorted, not following symlinks out of it."""
    if not top.is_dir():
        return
    for folder, dirs, files in os.walk(top):
        dirs[:] = sorted(d for d in dirs if d not in NEVER_WALK and d != "_site"
                         and not os.path.islink(os.path.join(folder, d)))
        rel = os.path.relpath(folder, top)
        for name in sorted(files):
            yield name if rel == "." else f"{rel.replace(os.sep, '/')}/{name}"


def _read_source(site: "Site", relpath: str) -> SourceFile | None:
    """One file as the URL rules see it; only files that start with `---`/`+++` are parsed."""
    from postlint.post import Post

    path = site.root / relpath
    try:
        with open(path, "rb") as handle:
            head = handle.read(3)
            if head not in (b"---", b"+++") and "_posts" not in relpath.split("/"):
                return SourceFile(relpath, None)
            raw = head + handle.read()
    except OSError:
        return None
    post = Post.from_bytes(path, relpath, raw, site, is_post="_posts" in relpath.split("/"))
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
