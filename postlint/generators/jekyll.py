"""Jekyll 4.3: `_config.yml`, posts, pages, collections and static files, and their URLs.

The URL rules follow Jekyll's own code (`Document#url`, `Page#url`, `StaticFile#url`, `URL`,
`Utils.slugify`, `FrontmatterDefaults`); kramdown (GFM input) renders the body after Liquid.
"""
from __future__ import annotations

import datetime as dt
import fnmatch
import posixpath
import re
import time
import unicodedata
from urllib.parse import unquote
from typing import TYPE_CHECKING, Any

from postlint.dates import site_zone_name, zone_of_name
from postlint.generators.base import Generator
from postlint.globs import matches_any
from postlint.urls import HTML_EXTS, MARKDOWN_EXTS, SourceFile, ext_of, read_source, walk_site

if TYPE_CHECKING:
    from postlint.site import Site
    from postlint.urls import UrlIndex

CONFIG_NAMES = ("_config.yml", "_config.yaml", "_config.toml")

#: Jekyll's `STYLE_TO_PERMALINK` (configuration.rb)
JEKYLL_STYLES = {
    "none": "/:categories/:title:output_ext",
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
}


JEKYLL_OUTPUT_EXT = {**{ext: ".html" for ext in MARKDOWN_EXTS}, ".scss": ".css", ".sass": ".css",
                     ".coffee": ".js"}


#: Document::DATE_FILENAME_MATCHER
JEKYLL_POST_NAME = re.compile(r"(\d{2,4}-\d{1,2}-\d{1,2})-([^/]*)(\.[^./]+)$")


#: Jekyll's default `exclude` list (configuration.rb DEFAULT_EXCLUDES) and folders never read
JEKYLL_DEFAULT_EXCLUDES = (".sass-cache", ".jekyll-cache", "gemfiles", "Gemfile", "Gemfile.lock",
                           "node_modules", "vendor/bundle/", "vendor/cache/", "vendor/gems/",
                           "vendor/ruby/")


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


def _output_ext(name: str, permalink: Any) -> str:
    """`Renderer#output_ext`: a permalink's own extension wins, else the converter's."""
    if isinstance(permalink, str) and permalink and not permalink.endswith("/"):
        ext = ext_of(permalink.rsplit("/", 1)[-1])
        if ext:
            return ext
    ext = ext_of(name)
    return JEKYLL_OUTPUT_EXT.get(ext.lower(), ext)


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
    zone = zone_of_name(site_zone_name(site))
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
        "path": "/" + source.relpath[:-len(ext_of(source.relpath)) or None].split("_posts/", 1)[-1],
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
    ext = ext_of(name)
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
    ext = ext_of(name)
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


def _collections(site: "Site") -> dict[str, dict]:
    """Every collection the config declares (a list declares them without settings)."""
    collections = site.raw.get("collections")
    if isinstance(collections, list):
        return {str(label): {} for label in collections if isinstance(label, (str, int))}
    if not isinstance(collections, dict):
        return {}
    return {str(label): meta if isinstance(meta, dict) else {}
            for label, meta in collections.items() if label != "posts"}


def _output_collections(site: "Site") -> dict[str, dict]:
    collections = site.raw.get("collections")
    if isinstance(collections, list):
        return {}  # a list declares collections without output
    if not isinstance(collections, dict):
        return {}
    return {str(label): meta for label, meta in collections.items()
            if label != "posts" and isinstance(meta, dict) and meta.get("output") is True}


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


def _special(name: str) -> bool:
    """Jekyll's EntryFilter#special? and #backup?: `.x`, `_x`, `#x`, `x~` are not read."""
    return name.startswith((".", "_", "#")) or name.endswith("~")


def _source_url(site: "Site", source: SourceFile) -> str | None:
    """The URL of a post, a collection document, a page or a static file."""
    parts = source.relpath.split("/")
    if "_posts" in parts[:-1]:
        return jekyll_post_url(site, source)
    for label, meta in _output_collections(site).items():
        if source.relpath.startswith(f"{_collections_dir(site)}_{label}/"):
            if source.data is None:
                return "/" + label + "/" + source.relpath.split(f"_{label}/", 1)[1]
            return jekyll_collection_url(site, label, meta, source)
    if source.data is None and not optional_page(site, source.relpath):
        return "/" + source.relpath
    if _readme_index(site, source.relpath):
        folder = posixpath.dirname(source.relpath)
        return f"/{folder}/" if folder else "/"
    return jekyll_page_url(site, source)


