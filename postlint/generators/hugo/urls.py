"""Hugo's URLs: each content file as each language sees it (`HugoModel.content_files`), its
sections, bundles and their resources, `slug`, `url`, `aliases`, `[permalinks]`, taxonomies,
static files; pages that are not rendered (`draft`, `headless`, `build.render = never`, also
through `cascade`) get none. `GetPage` as render hooks and `ref` use it.
"""
from __future__ import annotations

import datetime as dt
import json
import posixpath
import re
from typing import TYPE_CHECKING, Any

from postlint.dates import loaded_datetime
from postlint.generators.hugo.config import get
from postlint.generators.hugo.model import (INDEX_STEMS, ContentFile, HugoModel,
                                            cascade_applies, cascade_build, model_of)
from postlint.urls import read_source

if TYPE_CHECKING:
    from postlint.site import Site
    from postlint.urls import SourceFile, UrlIndex


def hugo_urlize(text: str, lower: bool = True) -> str:
    """Hugo's `MakePath` for a path segment: spaces to `-`, punctuation dropped, lower
    case unless `disablePathToLower`."""
    text = text.strip().replace(" ", "-")
    out = "".join(c for c in text if c.isalnum() or c in "-_./~%+#")
    return out.lower() if lower else out


# ---------------------------------------------------------------------------- front matter
def page_facts(site: "Site", data: dict | None, source: "SourceFile | None" = None) -> dict:
    """What Hugo's URL rules read of a page's front matter (JSON, for the facts cache)."""
    data = {str(k).lower(): v for k, v in (data or {}).items()}
    value = data.get("date")
    when = loaded_datetime(value, site) if not isinstance(value, str) else None
    aliases = data.get("aliases")
    terms = {}
    for plural in site.taxonomies.values():
        values = data.get(plural.lower())
        values = [values] if isinstance(values, str) else values
        if isinstance(values, list):
            terms[plural] = [str(v) for v in values if isinstance(v, (str, int))]
    cascade = data.get("cascade")
    return {
        "url": data["url"] if isinstance(data.get("url"), str) else None,
        "slug": str(data["slug"]) if data.get("slug") not in (None, "") else None,
        "title": str(data["title"]) if data.get("title") not in (None, "") else None,
        "date": when.isoformat() if when else None,
        "draft": data.get("draft") is True,
        "headless": data.get("headless") is True,
        "build": _jsonable(data.get("build")) if isinstance(data.get("build"), dict) else None,
        "aliases": [a for a in ([aliases] if isinstance(aliases, str) else aliases or [])
                    if isinstance(a, str) and a.strip()] if isinstance(aliases, (str, list)) else [],
        "terms": terms,
        "cascade": _jsonable(cascade) if isinstance(cascade, (dict, list)) else None,
    }


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))


def file_facts(site: "Site", relpath: str) -> dict | None:
    source = read_source(site, relpath)
    return None if source is None else page_facts(site, source.data, source)


# ---------------------------------------------------------------------------- rendering
def _renders(build: Any) -> bool | None:
    """What a `build` table says of rendering (None: nothing)."""
    if not isinstance(build, dict):
        return None
    render = get(build, "render")
    if render is None:
        return None
    return str(render).lower() not in ("never", "false")  # `link`: a URL, not written


def section_cascades(model: HugoModel) -> dict[tuple[str, str], list]:
    """(language, section folder below `content/`) -> the `cascade` of its `_index` file."""
    cached = model.__dict__.get("_section_cascades")
    if cached is None:
        cached = {}
        for item in model.content_files:
            folder, name = posixpath.split(item.logical)
            if item.is_page and name.split(".")[0] == "_index":
                facts = file_facts(model.site, item.relpath)
                if facts and facts["cascade"]:
                    value = facts["cascade"]
                    cached[(item.language, folder.lower())] = value if isinstance(value, list) \
                        else [value]
        model.__dict__["_section_cascades"] = cached
    return cached


def rendered(model: HugoModel, item: ContentFile, facts: dict) -> bool:
    """Does Hugo render this page (own `build`/`headless`, else the nearest `cascade`)?"""
    if facts["draft"] and not get(model.config, "buildDrafts"):
        return False
    if facts["headless"] and posixpath.basename(item.logical).split(".")[0] == "index":
        return False
    own = _renders(facts["build"])
    if own is not None:
        return own
    path, kind = _page_path(item)
    folder = posixpath.dirname(item.logical).lower()
    if kind == "section":
        folder = posixpath.dirname(folder)
    cascades = section_cascades(model)
    while True:
        for cascade in cascades.get((item.language, folder), ()):
            if isinstance(cascade, dict) and cascade_applies(cascade, path, item.language, kind):
                found = _renders(cascade_build(cascade))
                if found is not None:
                    return found
        if not folder:
            break
        folder = posixpath.dirname(folder)
    for cascade in model.config_cascades:
        if cascade_applies(cascade, path, item.language, kind):
            found = _renders(cascade_build(cascade))
            if found is not None:
                return found
    return True


