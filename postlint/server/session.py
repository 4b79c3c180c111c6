"""A site as the language server keeps it in memory, and the buffers linted against it.

A `Session` is one configuration and one site: the engine's `Linter`, the site's URL index
and every post's corpus summaries, built once (from the result cache when it is warm, in
worker processes when it is not) and then kept up to date from the files that change on disk
(`file_changed`) and from the open buffers (`lint`). Nothing here knows about LSP: the
server (`postlint.server.lsp`) calls it from one worker thread, so a session is never used
by two threads at once.
"""
from __future__ import annotations

import gc
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from postlint import registry
from postlint.cache import FactsCache
from postlint.config import CONFIG_NAMES, find_config, load_config
from postlint.context import Context
from postlint.diagnostic import Diagnostic
from postlint.discovery import NEVER_ENTER, Candidate
from postlint.engine import Linter
from postlint.fixer import fixed_text
from postlint.globs import matches_any
from postlint.post import Post
from postlint.rule import CorpusRule
from postlint.rules.corpus import DuplicateRule
from postlint.selection import Selection
from postlint.site import load_site
from postlint.urls import NEVER_WALK, UrlIndex

#: files whose creation may change which configuration applies (besides the files a session
#: read its settings from)
SETTINGS_NAMES = frozenset(CONFIG_NAMES)
#: the suffixes of the files any generator reads as content: a new one is looked at
CONTENT_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".mdwn", ".mdx",
                              ".html", ".htm", ".xhtml"})
#: folders whose files are never part of the site (outputs, caches, version control)
IGNORED_FOLDERS = NEVER_ENTER | NEVER_WALK


@dataclass
class BufferResult:
    """One lint of one version of a buffer."""

    text: str  # the buffer as linted
    diagnostics: list[Diagnostic] = field(default_factory=list)
    post: Post | None = None  # None: not a file postlint lints (or too large to parse)
    candidate: Candidate | None = None
    #: 1 when the buffer starts with a byte-order mark, which the post's text leaves out
    shift: int = 0


class CorpusIndex:
    """Every post's corpus summaries by rule, the open buffers' summaries over their files'.

    The PL6 rules report posts that share a key (`DuplicateRule`): to judge one buffer they
    need only the posts with the buffer's key, found here by key rather than by handing
    10,000 summaries to `check_corpus` on every keystroke. Other corpus rules (plugins) get
    every summary."""

    def __init__(self, rules: list[CorpusRule], disk: dict[str, dict[str, Any]]):
        self.rules = {r.code: r for r in rules if r.sees_whole_site}
        self.disk = {code: dict(disk.get(code, {})) for code in self.rules}
        self.buffers: dict[str, dict[str, Any]] = {}  # relpath -> code -> summary
        self.keyed: dict[str, dict[str, set[str]]] = {
            code: defaultdict(set) for code, rule in self.rules.items()
            if isinstance(rule, DuplicateRule)}
        for code, groups in self.keyed.items():
            for relpath, entry in self.disk[code].items():
                groups[entry.key].add(relpath)

    def set_disk(self, relpath: str, summaries: dict[str, Any] | None) -> None:
        """The summaries of a file as saved (None: the file is gone or not a post)."""
        for code in self.rules:
            old = self.disk[code].pop(relpath, None)
            if old is not None and code in self.keyed:
                self.keyed[code][old.key].discard(relpath)
            new = (summaries or {}).get(code)
            if new is not None:
                self.disk[code][relpath] = new
                if code in self.keyed:
                    self.keyed[code][new.key].add(relpath)

    def set_buffer(self, relpath: str, summaries: dict[str, Any]) -> None:
        self.buffers[relpath] = summaries

    def drop_buffer(self, relpath: str) -> None:
        self.buffers.pop(relpath, None)

    def _summary(self, code: str, relpath: str) -> Any:
        if relpath in self.buffers:
            return self.buffers[relpath].get(code)
        return self.disk[code].get(relpath)

    def others(self, summaries: dict[str, Any]) -> dict[str, dict[str, Any]]:
        """What `Linter.check_corpus` needs besides a buffer with `summaries` to judge it."""
        out: dict[str, dict[str, Any]] = {}
        for code in self.rules:
            if code in self.keyed:
                entry = summaries.get(code)
                if entry is None:
                    out[code] = {}
                    continue
                names = set(self.keyed[code].get(entry.key, ())) | set(self.buffers)
                found = {name: self._summary(code, name) for name in names}
                out[code] = {name: s for name, s in found.items()
                             if s is not None and s.key == entry.key}
            else:
                merged = dict(self.disk[code])
                for name, buffered in self.buffers.items():
                    merged.pop(name, None)
                    if buffered.get(code) is not None:
                        merged[name] = buffered[code]
                out[code] = merged
        return out