#: jekyll-optional-front-matter's FILENAME_BLACKLIST: these stay static files
OPTIONAL_FRONT_MATTER_SKIPS = frozenset({
    "README", "LICENSE", "LICENCE", "COPYING", "CODE_OF_CONDUCT", "CONTRIBUTING",
    "ISSUE_TEMPLATE", "PULL_REQUEST_TEMPLATE"})


def optional_page(site: "Site", relpath: str) -> bool:
    """jekyll-optional-front-matter (on by default with the github-pages gem): a Markdown
    file without front matter is rendered as a page too; its source stays a static file.
    jekyll-readme-index makes a README the page of a folder that has no index."""
    name = relpath.rsplit("/", 1)[-1]
    stem, ext = posixpath.splitext(name)
    if ext.lower() not in MARKDOWN_EXTS or site.raw.get("require_front_matter"):
        return False
    enabled = plugins(site)
    options = site.raw.get("optional_front_matter")
    if "jekyll-optional-front-matter" not in enabled or \
            isinstance(options, dict) and options.get("enabled") is False:
        return False
    return stem.upper() not in OPTIONAL_FRONT_MATTER_SKIPS or relpath in _includes(site) or \
        _readme_index(site, relpath)


def _readme_index(site: "Site", relpath: str) -> bool:
    """jekyll-readme-index: a README is the page of a folder that has no index file."""
    folder, name = posixpath.split(relpath)
    if posixpath.splitext(name)[0].upper() != "README" or \
            posixpath.splitext(name)[1].lower() not in MARKDOWN_EXTS or \
            "jekyll-readme-index" not in plugins(site):
        return False
    return not any((site.root / folder).glob("index.*"))


def _build(index: "UrlIndex") -> None:
    site = index.site
    collections = _output_collections(site)
    excludes = _excludes(site)
    includes = _includes(site)
    enabled = plugins(site)
    now = time.time()
    for relpath in walk_site(site.root):
        parts = relpath.split("/")
        if _ignores(site, parts, excludes, includes, collections):
            continue
        fact = index.facts(relpath, lambda: _fact(site, relpath))
        if fact is None:
            continue
        url, published, not_before = fact[:3]
        if url is None or not published or (not_before is not None and not_before > now):
            continue
        index.by_source[relpath] = url
        index.add(url, relpath)
        for other in fact[3] if len(fact) > 3 else ():
            index.add(other, relpath)
    _plugin_pages(index, enabled)


#: the plugins the `github-pages` gem turns on whatever `_config.yml` lists
#: (`GitHubPages::Plugins::DEFAULT_PLUGINS`)
GITHUB_PAGES_DEFAULTS = ("jekyll-coffeescript", "jekyll-default-layout", "jekyll-gist",
                         "jekyll-github-metadata", "jekyll-optional-front-matter",
                         "jekyll-paginate", "jekyll-readme-index", "jekyll-titles-from-headings",
                         "jekyll-relative-links")


def plugins(site: "Site") -> set[str]:
    """The plugins the build runs: `plugins` (or the older `gems`) of `_config.yml`, and the
    GitHub Pages defaults when the Gemfile builds with the `github-pages` gem."""
    raw = site.raw
    found = {str(p) for p in (raw.get("plugins") or raw.get("gems") or []) if isinstance(p, str)}
    try:
        gemfile = (site.root / "Gemfile").read_text(encoding="utf-8", errors="replace")
    except OSError:
        gemfile = ""
    if re.search(r"""^\s*gem\s+["']github-pages["']""", gemfile, re.M):
        found.update(GITHUB_PAGES_DEFAULTS)
    return found