def _page_path(item: ContentFile) -> tuple[str, str]:
    """The page's path as `cascade` targets match it, and its kind (page, section, home)."""
    stem = posixpath.splitext(item.logical)[0].lower()
    if stem == "_index":
        return "/", "home"
    if stem.endswith("/_index"):
        return "/" + stem[: -len("/_index")], "section"
    return item.page_key, "page"


# ---------------------------------------------------------------------------- URLs
def page_url(model: HugoModel, item: ContentFile, facts: dict) -> str | None:
    """A page's URL: `url`, else `[permalinks]` of its section, else its path; with its
    language's prefix. None when Hugo renders no page."""
    if not rendered(model, item, facts):
        return None
    site, lower = model.site, model.lower_paths
    prefix = model.prefix(item.language)
    if facts["url"]:
        url = facts["url"]
        return _clean(url if url.startswith("/") else "/" + url)
    folder, name = posixpath.split(item.logical)
    stem = posixpath.splitext(name)[0]
    if stem == "_index":
        return _clean(prefix + "/" + "/".join(hugo_urlize(p, lower) for p in folder.split("/")
                                              if p) + "/")
    leaf_path = folder if stem == "index" else posixpath.join(folder, stem)
    section = leaf_path.split("/", 1)[0] if "/" in leaf_path else ""
    pattern = _permalink(site, section)
    if isinstance(pattern, str):
        return _clean(prefix + "/" + _fill(pattern, facts, leaf_path, section).lstrip("/"))
    segments = [hugo_urlize(p, lower) for p in leaf_path.split("/") if p]
    if facts["slug"]:
        segments[-1] = hugo_urlize(facts["slug"], lower)
    return _clean(prefix + "/" + "/".join(segments) + "/")


def _permalink(site: "Site", section: str) -> Any:
    if not section:
        return None
    pattern = site.permalinks.get(section)
    if pattern is None and isinstance(site.permalinks.get("page"), dict):
        pattern = site.permalinks["page"].get(section)
    return pattern


def _fill(pattern: str, facts: dict, leaf_path: str, section: str) -> str:
    base_name = posixpath.basename(leaf_path)
    slug, title = facts["slug"], facts["title"]
    values = {
        "section": section, "sections": posixpath.dirname(leaf_path),
        "filename": base_name, "contentbasename": base_name,
        "slug": hugo_urlize(slug) if slug else hugo_urlize(title or base_name),
        "title": hugo_urlize(title or base_name),
        "slugorfilename": hugo_urlize(slug) if slug else base_name,
        "slugorcontentbasename": hugo_urlize(slug) if slug else base_name,
    }
    if facts["date"]:
        when = dt.datetime.fromisoformat(facts["date"])
        values.update({"year": f"{when.year:04d}", "month": f"{when.month:02d}",
                       "day": f"{when.day:02d}", "yearday": str(when.timetuple().tm_yday),
                       "monthname": when.strftime("%B").lower(),
                       "weekday": str(when.isoweekday() % 7),
                       "weekdayname": when.strftime("%A").lower()})
    return re.sub(r":([a-z]+)", lambda m: values.get(m.group(1), m.group(0)), pattern)


def _clean(url: str) -> str:
    return re.sub(r"/+", "/", url)


def aliases(facts: dict, page: str) -> list[str]:
    """`aliases`: absolute ones as written, relative ones below the page's folder; an alias
    without a file extension is a folder (`/old/` -> old/index.html)."""
    parent = posixpath.dirname(page.rstrip("/")) or "/"
    out = []
    for alias in facts["aliases"]:
        alias = alias.strip()
        path = alias if alias.startswith("/") else posixpath.join(parent, alias)
        if not posixpath.splitext(path.rsplit("/", 1)[-1])[1] and not path.endswith("/"):
            path += "/"
        out.append(_clean(path))
    return out


def term_urls(model: HugoModel, facts: dict, language: str) -> list[str]:
    disabled = _disabled_kinds(model)
    prefix = model.prefix(language)
    urls = []
    for plural, terms in facts["terms"].items():
        if "taxonomy" not in disabled:
            urls.append(f"{prefix}/{hugo_urlize(plural)}/")
        if "term" not in disabled:
            urls.extend(f"{prefix}/{hugo_urlize(plural)}/{hugo_urlize(t)}/" for t in terms)
    return urls


def _disabled_kinds(model: HugoModel) -> set[str]:
    return {str(k).lower() for k in get(model.config, "disableKinds") or []}