class Session:
    """One configuration and its site, with the engine set up as `postlint` would be there."""

    def __init__(self, config_path: Path | None, start: Path, workspace: Path | None,
                 warn: Callable[[str], None]):
        config = load_config(config_path)
        if config.links.get("check-external"):  # `postlint --check-external` checks them,
            config.links = {**config.links, "check-external": False}  # never a keystroke
        site = load_site(start, config.site)
        rules = registry.load_rules(warn=warn)
        selection = Selection.build(config, rules, None, None, None)
        self.config, self.site = config, site
        self.linter = Linter(config, Context(config, site), selection, rules)
        inside = workspace is not None and (workspace == site.root or workspace in site.root.parents)
        self.linter.cwd = workspace if inside else site.root  # reported paths are relative to it
        # Until the site is loaded, buffers are linted by the rules that need nothing of it:
        # the editor shows those at once, and the rest once the site is there (`loaded`).
        self.quick = Linter(config, Context(config, site), selection, rules)
        self.quick.cwd = self.linter.cwd
        self.quick.post_rules = [r for r in self.quick.post_rules if not r.uses_site_index]
        self.quick.corpus_rules = []
        self.loaded = False
        self._candidates: dict[Path, Candidate] | None = None  # what a walk of the site finds
        self.watched = {p for p in self._settings_files() if p is not None}
        self.corpus = CorpusIndex([], {})
        #: every file's part of the URL index, as last read (see `file_changed`)
        self.facts: dict[str, Any] = {}

    def _settings_files(self) -> list[Path | None]:
        config = self.config
        named = [config.schema.get("file"), config.vocabulary.get("categories"),
                 config.vocabulary.get("tags")]
        return [config.path, self.site.config_file,
                *(config.base_dir / name for name in named if isinstance(name, str))]

    @property
    def ctx(self) -> Context:
        return self.linter.ctx

    def load(self, cache_folder: Path | None, jobs: int | None = None) -> None:
        """Build the URL index and the corpus summaries of the whole site (the slow part)."""
        if self.loaded:
            return
        self._rediscover()  # files may have come and gone since the buffers were first linted
        linter = self.linter
        if cache_folder is not None:
            linter.use_cache(cache_folder)
        if linter._needs_url_index():
            linter.build_url_index(jobs)
        summaries = linter.index_site(set(), jobs) if linter.corpus_rules else {}
        self.corpus = CorpusIndex(linter.corpus_rules, summaries)
        self.save_cache()
        self.loaded = True

    def save_cache(self) -> None:
        if self.linter.cache is not None:
            self.linter.cache.save()

    # ------------------------------------------------------------------ one buffer
    def candidate_for(self, path: Path) -> Candidate | None:
        """The file as `postlint` on the whole site sees it; None if it would not lint it
        (not content, excluded, or not on disk yet: a new post is linted once saved)."""
        if self._candidates is None:
            found, _ = self.linter.discover([self.site.root])
            self._candidates = {c.path: c for c in found}
        return self._candidates.get(path)

    def _rediscover(self) -> None:
        self._candidates = None
        self.linter._discovered = {}  # the engine keeps a walk for the run: this is a new one

    def lint(self, path: Path, text: str) -> BufferResult:
        """Every diagnostic of the buffer `text` of the file `path`, corpus rules included."""
        candidate = self.candidate_for(path)
        if candidate is None:
            return BufferResult(text)
        shift = 1 if text.startswith("\ufeff") else 0
        linter = self.linter if self.loaded else self.quick
        post, result = linter.lint_text(candidate, text.encode("utf-8", "surrogatepass"))
        diagnostics = result.diagnostics
        if result.linted and post is not None and not post.decoding.binary and self.corpus.rules:
            self.corpus.set_buffer(candidate.relpath, result.summaries)
            diagnostics = [*diagnostics, *self.linter.check_corpus(
                [result], self.corpus.others(result.summaries))]
        elif result.linted is False:
            self.corpus.drop_buffer(candidate.relpath)
        return BufferResult(text, diagnostics, post, candidate, shift)

    def closed(self, path: Path) -> None:
        """The buffer of `path` is closed: the file as saved counts again."""
        candidate = self.candidate_for(path)
        if candidate is not None:
            self.corpus.drop_buffer(candidate.relpath)

    def fixed(self, linted: BufferResult, unsafe: bool = False) -> str:
        """The buffer with every (safe) fix applied until it is stable."""
        assert linted.post is not None and linted.candidate is not None
        linter = self.linter if self.loaded else self.quick
        linter.ctx.start_file()
        text, bom = fixed_text(linter, linted.post, linted.candidate, unsafe)
        return ("\ufeff" if bom and linted.shift else "") + text

    # ------------------------------------------------------------------ the site on disk
    def owns(self, path: Path) -> bool:
        """Is `path` a file of this site (not an output, a cache or version control)?"""
        try:
            site_rel = path.relative_to(self.site.root).as_posix()
        except ValueError:
            return False
        return not (any(part in IGNORED_FOLDERS for part in site_rel.split("/")[:-1])
                    or matches_any(site_rel, self.config.exclude))

    def file_changed(self, path: Path, deleted: bool) -> bool:
        """A file of the site was created, changed or deleted on disk. Update the URL index and
        the corpus summaries; True when what other files are judged against may have changed."""
        if not self.loaded or not self.owns(path):
            return False  # a site not loaded yet is read from disk when it is
        deleted = deleted or not path.is_file()
        self.ctx.cache = {k: v for k, v in self.ctx.cache.items() if k == "no-cache"}
        changed = self._update_url_index(path.relative_to(self.site.root).as_posix(), deleted)
        candidate = self.candidate_for(path)
        if candidate is None and not deleted and path.suffix.lower() in CONTENT_SUFFIXES:
            self._rediscover()  # a new file: is it a post or a page?
            candidate = self.candidate_for(path)
        if candidate is None:
            return changed
        if self.corpus.rules:
            self.corpus.set_disk(candidate.relpath,
                                 None if deleted else self.linter.summarize_candidate(candidate))
        if deleted:
            self._candidates.pop(path, None)  # type: ignore[union-attr]
        # a post or page changed: its title, body, URL or anchors may be what others are
        # judged against (PL6, PL403)
        return True

    def _update_url_index(self, site_rel: str, deleted: bool) -> bool:
        """Rebuild the URL index when the file's part of it changed (a walk of the site, with
        every other file's part remembered); True when it was rebuilt."""
        if not self.linter._needs_url_index():
            return False
        old = self.facts.pop(site_rel, FactsCache.MISSING)
        if not deleted:
            new = UrlIndex(self.site).fact(site_rel)
            self.facts[site_rel] = new
            if old == new:
                return False
        elif old is None or (old is FactsCache.MISSING and not self._indexed(site_rel)):
            return False  # a file the index never had (an editor's temporary file)
        self.ctx.url_index = UrlIndex.build(self.site, self._fact)
        return True

    def _indexed(self, site_rel: str) -> bool:
        index = self.ctx.url_index
        return site_rel in index.by_source or site_rel in index.urls.values()

    def _fact(self, relpath: str, compute: Callable[[], Any]) -> Any:
        if relpath not in self.facts:
            cached = self.ctx.facts
            self.facts[relpath] = cached(relpath, compute) if cached is not None else compute()
        return self.facts[relpath]


