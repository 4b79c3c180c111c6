"""Run the selected rules over the discovered files and collect their diagnostics.

The engine stamps each rule's code, name and severity on what it yields, applies
`per-file-ignores` and inline suppressions, and turns a rule that raises into a PL000
diagnostic so that one bug never hides the other rules' results. Files are linted in
worker processes (`--jobs`); results come back in a deterministic order.
"""
from __future__ import annotations

import multiprocessing
import os
import sys
import traceback
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from postlint.config import Config
from postlint.context import Context
from postlint.diagnostic import Diagnostic, Finding, Severity, Span
from postlint.discovery import Candidate, Problem, discover
from postlint.post import Post
from postlint.rule import CorpusRule, Rule
from postlint.selection import Selection, matches
from postlint.suppressions import Suppressions

INTERNAL_ERROR = ("PL000", "internal-error")
UNREADABLE = ("PL009", "unreadable-file")
#: below this many files a single process is faster than starting workers
PARALLEL_THRESHOLD = 64


@dataclass
class FileResult:
    relpath: str
    linted: bool  # a post or page that the rules ran on
    diagnostics: list[Diagnostic] = field(default_factory=list)
    summaries: dict[str, Any] = field(default_factory=dict)  # corpus rule code -> summary


@dataclass
class RunResult:
    files: int = 0
    posts: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)  # e.g. baseline counts

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity == severity)


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

    # ------------------------------------------------------------------ one file
    def read(self, candidate: Candidate) -> Post | Diagnostic:
        try:
            size = candidate.path.stat().st_size
            if size > self.config.max_file_size:
                return self._unreadable(candidate.relpath, (
                    f"file is {size / 1048576:.1f} MB, larger than max-file-size "
                    f"({self.config.max_file_size / 1048576:.1f} MB); not linted"))
            raw = candidate.path.read_bytes()
        except OSError as exc:
            return self._unreadable(candidate.relpath, f"cannot read file: {exc.strerror or exc}")
        return Post.from_bytes(candidate.path, candidate.relpath, raw, self.ctx.site, candidate.is_post)

    def wants(self, candidate: Candidate, post: Post) -> bool:
        """Posts always; other files only when they are pages (front matter, not Hugo's)."""
        if candidate.is_post:
            return True
        if post.decoding.binary:
            return False
        return post.split.format is not None and (
            candidate.explicit or self.ctx.site.generator != "hugo")

    def lint_candidate(self, candidate: Candidate) -> FileResult:
        post = self.read(candidate)
        if isinstance(post, Diagnostic):
            return FileResult(candidate.relpath, True, [post])
        if not self.wants(candidate, post):
            return FileResult(candidate.relpath, False)
        return self.lint_post(post, candidate)

    def lint_post(self, post: Post, candidate: Candidate) -> FileResult:
        result = FileResult(post.relpath, True)
        ignored = self.selection.ignored_in((candidate.site_relpath, candidate.relpath))
        suppressions = Suppressions.scan(post.text)
        for rule in self.post_rules:
            if rule.needs_front_matter and (post.decoding.binary or not isinstance(post.meta, dict)):
                continue
            if ignored and matches(ignored, rule.code, rule.name):
                continue
            result.diagnostics.extend(self._run(rule, post, suppressions))
        for rule in self.corpus_rules:
            if not post.decoding.binary:
                try:
                    result.summaries[rule.code] = rule.summarize(post, self.ctx)
                except Exception:
                    result.diagnostics.append(self._crash(rule, post.relpath))
        result.diagnostics.sort(key=lambda d: d.sort_key)
        return result

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
        return Diagnostic(relpath, finding.span, rule.code, rule.name, severity, finding.message,
                          finding.fix is not None, finding.fix)

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
    def run(self, paths: list[Path], cwd: Path, jobs: int | None = None) -> RunResult:
        candidates, problems = discover(paths, self.ctx.site.root, self.config.include,
                                        self.config.exclude, cwd)
        self.last_candidates = candidates
        result = RunResult()
        for problem in problems:
            result.diagnostics.append(self._unreadable(problem.relpath, problem.message))
        file_results = self.lint_all(candidates, jobs)
        result.files = len(candidates)
        result.posts = sum(1 for r in file_results if r.linted)
        for file_result in file_results:
            result.diagnostics.extend(file_result.diagnostics)
        if self.corpus_rules:
            result.diagnostics.extend(self.check_corpus(file_results, candidates))
        result.diagnostics.sort(key=lambda d: d.sort_key)
        return result

    def lint_all(self, candidates: list[Candidate], jobs: int | None) -> list[FileResult]:
        jobs = jobs or available_cores()
        if jobs <= 1 or len(candidates) < PARALLEL_THRESHOLD:
            return [self.lint_candidate(c) for c in candidates]
        global _WORKER_LINTER
        _WORKER_LINTER = self  # inherited by forked workers: nothing to pickle
        chunk = max(8, len(candidates) // (jobs * 8))
        try:
            with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
                return list(pool.map(_lint_in_worker, candidates, chunksize=chunk))
        finally:
            _WORKER_LINTER = None

    def check_corpus(self, file_results: list[FileResult], candidates: list[Candidate]) -> list[Diagnostic]:
        out = []
        for rule in self.corpus_rules:
            summaries = {r.relpath: r.summaries[rule.code] for r in file_results
                         if rule.code in r.summaries}
            try:
                for relpath, finding in rule.check_corpus(summaries, self.ctx):
                    out.append(self.stamp(rule, relpath, finding))
            except Exception:
                out.append(self._crash(rule, "."))
        return out


_WORKER_LINTER: Linter | None = None


def _lint_in_worker(candidate: Candidate) -> FileResult:
    assert _WORKER_LINTER is not None
    return _WORKER_LINTER.lint_candidate(candidate)


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1
