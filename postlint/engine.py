"""Run the selected rules over the discovered files and collect their diagnostics.

The engine stamps each rule's code, name and severity on what it yields, applies
`per-file-ignores` and inline suppressions, and turns a rule that raises into a PL000
diagnostic so that one bug never hides the other rules' results. Files are linted in
worker processes (`--jobs`); results come back in a deterministic order, each file's
diagnostics packed into one compressed blob (`postlint.findings`) until the report is written.

A run has two passes:
- the per-file pass lints the given files (`lint_candidate`): every post rule, plus the
  corpus rules' `summarize`;
- the site index pass (`index_site`), only when a corpus rule (PL6) is enabled, summarizes
  every other post of the site (read and parsed, no other rule run on it), so that corpus
  rules compare the given files with the whole site but report only on the given files.
"""
from __future__ import annotations

import functools
import gc
import os
import sys
import time
import traceback
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, Callable, Iterator, TextIO

from postlint import __version__
from postlint.baseline import span_texts
from postlint.cache import FactsCache, ResultCache, content_hash, decode, encode, fingerprint
from postlint.config import Config
from postlint.context import Context
from postlint.diagnostic import Diagnostic, Finding, Severity, Span
from postlint.discovery import Candidate, Problem, discover
from postlint.findings import Findings, Tally, pack
from postlint.post import Post
from postlint.post_facts import PostFacts, post_facts
from postlint.progress import progress_bar
from postlint.rule import CorpusRule, Rule
from postlint.selection import Selection, matches
from postlint.suppressions import Suppressions

INTERNAL_ERROR = ("PL000", "internal-error")
UNREADABLE = ("PL009", "unreadable-file")
#: below this many files a single process is faster than starting workers
PARALLEL_THRESHOLD = 64
#: above this many files the result cache is read in one query rather than a query a file
PREFETCH_THRESHOLD = 200


@dataclass(slots=True)  # one a file, kept for the whole run
class FileResult:
    relpath: str
    linted: bool  # a post or page that the rules ran on
    diagnostics: list[Diagnostic] = field(default_factory=list)
    summaries: dict[str, Any] = field(default_factory=dict)  # corpus rule code -> summary
    #: per-file-ignores selectors and inline suppressions, for the corpus rules' findings
    ignored: list[str] = field(default_factory=list)
    suppressions: Suppressions | None = None
    #: the diagnostics once packed (see `pack`), and their counts
    packed: bytes | None = None
    tally: Tally = field(default_factory=Tally)
    #: the post's day, terms and folder, for the reports (None when it could not be read)
    facts: PostFacts | None = None

    def pack(self, text: str | None = None) -> "FileResult":
        """Move the diagnostics into `packed`: what workers send back and the run keeps; with
        the file's `text`, each keeps the text it points at (a baseline's anchor)."""
        if self.diagnostics:
            self.tally = Tally.of(self.diagnostics)
            anchors = None if text is None else span_texts(text, (d.span for d in self.diagnostics))
            self.packed = pack(self.diagnostics, anchors)
            self.diagnostics = []
        return self

    def suppresses(self, rule: Rule, line: int) -> bool:
        if self.ignored and matches(self.ignored, rule.code, rule.name):
            return True
        return bool(self.suppressions) and self.suppressions.suppresses(line, rule.code, rule.name)


@dataclass
class RunResult:
    files: int = 0
    posts: int = 0
    #: in report order (a list once a baseline has filtered them)
    diagnostics: Findings | list[Diagnostic] = field(default_factory=Findings)
    extra: dict[str, Any] = field(default_factory=dict)  # e.g. baseline counts
    linted: list[str] = field(default_factory=list)  # reported paths of the files linted
    facts: dict[str, PostFacts] = field(default_factory=dict)  # reported path -> post facts