class Sessions:
    """The sessions of a workspace, one per configuration and site, made on first use."""

    def __init__(self, workspace: Path | None, warn: Callable[[str], None],
                 cache_folder: Callable[[Any, Any], Path] | None):
        self.workspace = workspace
        self.warn = warn
        self.cache_folder = cache_folder
        self.by_key: dict[tuple[Path | None, Path], Session] = {}
        self._keys: dict[Path, tuple[Path | None, Path]] = {}  # folder -> its session's key

    def for_path(self, path: Path) -> Session:
        """The session `path` belongs to (made now if it is new, not loaded: see `load`).
        Raises ConfigError, SiteConfigError or RegistryError when the configuration is wrong."""
        folder = path if path.is_dir() else path.parent
        key = self._keys.get(folder)
        if key is None or key not in self.by_key:
            config_path = find_config(path)
            session = Session(config_path, path, self.workspace, self.warn)
            key = (config_path, session.site.root)
            self.by_key.setdefault(key, session)
            self._keys[folder] = key
        return self.by_key[key]

    def load(self, session: Session) -> None:
        """Build the session's site (from the result cache when it is warm)."""
        session.load(self.cache_folder(session.config, session.site) if self.cache_folder else None)
        # The site stays: the garbage collector need not walk it again and again (its full
        # collections took 200 ms in the middle of a keystroke's lint on a 10,000-post site).
        gc.freeze()

    def file_changed(self, path: Path, deleted: bool) -> list[Session]:
        """Sessions whose site changed. A settings file (postlint.toml, _config.yml, a schema
        or vocabulary file) drops every session: they are made again from the new settings."""
        if path.name in SETTINGS_NAMES or any(path in s.watched for s in self.by_key.values()):
            self.reset()
            return []
        return [s for s in self.by_key.values() if s.file_changed(path, deleted)]

    def reset(self) -> None:
        for session in self.by_key.values():
            session.save_cache()
        self.by_key.clear()
        self._keys.clear()
        gc.unfreeze()  # the sessions' objects may go now