def _plugin_pages(index: "UrlIndex", enabled: set[str]) -> None:
    """Pages that the usual plugins write (no source file of their own)."""
    raw = index.site.raw
    settings = raw.get("redirect_from")
    if "jekyll-redirect-from" in enabled and not (isinstance(settings, dict)
                                                  and settings.get("json") is False):
        index.add("/redirects.json", "jekyll-redirect-from")
    if "jekyll-feed" in enabled:
        feed = raw.get("feed") if isinstance(raw.get("feed"), dict) else {}
        path = feed.get("path") if isinstance(feed.get("path"), str) else "feed.xml"
        index.add("/" + path.lstrip("/"), "jekyll-feed")
    if "jekyll-sitemap" in enabled:
        index.add("/sitemap.xml", "jekyll-sitemap")
        index.add("/robots.txt", "jekyll-sitemap")
    per_page = raw.get("paginate")
    if "jekyll-paginate" in enabled and isinstance(per_page, int) and per_page > 0:
        template = str(raw.get("paginate_path") or "/page:num/")
        posts = sum(1 for source in index.by_source if "_posts/" in source)
        for number in range(2, -(-posts // per_page) + 1):
            index.add(_sanitize(template.replace(":num", str(number))), "jekyll-paginate")


def _fact(site: "Site", relpath: str) -> list | None:
    """[URL, published?, the time it is published from, the other URLs it is served at
    (`redirect_from`, the static copy of a page made without front matter)]."""
    parts = relpath.split("/")
    source = read_source(site, relpath)
    if source is None:
        return None
    published = (source.data or {}).get("published") is not False
    not_before = None
    if "_posts" in parts[:-1] and not site.future:
        when = jekyll_date(source, site)
        not_before = when.timestamp() if when is not None else None
    more = _redirect_from(source) if "jekyll-redirect-from" in plugins(site) else []
    if source.data is None and optional_page(site, relpath):
        more.append("/" + relpath)  # the source is still copied as a static file
    return [_source_url(site, source), published, not_before, more]


def _includes(site: "Site") -> list[str]:
    return [str(p) for p in site.raw.get("include") or [] if isinstance(p, (str, int))]


def _excluded(relpath: str, excludes: list[str]) -> bool:
    """`EntryFilter#excluded?`: the path or a folder above it matches an `exclude` entry."""
    for pattern in excludes:
        pattern = pattern.strip("/")
        if relpath == pattern or relpath.startswith(pattern + "/") or \
                fnmatch.fnmatchcase(relpath, pattern):
            return True
    return False


def _configured_excludes(site: "Site") -> list[str]:
    configured = site.raw.get("exclude")
    return [str(p) for p in configured if isinstance(p, (str, int))] \
        if isinstance(configured, list) else []


def _excludes(site: "Site") -> list[str]:
    return [*JEKYLL_DEFAULT_EXCLUDES, *_configured_excludes(site)]


def _ignores(site: "Site", parts: list[str], excludes: list[str], includes: list[str],
             collections: dict[str, dict]) -> bool:
    relpath = "/".join(parts)
    if site.config_file is not None and relpath == site.config_file.name:
        return True
    if _excluded(relpath, excludes):
        return True
    folders, name = parts[:-1], parts[-1]
    collection_dir = _collections_dir(site)
    if folders and collection_dir and relpath.startswith(collection_dir):
        folders = relpath[len(collection_dir):].split("/")[:-1]
    for i, folder in enumerate(folders):
        if folder == "_posts" or (i == 0 and folder[1:] in collections and folder[0] == "_"):
            continue
        if _special(folder) and folder not in includes:
            return True
    return _special(name) and name not in includes


class Jekyll(Generator):
    """Jekyll: `_config.yml`; `_posts` named `YYYY-MM-DD-slug`; Liquid, then kramdown."""

    name = "jekyll"
    config_names = CONFIG_NAMES
    title = "Jekyll"
    renderer = "kramdown"
    default_schema = "jekyll-post"
    schema_allows_unknown = False
    future_setting = "`future: true`"
    splits_term_strings = True
    models_urls = True
    post_globs = ("**/_posts/**/*.md", "**/_posts/**/*.markdown", "**/_posts/**/*.html",
                  "**/_drafts/**/*.md", "**/_drafts/**/*.markdown", "**/_drafts/**/*.html")

    def site_settings(self, raw: dict[str, Any]) -> dict[str, Any]:
        return {"url": str(raw.get("url") or ""), "baseurl": str(raw.get("baseurl") or ""),
                "timezone": raw.get("timezone") or None,
                "permalink": str(raw.get("permalink") or "date"),
                "future": bool(raw.get("future", False))}

    def text_slug(self, text: str, site: "Site") -> str:
        """kramdown's automatic ids as `_config.yml`'s `kramdown:` sets them: GFM input's
        (the default), kramdown input's `basic_generate_id` (`section` when empty), none
        with `auto_ids: false`; `auto_id_prefix` before either."""
        from postlint.links.anchors import kramdown_id

        options = site.raw.get("kramdown") if isinstance(site.raw.get("kramdown"), dict) else {}
        if options.get("auto_ids") is False:
            return ""
        prefix = str(options.get("auto_id_prefix") or "")
        if str(options.get("input", "GFM")).lower() == "gfm":
            return prefix + kramdown_id(text)
        slug = re.sub(r"[^a-zA-Z0-9 -]", "", re.sub(r"^[^a-zA-Z]+", "", text))
        return prefix + (slug.replace(" ", "-").lower() or "section")

    def publishes_unlisted_files(self, names: list[str]) -> str:
        return ("Jekyll publishes these files unless _config.yml excludes them: "
                f"exclude: [{', '.join(names)}]")

    def classify(self, site: "Site", site_relpath: str) -> str | None:
        """Posts in `_posts`/`_drafts`; documents of every collection (with `output: false`
        they are linted without a URL) and pages; nothing Jekyll excludes or skips."""
        excludes = _excludes(site)
        if _excluded(site_relpath, excludes):
            return None
        if matches_any(site_relpath, self.post_globs):
            return "post"
        if _ignores(site, site_relpath.split("/"), excludes, _includes(site), _collections(site)):
            return None
        return "page"

    def describe(self, site: "Site") -> dict[str, Any]:
        collections = {label: "output" if meta.get("output") is True else "no output"
                       for label, meta in _collections(site).items()}
        templates = sum(1 for folder in ("_layouts", "_includes")
                        for path in (site.root / folder).rglob("*") if path.is_file())
        return {"permalink": site.permalink, "collections": collections,
                "plugins": sorted(plugins(site)), "exclude": _configured_excludes(site),
                "templates": templates}

    def renders_without_front_matter(self, site: "Site", site_relpath: str) -> bool:
        return optional_page(site, site_relpath)

    def is_post_path(self, site_relpath: str) -> bool:
        return "_posts" in site_relpath.split("/")[:-1]

    def build_index(self, index: "UrlIndex") -> None:
        _build(index)

    def index_fact(self, index: "UrlIndex", relpath: str) -> list | None:
        return _fact(index.site, relpath)

    def source_url(self, site: "Site", source: SourceFile) -> str | None:
        return _source_url(site, source)

    def source_link_url(self, url: str, post, site: "Site") -> str | None:
        """jekyll-relative-links: `[x](other.md)` names a source file relative to the post's
        folder, and the plugin writes that file's URL."""
        if "jekyll-relative-links" not in plugins(site):
            return None
        from postlint.generators.source_links import relative_source

        return relative_source(url, post, site, MARKDOWN_EXTS)

    def has_post(self, index: "UrlIndex", name: str) -> bool:
        wanted = name.rsplit("/", 1)
        return any(_post_name_matches(source, wanted) for source in index.by_source)

    def naive_is_utc(self, timestamp: bool) -> bool:
        return timestamp  # a YAML timestamp; a string goes through Time.parse, local time

    def fallback_date(self, post):
        if not post.is_post:
            return None
        from postlint.dates import filename_date

        return filename_date(post)

    def offset_suffix(self, text: str) -> str:
        return " " + text.replace(":", "")

    def date_consequence(self, key: str, readable_by_ruby: bool) -> str:
        if key != "date":
            return ""
        return (" (Jekyll rolls it over into the next month)" if readable_by_ruby
                else " (Jekyll stops the build on it)")

    def checks_post_filename(self, post) -> bool:
        return "_posts" in post.path.parts[:-1]

    def filename_date_rules(self, post) -> bool:
        return post.is_post

    def term_keys(self, site: "Site") -> dict[str, str]:
        return {"categories": "categories", "category": "categories", "tags": "tags",
                "tag": "tags"}

    def folder_categories(self, post, site: "Site") -> list[str]:
        try:
            parts = post.path.relative_to(site.root).parts
        except ValueError:
            return []
        if "_posts" not in parts:
            return []
        return [f for f in parts[:parts.index("_posts")] if f and not f.startswith((".", "_"))]

    def is_unpublished_draft(self, post) -> bool:
        return "_drafts" in post.path.parts

    def retype_scalar(self):
        from postlint.yaml_types import psych_scalar

        return psych_scalar

