"""Output formats: one module per format, each with `render(report, out)`.

A reporter sees the diagnostics, the run's counts, the rules' metadata and each linted post's
facts (day, categories, tags, folder: `postlint.post_facts`), nothing else; adding a format is
adding a module here.
"""
from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, Iterable

from postlint import __version__
from postlint.diagnostic import Diagnostic, Severity
from postlint.findings import Tally


@dataclass
class Report:
    """What a reporter is given."""

    #: in report order; a run's `Findings` decode as they are iterated: iterate once
    diagnostics: Iterable[Diagnostic]
    files: int
    posts: int
    rules: dict[str, Any]  # code -> rule class (metadata: code, name, summary(), severity, ...)
    extra: dict[str, Any]
    version: str = __version__
    linted: list[str] = field(default_factory=list)  # reported paths of the files linted
    #: reported path -> `postlint.post_facts.PostFacts` (day, categories, tags, source) of
    #: each linted post, for the formats that group findings by them
    facts: dict[str, Any] = field(default_factory=dict)
    tally: Tally = field(init=False)  # counts by severity and fixability

    def __post_init__(self):
        self.tally = getattr(self.diagnostics, "tally", None) or Tally.of(self.diagnostics)

    def count(self, severity: Severity) -> int:
        return self.tally.count(severity)

    def summary(self) -> dict[str, Any]:
        summary: dict[str, Any] = {
            "files": self.files, "posts": self.posts, "errors": self.count(Severity.ERROR),
            "warnings": self.count(Severity.WARNING), "infos": self.count(Severity.INFO)}
        summary.update({k: v for k, v in self.extra.items() if isinstance(v, int)})
        if "site" in self.extra:  # generator, root and url: what the findings rest on
            summary["site"] = self.extra["site"]
        return summary


def formats() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))


def get(name: str) -> ModuleType:
    if name not in formats():
        raise KeyError(name)
    return importlib.import_module(f"{__name__}.{name}")