class Linter:
    """Everything one run needs: configuration, site, selected rules with their options."""

    def __init__(self, config: Config, ctx: Context, selection: Selection,
                 all_rules: dict[str, type[Rule]]):
        self.config = config
        self.ctx = ctx
        self.selection = selection
        self.all_rules = all_rules
        self.rules: list[Rule] = [
            rule_cls(rule_cls.make_options(config.rules.get(code, {})))
            for code, rule_cls in selection.enabled.items()
        ]
        # options of rules that are not enabled are still checked, so typos never hide
        for code, table in config.rules.items():
            if code not in selection.enabled and code in all_rules:
                all_rules[code].make_options(table)
        self.post_rules = [r for r in self.rules if not isinstance(r, CorpusRule)
                           and not getattr(r, "emitted_by_engine", False)]
        self.corpus_rules = [r for r in self.rules if isinstance(r, CorpusRule)]
        self.last_candidates: list[Candidate] = []
        self.cwd = Path.cwd()
        self.cache: ResultCache | None = None
        #: where to draw the progress of long runs (a terminal only); None: nowhere
        self.progress: TextIO | None = None
        self._discovered: dict[tuple[Path, ...], tuple[list[Candidate], list[Problem]]] = {}

    # ------------------------------------------------------------------ one file
    def read(self, candidate: Candidate) -> Post | Diagnostic:
        try:
            size = candidate.path.stat().st_size
            if size > self.config.max_file_size:
                return self._too_large(candidate.relpath, size)
            raw = candidate.path.read_bytes()
        except OSError as exc:
            return self._unreadable(candidate.relpath, f"cannot read file: {exc.strerror or exc}")
        return Post.from_bytes(candidate.path, candidate.relpath, raw, self.ctx.site, candidate.is_post)

    def _too_large(self, relpath: str, size: int) -> Diagnostic:
        return self._unreadable(relpath, (
            f"file is {size / 1048576:.1f} MB, larger than max-file-size "
            f"({self.config.max_file_size / 1048576:.1f} MB); not linted"))

    def lint_text(self, candidate: Candidate, raw: bytes) -> tuple[Post | None, FileResult]:
        """`lint_candidate` for `raw` instead of the file on disk (an editor's buffer, for
        the language server): the parsed post (None when too large) and its result, with
        the diagnostics not packed."""
        self.ctx.start_file()
        if len(raw) > self.config.max_file_size:
            return None, FileResult(candidate.relpath, True, [self._too_large(candidate.relpath, len(raw))])
        post = Post.from_bytes(candidate.path, candidate.relpath, raw, self.ctx.site, candidate.is_post)
        if not self.wants(candidate, post):
            return post, FileResult(candidate.relpath, False)
        return post, self.lint_post(post, candidate)

    def wants(self, candidate: Candidate, post: Post) -> bool:
        """Posts always; pages when they have front matter (or the generator renders pages
        without it); a file that is no content only when named and with front matter."""
        if candidate.is_post:
            return True
        if post.decoding.binary:
            return False
        site = self.ctx.site
        if candidate.kind == "page" and site.generator.renders_without_front_matter(
                site, candidate.site_relpath):
            return True
        return post.split.format is not None

    def lint_candidate(self, candidate: Candidate) -> FileResult:
        self.ctx.start_file()
        post = self.read(candidate)
        if isinstance(post, Diagnostic):
            return FileResult(candidate.relpath, True, [post]).pack()
        if not self.wants(candidate, post):
            return FileResult(candidate.relpath, False)
        return self.lint_post(post, candidate).pack(post.text)

    def lint_post(self, post: Post, candidate: Candidate) -> FileResult:
        ignored = self.selection.ignored_in((candidate.site_relpath, candidate.relpath))
        suppressions = Suppressions.scan(post.text)
        result = FileResult(post.relpath, True, ignored=ignored, suppressions=suppressions,
                            facts=None if post.decoding.binary else post_facts(post))
        for rule in self.post_rules:
            if post.decoding.binary and not rule.reads_binary:
                continue
            if rule.needs_front_matter and not isinstance(post.meta, dict):
                continue
            if ignored and matches(ignored, rule.code, rule.name):
                continue
            result.diagnostics.extend(self._run(rule, post, suppressions))
        if not post.decoding.binary:
            for rule in self.corpus_rules:
                try:
                    result.summaries[rule.code] = rule.summarize(post, self.ctx)
                except Exception:
                    result.diagnostics.append(self._crash(rule, post.relpath))
        result.diagnostics.sort(key=lambda d: d.sort_key)
        return result

    def summarize_candidate(self, candidate: Candidate) -> dict[str, Any]:
        """The corpus rules' summaries of a file that is not linted (the site index pass)."""
        post = self.read(candidate)
        if isinstance(post, Diagnostic) or post.decoding.binary or not self.wants(candidate, post):
            return {}
        summaries = {}
        for rule in self.corpus_rules:
            if not rule.sees_whole_site:
                continue
            try:
                summaries[rule.code] = rule.summarize(post, self.ctx)
            except Exception:
                pass  # reported as PL000 when that file itself is linted
        return summaries

    def _run(self, rule: Rule, post: Post, suppressions: Suppressions) -> list[Diagnostic]:
        out = []
        try:
            for finding in rule.check(post, self.ctx):
                diagnostic = self.stamp(rule, post.relpath, finding)
                if not (suppressions and suppressions.suppresses(finding.span.line, rule.code, rule.name)):
                    out.append(diagnostic)
        except Exception:
            out.append(self._crash(rule, post.relpath))
        return out

    def stamp(self, rule: Rule, relpath: str, finding: Finding) -> Diagnostic:
        severity = finding.severity or self.selection.severities[rule.code]
        if finding.severity is not None and rule.code in self.config.rules \
                and "severity" in self.config.rules[rule.code]:
            severity = self.selection.severities[rule.code]
        # many findings share a message: one string each, also once in a worker's pickled results
        return Diagnostic(relpath, finding.span, rule.code, rule.name, severity,
                          sys.intern(finding.message), finding.fix is not None, finding.fix)

    def _crash(self, rule: Rule, relpath: str) -> Diagnostic:
        error = sys.exc_info()[1]
        frame = traceback.extract_tb(error.__traceback__)[-1]
        return Diagnostic(relpath, Span.point(1), *INTERNAL_ERROR, self._severity("PL000"),
                          f"rule {rule.code} ({rule.name}) crashed on this file: "
                          f"{type(error).__name__}: {error} (at {Path(frame.filename).name}:"
                          f"{frame.lineno}); the other rules still ran. Please report this bug.")

    def _unreadable(self, relpath: str, message: str) -> Diagnostic:
        return Diagnostic(relpath, Span.point(1), *UNREADABLE, self._severity("PL009"), message)

    def _severity(self, code: str) -> Severity:
        """Engine diagnostics honour per-rule severities; they are reported even if ignored."""
        return self.selection.severities.get(code, Severity.ERROR)

    # ------------------------------------------------------------------ the whole run
    def run(self, paths: list[Path], cwd: Path, jobs: int | None = None,
            only: set[Path] | None = None) -> RunResult:
        """Lint the files found under `paths` (only those whose resolved path is in `only`)."""
        self.cwd = cwd
        self._discovered = {}  # files may have changed since the last run (--fix)
        candidates, problems = self.discover(paths)
        if only is not None:
            candidates = [c for c in candidates if c.path.resolve() in only]
            problems = [p for p in problems if (cwd / p.relpath).resolve() in only]
        self.last_candidates = candidates
        result = RunResult()
        findings = result.diagnostics = Findings()
        findings.extend(self._unreadable(p.relpath, p.message) for p in problems)
        self.ctx.authors  # inferred once here, not in each worker
        file_results = self.lint_all(candidates, jobs)
        result.files = len(candidates)
        result.linted = [r.relpath for r in file_results if r.linted]
        result.posts = len(result.linted)
        result.facts = {r.relpath: r.facts for r in file_results if r.facts is not None}
        for file_result in file_results:
            findings.add_packed(file_result.relpath, file_result.packed, file_result.tally)
        if self.corpus_rules:
            whole_site = [r for r in self.corpus_rules if r.sees_whole_site]
            summaries = self.index_site({r.relpath for r in file_results}, jobs) \
                if whole_site else {}
            findings.extend(self.check_corpus(file_results, summaries))
        if self.cache is not None:
            self.cache.save()
        return result

    def discover(self, paths: list[Path]) -> tuple[list[Candidate], list[Problem]]:
        """`discovery.discover` with this run's settings, once per set of paths."""
        key = tuple(Path(os.path.abspath(p)) for p in paths)
        if key not in self._discovered:
            self._discovered[key] = discover(paths, self.ctx.site, self.config.include,
                                             self.config.exclude, self.cwd)
        return self._discovered[key]

    def lint_all(self, candidates: list[Candidate], jobs: int | None) -> list[FileResult]:
        with progress_bar(len(candidates), "files linted", "file", self.progress,
                          enabled=self.progress is not None) as bar:
            if self.cache is not None:
                return self._cached_map("lint_candidate", candidates, jobs, bar.update)
            results = []
            for result in self._map("lint_candidate", candidates, jobs):
                results.append(result)
                bar.update()
            return results

    def index_site(self, linted: set[str], jobs: int | None) -> dict[str, dict[str, Any]]:
        """Summaries of every post of the site that the per-file pass did not lint, by
        corpus rule code, then by reported path. Nothing but `summarize` runs on them."""
        candidates, _ = self.discover([self.ctx.site.root])
        others = [c for c in candidates if c.relpath not in linted]
        index: dict[str, dict[str, Any]] = {rule.code: {} for rule in self.corpus_rules
                                            if rule.sees_whole_site}
        summarized = (self._map("summarize_candidate", others, jobs) if self.cache is None
                      else self._cached_map("summarize_candidate", others, jobs))
        for candidate, summaries in zip(others, summarized):
            for code, summary in summaries.items():
                if summary is not None and code in index:
                    index[code][candidate.relpath] = summary
        return index

    def check_corpus(self, file_results: list[FileResult],
                     others: dict[str, dict[str, Any]]) -> list[Diagnostic]:
        """Run each corpus rule over the linted files' summaries and the site index; keep
        only the findings on linted files that are neither ignored nor suppressed there."""
        linted = {r.relpath: r for r in file_results if r.linted}
        out = []
        for rule in self.corpus_rules:
            summaries = dict(others.get(rule.code, {}))
            summaries.update((r.relpath, r.summaries[rule.code]) for r in file_results
                             if r.summaries.get(rule.code) is not None)
            try:
                for relpath, finding in rule.check_corpus(summaries, self.ctx):
                    target = linted.get(relpath)
                    if target is not None and not target.suppresses(rule, finding.span.line):
                        out.append(self.stamp(rule, relpath, finding))
            except Exception:
                out.append(self._crash(rule, "."))
        return out

    # ------------------------------------------------------------------ the result cache
    def use_cache(self, folder: Path) -> None:
        """Reuse and record per-file results in `folder` (`.postlint_cache`)."""
        self.cache = ResultCache(folder, self.fingerprint())
        self.ctx.facts = self.cache.facts(self.site_fingerprint(), self.ctx.site.root)

    def fingerprint(self) -> str:
        """Everything a file's results depend on besides the file and the other files."""
        config = self.config
        referenced = [config.schema.get("file"), config.vocabulary.get("categories"),
                      config.vocabulary.get("tags")]
        files = {}
        for name in referenced:
            if isinstance(name, str):
                try:
                    files[name] = content_hash((config.base_dir / name).read_bytes())
                except OSError:
                    files[name] = None
        return fingerprint([
            __version__, sys.version_info[:2],
            sorted({(r.origin, _dist_version(r.origin)) for r in self.rules}),
            [config.site, config.schema, config.vocabulary, config.lint, config.links, config.rules],
            sorted((code, int(sev)) for code, sev in self.selection.severities.items()),
            self.site_fingerprint(), files, self.ctx.authors,
        ])

    def site_fingerprint(self) -> str:
        """The site's settings: what each file's URL depends on besides the file."""
        site = self.ctx.site
        return fingerprint([__version__, str(site.root), site.generator.name, site.url, site.baseurl,
                            site.timezone, site.permalink, site.future, site.permalinks,
                            site.taxonomies, site.content_dir, site.raw])

    def _needs_url_index(self) -> bool:
        """Do the selected rules resolve links against the site's URLs? (A folder that is no
        Jekyll or Hugo site has none to resolve against: it is not walked.)"""
        return self.ctx.site.generator.models_urls and any(r.uses_site_index for r in self.rules)

    def build_url_index(self, jobs: int | None) -> None:
        """Build `ctx.url_index` once, here in the parent. When the cache knows all but a few
        files (a pre-commit run), those are read on the way; otherwise a dry run of the index
        lists the files the cache does not know, and worker processes read them."""
        if "url_index" in vars(self.ctx):
            return
        from postlint.urls import UrlIndex

        cached = self.ctx.facts
        site = self.ctx.site
        if cached is not None:
            misses = 0

            def few_misses(relpath: str, compute) -> Any:
                def counted() -> Any:
                    nonlocal misses
                    misses += 1
                    if misses > PARALLEL_THRESHOLD:
                        raise _ManyMisses
                    return compute()

                return cached(relpath, counted)

            try:
                self.ctx.url_index = UrlIndex.build(site, few_misses)
                return
            except _ManyMisses:
                pass
        needed: list[str] = []

        def probe(relpath: str, compute) -> Any:
            value = cached.get(relpath) if cached is not None else FactsCache.MISSING
            if value is FactsCache.MISSING:
                needed.append(relpath)
                return None
            return value

        UrlIndex.build(site, probe)
        self._fact_reader = UrlIndex(site)
        fresh = dict(zip(needed, self._map("url_fact", needed, jobs)))
        if cached is not None:
            for relpath, value in fresh.items():
                cached.put(relpath, value)
        self.ctx.url_index = UrlIndex.build(
            site, lambda relpath, compute: fresh[relpath] if relpath in fresh else
            (cached(relpath, compute) if cached is not None else compute()))

    def url_fact(self, relpath: str) -> Any:
        """One file's part of the URL index (run in the workers by `build_url_index`)."""
        return self._fact_reader.fact(relpath)

    def site_digest(self) -> str:
        """A digest of every URL the site serves (results that asked for it depend on it)."""
        if "site-digest" not in self.ctx.cache:
            index = self.ctx.url_index
            self.ctx.cache["site-digest"] = fingerprint([sorted(index.urls.items()),
                                                         sorted(index.by_source.items())])
        return self.ctx.cache["site-digest"]

    def _cached_map(self, method: str, candidates: list[Candidate], jobs: int | None,
                    done: Callable[[int], Any] = lambda n: None) -> list:
        """`_map`, reusing cached values for unchanged files and caching the new ones;
        `done(n)` counts the values found (a progress bar)."""
        assert self.cache is not None
        column = "result" if method == "lint_candidate" else "summaries"
        if len(candidates) > PREFETCH_THRESHOLD:
            self.cache.prefetch(column)
            if column == "result":
                self.cache.prefetch("findings")
                if self.corpus_rules:
                    self.cache.prefetch("summaries")
        out: list = [None] * len(candidates)
        todo = []
        for i, candidate in enumerate(candidates):
            value = self._reuse(self.cache.lookup(candidate.path, column), column, candidate)
            if value is None:
                todo.append(i)
            else:
                out[i] = value
        done(len(candidates) - len(todo))
        if todo and method == "lint_candidate" and self._needs_url_index():
            self.build_url_index(jobs)
            self.site_digest()  # computed once, before the workers fork
        fresh = self._map(f"{method}_for_cache", [candidates[i] for i in todo], jobs)
        for i, (value, entry) in zip(todo, fresh):  # stored as they come: rows never pile up
            out[i] = value
            self.cache.store(candidates[i].path, entry)
            done(1)
        return out

    def lint_candidate_for_cache(self, candidate: Candidate) -> tuple[FileResult, tuple | None]:
        """`lint_candidate`, and the cache entry of its result (encoded in the worker)."""
        assert self.cache is not None
        value = self.lint_candidate(candidate)
        return value, self.cache.entry(candidate.path, self._result_row(value),
                                       self._encode_summaries(value.summaries), value.packed)

    def summarize_candidate_for_cache(self, candidate: Candidate) -> tuple[dict, tuple | None]:
        assert self.cache is not None
        value = self.summarize_candidate(candidate)
        return value, self.cache.entry(candidate.path, None, self._encode_summaries(value), None)

    def _result_row(self, value: FileResult) -> dict:
        """The cached form of a file's result, with what it depends on beyond the file: the
        URL index's answers to the file's questions (or the whole site), other files, the
        clock. Made right after the file was linted, while `ctx` still holds those."""
        ctx = self.ctx
        row = {
            "linted": value.linted,
            "tally": value.tally.to_json(),
            "facts": None if value.facts is None else value.facts.to_json(),
            "ignored": value.ignored,
            "suppressions": None if value.suppressions is None else
            [list(value.suppressions.lines.items()), value.suppressions.regions]}
        if ctx.questions is not None and ctx.questions.whole_site:
            row["site"] = self.site_digest()
        elif ctx.questions is not None and ctx.questions.asked:
            row["asked"] = [[*key, answer] for key, answer in ctx.questions.asked.items()]
        if ctx.dependencies:
            row["deps"] = {d: _stat_signature(ctx.site.root / d) for d in sorted(ctx.dependencies)}
        if ctx.expires is not None:
            row["expires"] = ctx.expires
        return row

    def _reuse(self, data: Any, column: str, candidate: Candidate) -> Any:
        """The cached value for `candidate`, or None when absent or stale. Summaries depend on
        the file alone; a result may also depend on the site, other files and the clock."""
        if data is None:
            return None
        try:
            if column == "summaries":
                return self._decode_summaries(data)
            if "site" in data and data["site"] != self.site_digest():
                return None
            if "asked" in data:
                from postlint.urls import answers_hold

                if not answers_hold(self.ctx.url_index, data["asked"]):
                    return None
            if "expires" in data and data["expires"] <= time.time():
                return None
            if any(_stat_signature(self.ctx.site.root / d) != sig
                   for d, sig in data.get("deps", {}).items()):
                return None
            tally = Tally.from_json(data["tally"])
            packed = self.cache.lookup(candidate.path, "findings") if tally.total() else None
            if tally.total() and not isinstance(packed, bytes):
                return None
            suppressions = None
            if data["suppressions"] is not None:
                lines, regions = data["suppressions"]
                suppressions = Suppressions({int(k): v for k, v in lines},
                                            [tuple(r) for r in regions])
            summaries = self._decode_summaries(
                self.cache.lookup(candidate.path, "summaries") or {}) if self.corpus_rules else {}
            facts = None if data["facts"] is None else PostFacts.from_json(data["facts"])
            return FileResult(candidate.relpath, data["linted"], [], summaries, data["ignored"],
                              suppressions, packed=packed, tally=tally, facts=facts)
        except (KeyError, TypeError, ValueError, AttributeError):
            return None

    def _encode_summaries(self, summaries: dict[str, Any]) -> dict[str, Any]:
        return {code: encode(value) for code, value in summaries.items()}

    def _decode_summaries(self, data: dict[str, Any]) -> dict[str, Any]:
        namespaces = self._summary_namespaces
        return {code: decode(value, namespaces[code]) for code, value in data.items()
                if code in namespaces}

    @functools.cached_property
    def _summary_namespaces(self) -> dict[str, dict[str, Any]]:
        """Each corpus rule's module namespace: the only types its cached summaries rebuild."""
        return {r.code: vars(sys.modules[type(r).__module__]) for r in self.corpus_rules}

    def _map(self, method: str, candidates: list, jobs: int | None) -> Iterator:
        """`self.<method>(item)` for each item (a candidate, a path), in order, as they come;
        in forked worker processes when there are enough of them."""
        jobs = jobs or available_cores()
        if method.startswith("lint_candidate") and self._needs_url_index():
            self.build_url_index(jobs)  # every file's part read in parallel, once
        if jobs <= 1 or len(candidates) < PARALLEL_THRESHOLD:
            yield from map(getattr(self, method), candidates)
            return
        import multiprocessing  # only runs over many files start workers
        from concurrent.futures import ProcessPoolExecutor

        global _WORKER_TASK
        _WORKER_TASK = (getattr(self, method), candidates)  # inherited by the forked workers
        size = max(8, len(candidates) // (jobs * 8))
        chunks = [(start, min(start + size, len(candidates)))
                  for start in range(0, len(candidates), size)]
        # the workers' garbage collector must not walk (and so copy) the parent's objects
        gc.freeze()
        try:
            with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
                for values in pool.map(_in_worker, chunks):
                    yield from values
        finally:
            _WORKER_TASK = None
            gc.unfreeze()


class _ManyMisses(Exception):
    """The URL index needs more files read than are worth reading in one process."""


#: the bound method and items of the running `_map`: workers get them by fork, not by pickle
_WORKER_TASK: tuple[Callable[[Any], Any], list] | None = None


def _in_worker(chunk: tuple[int, int]) -> list:
    """The values of the items in `chunk` (a range of indices), computed in a worker."""
    assert _WORKER_TASK is not None
    function, items = _WORKER_TASK
    return [function(item) for item in items[chunk[0]:chunk[1]]]


def _stat_signature(path: Path) -> list[int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return [info.st_size, info.st_mtime_ns]


def _dist_version(origin: str) -> str:
    if origin == "builtin":
        return __version__
    try:
        return version(origin)
    except PackageNotFoundError:
        return "?"


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1
