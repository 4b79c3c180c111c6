"""The Hugo site model: what discovery, the URL index and the rules all need of a Hugo site,
computed once per site (`model_of`): languages, module mounts (content, static, assets),
the theme, render hooks, goldmark settings and `cascade`.

Mounts follow Hugo's module config: `[[module.mounts]]` replace the default mount of each
component they name (`contentDir`, or each language's `contentDir`, for content; `static`;
`assets`). A mount's language is its `lang` or `sites.matrix.languages`; a file of a mount
with none takes the language of its name (`about.fr.md`), else the default language.
"""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from postlint.generators.hugo.config import get, module_template
from postlint.generators.base import SiteConfigError, read_config_file
from postlint.globs import glob_to_regex
from postlint.urls import HTML_EXTS, MARKDOWN_EXTS, ext_of, walk_site

if TYPE_CHECKING:
    from postlint.site import Site

CONTENT_EXTS = MARKDOWN_EXTS | HTML_EXTS
#: a layout that makes a title from the file name: `$title = .File.BaseFileName | humanize`
_TITLE_FROM_NAME = re.compile(
    r"(?i)title\b[^\n]*\.File\.(?:BaseFileName|ContentBaseName|TranslationBaseName|Dir)\b")
INDEX_STEMS = ("index", "_index")


def expand_braces(pattern: str) -> list[str]:
    """`{,/**}/x` -> `/x`, `/**/x` (Hugo's glob alternatives)."""
    match = re.search(r"\{([^{}]*)\}", pattern)
    if not match:
        return [pattern]
    head, tail = pattern[:match.start()], pattern[match.end():]
    return [out for choice in match.group(1).split(",")
            for out in expand_braces(head + choice + tail)]


def glob_matches(pattern: str, path: str) -> bool:
    """Does the Hugo glob `pattern` (braces, `**`) match `path` (case ignored)?"""
    return _hugo_glob(pattern).fullmatch(path.lower().lstrip("/")) is not None


@lru_cache(maxsize=256)
def _hugo_glob(pattern: str) -> re.Pattern:
    return re.compile("|".join(f"(?:{glob_to_regex(p.lower()).pattern})"
                               for p in expand_braces(pattern)))