def source_url(site: "Site", source: "SourceFile") -> str | None:
    """The URL a file builds to, in the first language that sees it."""
    model = model_of(site)
    for item in model.content_appearances(source.relpath):
        if item.is_page:
            return page_url(model, item, page_facts(site, source.data, source))
    return None


def build_index(index: "UrlIndex") -> None:
    model = model_of(index.site)
    for url, relpath in model.static_files():
        index.add(url, relpath)

    def facts_of(relpath: str) -> dict | None:
        fact = index.facts(relpath, lambda: index_fact(index.site, relpath))
        return fact[0] if fact else None

    sections: set[tuple[str, str]] = set()
    disabled = _disabled_kinds(model)
    if model.multilingual:  # the other home of the default language redirects to its home
        index.add("/" if model.default_in_subdir else f"/{model.default_language}/", "hugo")
    for language in model.languages:
        index.add(model.prefix(language) + "/", "hugo")
        if "rss" not in disabled:
            index.add(model.prefix(language) + "/index.xml", "hugo")
    for item in model.content_files:
        folder = posixpath.dirname(item.logical)
        prefix = model.prefix(item.language)
        if not item.is_page:  # a resource (published even from a headless bundle)
            url = _clean(prefix + "/" + "/".join(hugo_urlize(p, model.lower_paths)
                                                 for p in folder.split("/"))
                         + "/" + posixpath.basename(item.logical))
            index.add(url, item.relpath)
            index.by_source.setdefault(item.relpath, url)
            continue
        facts = facts_of(item.relpath)
        url = page_url(model, item, facts) if facts is not None else None
        if url is None:
            continue
        index.by_source.setdefault(item.relpath, url)
        index.add(url, item.relpath)
        for alias in aliases(facts, url):  # with `disableAliases`, sites redirect them
            index.add(alias, item.relpath)    # another way (a `_redirects` output format)
        if folder:
            sections.add((item.language, folder.split("/", 1)[0]))
        for term_url in term_urls(model, facts, item.language):
            index.add(term_url, item.relpath)
    for language, section in sections:
        url = f"{model.prefix(language)}/{hugo_urlize(section, model.lower_paths)}/"
        index.add(url, f"content/{section}")
        if "rss" not in disabled:
            index.add(url + "index.xml", f"content/{section}")
    if "sitemap" not in disabled:
        index.add("/sitemap.xml", "hugo")
    for mount in model.missing_content_mounts:
        for language in mount.languages or (model.default_language,):
            index.by_source.setdefault(mount.source, f"{model.prefix(language)}/{mount.below}")


def index_fact(site: "Site", relpath: str) -> list | None:
    """What one content file gives the index: its URL facts (see `page_facts`)."""
    facts = file_facts(site, relpath)
    return None if facts is None else [facts]


# ---------------------------------------------------------------------------- GetPage
def get_page(model: HugoModel, path: str, language: str, from_folder: str | None) -> str | None:
    """The site file `GetPage` (then `Resources.Get`, `resources.Get`) finds for `path`,
    from a page in `from_folder` (below `content/`); case, `.md` and `_index` ignored."""
    path = path.split("#", 1)[0].split("?", 1)[0]
    if not path.strip("/."):
        return None
    candidates = []
    if not path.startswith("/") and from_folder is not None:
        candidates.append(posixpath.normpath(posixpath.join("/" + from_folder, path)))
    candidates.append(posixpath.normpath("/" + path.lstrip("/")))
    for candidate in candidates:
        key = candidate.lower().rstrip("/") or "/"
        stem, ext = posixpath.splitext(key)
        if ext in (".md", ".markdown", ".html", ".htm"):
            key = stem
        for index_stem in INDEX_STEMS:
            if key.endswith("/" + index_stem):
                key = key[: -len(index_stem) - 1] or "/"
        for lang in dict.fromkeys((language, model.default_language)):
            found = model.pages_by_key.get((lang, key))
            if found is not None:
                return found
        resource = model.resources_by_key.get(candidate.lower().lstrip("/"))
        if resource is not None:
            return resource
    return None


def has_content(index: "UrlIndex", name: str) -> bool:
    """Is there a content file Hugo's `ref "name"` finds (anywhere: the page is not known)?"""
    model = model_of(index.site)
    wanted = name.strip().lower().split("#", 1)[0]
    if not wanted:
        return True  # `ref "#x"`: the page itself
    if get_page(model, wanted, model.default_language, None):
        return True
    bare = "/" + wanted.strip("/")
    for suffix in (".md", ".markdown", ".html"):
        bare = bare.removesuffix(suffix)
    for index_stem in INDEX_STEMS:
        bare = bare.removesuffix("/" + index_stem)
    return any(key == bare or key.endswith(bare) for _, key in model.pages_by_key)