def _strings(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        return tuple(str(v) for v in value if isinstance(v, (str, int)))
    return ()


@dataclass(frozen=True)
class Mount:
    """One mount: `source` (site-relative) seen at `target` (`content/docs`, `static`...)."""

    source: str
    target: str
    languages: tuple[str, ...] = ()
    #: Hugo's `files` filter: globs of the files kept; `! glob` drops files
    files: tuple[str, ...] = ()

    @property
    def component(self) -> str:
        return self.target.split("/", 1)[0]

    def inner(self, relpath: str) -> str | None:
        """`relpath` (site-relative) as a path inside the mount, when the mount has it."""
        source = self.source.strip("/")
        if relpath == source:
            return ""  # a file mounted on its own
        if source in ("", ".") or relpath.startswith(source + "/"):
            inner = relpath[len(source) + 1:] if source not in ("", ".") else relpath
        else:
            return None
        kept = [p for p in self.files if not p.startswith("!")]
        dropped = [p[1:].strip() for p in self.files if p.startswith("!")]
        if kept and not any(glob_matches(p, inner) for p in kept):
            return None
        if any(glob_matches(p, inner) for p in dropped):
            return None
        return inner

    @property
    def below(self) -> str:
        """The target below the component's root (`docs` for `content/docs`)."""
        return self.target[len(self.component):].strip("/")

    def logical(self, inner: str) -> str:
        """The path below the component's root (`docs/a.md` for `content/docs` + `a.md`)."""
        return "/".join(p for p in (self.below, inner) if p)


@dataclass(frozen=True)
class ContentFile:
    """A file of a content mount, as one language of the site sees it."""

    relpath: str  # site-relative
    logical: str  # below `content/`, language suffix removed (`docs/_index.md`)
    language: str

    @property
    def is_page(self) -> bool:
        return ext_of(self.logical).lower() in CONTENT_EXTS

    @property
    def page_key(self) -> str:
        """How `GetPage` names the page: lower case, no extension, a bundle by its folder."""
        stem = posixpath.splitext(self.logical)[0].lower()
        for index in INDEX_STEMS:
            if stem == index or stem.endswith("/" + index):
                stem = stem[: -len(index)]
        return "/" + stem.strip("/")


@dataclass
class HugoModel:
    site: "Site"
    #: what `postlint site` should know about how the model was read
    notes: list[str] = field(default_factory=list)
    mounts: list[Mount] = field(default_factory=list)

    @property
    def root(self) -> Path:
        return self.site.root

    @property
    def config(self) -> dict:
        return self.site.raw

    # ------------------------------------------------------------ languages
    @cached_property
    def default_language(self) -> str:
        return str(get(self.config, "defaultContentLanguage") or "en").lower()

    @cached_property
    def languages(self) -> tuple[str, ...]:
        """Language codes, the default first, then by weight."""
        table = get(self.config, "languages")
        if not isinstance(table, dict) or not table:
            return (self.default_language,)
        enabled = [(get(v, "weight", default=0) or 0, str(k).lower()) for k, v in table.items()
                   if not get(v, "disabled")]
        codes = [code for _, code in sorted(enabled, key=lambda item: (item[0], item[1]))]
        return tuple(dict.fromkeys([self.default_language, *codes]))

    @cached_property
    def default_in_subdir(self) -> bool:
        return bool(get(self.config, "defaultContentLanguageInSubdir"))

    def prefix(self, language: str) -> str:
        """The URL prefix of a language's pages (`/fr`; "" for the default language)."""
        if language == self.default_language and not self.default_in_subdir:
            return ""
        return "/" + language

    @property
    def multilingual(self) -> bool:
        return len(self.languages) > 1

    # ------------------------------------------------------------ theme and hooks
    @cached_property
    def theme_roots(self) -> list[Path]:
        """The themes' folders: `themesDir/<theme>`, or, for a theme's example site built
        with `--themesDir ../..`, the theme repository the site sits in."""
        found = []
        themes_dir = self.root / str(get(self.config, "themesDir") or "themes")
        for theme in _strings(get(self.config, "theme")):
            candidate = themes_dir / theme
            if candidate.is_dir():
                found.append(candidate)
            elif self.root.parent.name == theme or (self.root.parent / "theme.toml").is_file():
                found.append(self.root.parent)
        return found

    @cached_property
    def _layout_files(self) -> list[tuple[Path, str]]:
        """(layouts folder, path inside it) of the site's and the themes' layouts."""
        return [(top / "layouts", rel) for top in (self.root, *self.theme_roots)
                for rel in walk_site(top / "layouts")]

    @cached_property
    def titles_from_file_names(self) -> bool:
        """Do the layouts title a page without `title` from its file or folder name (as
        hugo-book's `docs/title` partial does)? Then a page needs no title of its own."""
        for folder, rel in self._layout_files:
            try:
                text = (folder / rel).read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            if _TITLE_FROM_NAME.search(text):
                return True
        return False

    @cached_property
    def markdown_shortcodes(self) -> frozenset[str]:
        """Shortcodes whose template is Markdown (`layouts/_shortcodes/x.md`): their output
        is Markdown of the page, headings included."""
        return frozenset(posixpath.splitext(rel.split("/", 1)[1])[0]
                         for _, rel in self._layout_files
                         if rel.startswith(("_shortcodes/", "shortcodes/")) and rel.endswith(".md"))

    def _has_hook(self, kind: str) -> bool:
        return any("_markup/" in rel and rel.rsplit("/", 1)[-1].startswith(f"render-{kind}")
                   for _, rel in self._layout_files)

    @cached_property
    def link_hook(self) -> bool:
        """Does a link render hook rewrite links (the site's, a theme's, or Hugo's embedded
        one, which `useEmbedded = "auto"` turns on for multilingual sites)?"""
        return self._embedded_or_own("link")

    @cached_property
    def image_hook(self) -> bool:
        return self._embedded_or_own("image")

    def _embedded_or_own(self, kind: str) -> bool:
        use = str(get(self.config, "markup", "goldmark", "renderHooks", kind, "useEmbedded")
                  or "auto").lower()
        if use == "always":
            return True
        return self._has_hook(kind) or (use == "auto" and self.multilingual)

    # ------------------------------------------------------------ goldmark
    def goldmark(self, *keys: str, default: Any = None) -> Any:
        value = get(self.config, "markup", "goldmark", *keys)
        return default if value is None else value

    @cached_property
    def drops_raw_html(self) -> bool:
        return not self.goldmark("renderer", "unsafe", default=False)

    @cached_property
    def heading_id_type(self) -> str:
        return str(self.goldmark("parser", "autoHeadingIDType", default="github")).lower()

    @cached_property
    def auto_heading_ids(self) -> bool:
        return bool(self.goldmark("parser", "autoHeadingID", default=True))

    @cached_property
    def heading_attributes(self) -> bool:
        """`{#id}` after a heading sets its id (`parser.attribute.title`, on by default)."""
        return bool(self.goldmark("parser", "attribute", "title", default=True))

    @cached_property
    def definition_term_ids(self) -> bool:
        return bool(self.goldmark("parser", "autoDefinitionTermID", default=False))

    @cached_property
    def lower_paths(self) -> bool:
        return not get(self.config, "disablePathToLower")

    # ------------------------------------------------------------ files
    def component_mounts(self, component: str) -> list[Mount]:
        return [m for m in self.mounts if m.component == component]

    @cached_property
    def missing_content_mounts(self) -> list[Mount]:
        """Content mounts whose source is absent (made before the build, e.g. from a git
        submodule): what lies below their target cannot be known."""
        return [m for m in self.component_mounts("content") if not self.readable(m)]

    def readable(self, mount: Mount) -> bool:
        """Is the mount's source in the site (postlint reads nothing outside its root)?"""
        parts = Path(mount.source).parts
        return ".." not in parts and not Path(mount.source).is_absolute() and \
            (self.root / mount.source).exists()

    def unknown_target(self, path: str) -> Mount | None:
        """The missing content mount a URL path (without baseurl) falls into, if any."""
        for mount in self.missing_content_mounts:
            for language in mount.languages or (self.default_language,):
                top = f"{self.prefix(language)}/{_page_folder(mount.below)}"
                if path == top or path.startswith(top.rstrip("/") + "/"):
                    return mount
        return None

    def content_appearances(self, relpath: str, mounts: list[Mount] | None = None
                            ) -> list[ContentFile]:
        """How each language sees a site file of a content mount (none: no content)."""
        found = []
        for mount in self.component_mounts("content") if mounts is None else mounts:
            inner = mount.inner(relpath)
            if inner is None:
                continue
            logical = mount.logical(inner)
            folder, name = posixpath.split(logical)
            parts = name.split(".")
            named = parts[-2].lower() if len(parts) > 2 else ""
            if named in self.languages:
                logical = posixpath.join(folder, ".".join(parts[:-2] + parts[-1:]))
            languages = mount.languages or (named if named in self.languages
                                            else self.default_language,)
            if named in self.languages and mount.languages and named not in mount.languages:
                continue
            found += [ContentFile(relpath, logical, language) for language in languages]
        return found

    @cached_property
    def content_files(self) -> list[ContentFile]:
        """Every file of every content mount, once per language that sees it (a later mount
        does not replace a logical path a former one gave the same language)."""
        seen: set[tuple[str, str]] = set()
        found = []
        for mount in self.component_mounts("content"):
            if not self.readable(mount):
                continue
            source = self.root / mount.source.strip("/")
            relpaths = [mount.source.strip("/")] if source.is_file() else [
                f"{mount.source.strip('/')}/{rel}" for rel in walk_site(source)]
            for relpath in relpaths:
                if any(p.startswith(".") for p in relpath.split("/")):
                    continue
                for appearance in self.content_appearances(relpath, [mount]):
                    key = (appearance.language, appearance.logical.lower())
                    if key not in seen:
                        seen.add(key)
                        found.append(appearance)
        return found

    @cached_property
    def pages_by_key(self) -> dict[tuple[str, str], str]:
        """(language, `GetPage` key) -> the site file of that page."""
        found: dict[tuple[str, str], str] = {}
        for item in self.content_files:
            if item.is_page:
                found.setdefault((item.language, item.page_key), item.relpath)
        return found

    @cached_property
    def resources_by_key(self) -> dict[str, str]:
        """Lower-cased path below `content/` or `assets/` -> site file (bundle resources and
        global resources, as `Resources.Get` and `resources.Get` find them)."""
        found = {item.logical.lower(): item.relpath for item in self.content_files
                 if not item.is_page}
        for mount in self.component_mounts("assets"):
            if not self.readable(mount):
                continue
            for rel in walk_site(self.root / mount.source.strip("/")):
                found.setdefault(mount.logical(rel).lower(), f"{mount.source.strip('/')}/{rel}")
        return found

    def static_files(self) -> list[tuple[str, str]]:
        """(URL path, site-relative or absolute file) of every static file."""
        found = []
        for mount in self.component_mounts("static"):
            if not self.readable(mount):
                continue
            source = self.root / mount.source
            for rel in walk_site(source):
                if mount.inner(f"{mount.source.strip('/')}/{rel}") is not None:
                    found.append(("/" + mount.logical(rel), _display(source / rel, self.root)))
        for theme in self.theme_roots:
            for rel in walk_site(theme / "static"):
                found.append(("/" + rel, _display(theme / "static" / rel, self.root)))
        return found

    # ------------------------------------------------------------ cascade
    @cached_property
    def config_cascades(self) -> list[dict]:
        return [c for c in _cascade_list(get(self.config, "cascade")) if isinstance(c, dict)]


def _cascade_list(value: Any) -> list:
    if isinstance(value, dict):
        return [value] if any(str(k).lower() in ("target", "_target", "build", "headless")
                              for k in value) or not value else [
            {**v, "_target": {"path": k}} for k, v in value.items() if isinstance(v, dict)]
    return value if isinstance(value, list) else []


def cascade_applies(cascade: dict, page_path: str, language: str, kind: str) -> bool:
    """Does a `cascade` entry's target match the page (`/docs/x`, language, kind)?"""
    target = get(cascade, "target") or get(cascade, "_target") or {}
    if not isinstance(target, dict):
        return True
    path = get(target, "path")
    if isinstance(path, str) and path and not glob_matches(path, page_path):
        return False
    kinds = _strings(get(target, "kind"))
    if kinds and kind not in {k.lower() for k in kinds}:
        return False
    languages = _strings(get(target, "lang")) or _strings(
        get(target, "sites", "matrix", "languages"))
    return not languages or language in {l.lower() for l in languages}


def cascade_build(cascade: dict) -> Any:
    return get(cascade, "build")


def _page_folder(logical: str) -> str:
    """`docs/x/_index.md` -> `docs/x`, `community/mission.md` -> `community/mission`."""
    stem, ext = posixpath.splitext(logical)
    if ext.lower() not in CONTENT_EXTS:
        return logical
    folder, name = posixpath.split(stem)
    return folder if name in INDEX_STEMS else stem


def _display(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


# ---------------------------------------------------------------------------- building
def _mount(entry: Any) -> Mount | None:
    if not isinstance(entry, dict):
        return None
    source, target = get(entry, "source"), get(entry, "target")
    if not isinstance(source, str) or not isinstance(target, str) or not target.strip("/"):
        return None
    languages = _strings(get(entry, "lang")) or _strings(
        get(entry, "sites", "matrix", "languages"))
    files = list(_strings(get(entry, "files")))
    files += _strings(get(entry, "includeFiles"))
    files += [f"! {p}" for p in _strings(get(entry, "excludeFiles"))]
    return Mount(source.rstrip("/") or source, target.strip("/"), tuple(l.lower() for l in languages),
                 tuple(files))


def build_model(site: "Site") -> HugoModel:
    config = site.raw
    model = HugoModel(site)
    declared = get(config, "module", "mounts")
    if declared is None and not get(config, "module") and (template := module_template(site.root)):
        try:
            declared = get(read_config_file(template), "mounts")
        except SiteConfigError:
            declared = None
        if declared is not None:
            model.notes.append(f"mounts read from {template.relative_to(site.root).as_posix()}"
                               " (no module config: the site renders it into module.yaml)")
    mounts = [m for m in (_mount(e) for e in (declared or [])) if m is not None]
    components = {m.component for m in mounts}
    if "content" not in components:
        per_language = get(config, "languages") if isinstance(get(config, "languages"), dict) else {}
        for code, settings in per_language.items():
            folder = get(settings, "contentDir")
            if isinstance(folder, str) and folder.strip("/"):
                mounts.append(Mount(folder.strip("/"), "content", (str(code).lower(),)))
        mounts.append(Mount(site.content_dir.strip("/") or "content", "content"))
    for component, key in (("static", "staticDir"), ("assets", "assetDir"),
                           ("archetypes", "archetypeDir")):
        if component not in components:
            for folder in _strings(get(config, key)) or (component,):
                mounts.append(Mount(folder.strip("/"), component))
    model.mounts = mounts
    return model


_MODELS: dict[tuple, HugoModel] = {}


def model_of(site: "Site") -> HugoModel:
    """The site's model, built once per site (its root, config files and settings)."""
    key = (str(site.root), site.config_files, site.content_dir, id(site))
    model = _MODELS.get(key)
    if model is None or model.site is not site:
        model = _MODELS[key] = build_model(site)
    return model
