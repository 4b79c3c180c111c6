"""Baseline adoption: freeze today's findings in a file, fail only on new ones.

A finding is known by its fingerprint: the rule code, the file's path (relative to the
baseline file's folder) and the text it points at, whitespace collapsed; not its line, so
findings survive lines moving. Identical fingerprints are counted: two equal findings in a
file are two entries. A baseline entry that no run finds any more is reported as fixed.

The text a finding points at (its anchor) is taken where the file was linted and packed with
the finding (`postlint.findings`), so a warm run hashes cached anchors instead of reading
every file again; only findings without one (the whole-site pass's) read their file here.
"""
from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, NamedTuple

from postlint import __version__
from postlint.diagnostic import Diagnostic, Span
from postlint.findings import Findings

DEFAULT_PATH = ".postlint-baseline.json"
FORMAT_VERSION = 1


class Key(NamedTuple):  # a tuple: a baseline holds one per finding, made and sorted quickly
    path: str  # relative to the baseline file's folder, '/'-separated
    code: str
    fingerprint: str


def span_text(text: str, span: Span) -> str:
    """The text a span covers, whitespace collapsed; a point's whole line when it covers none."""
    return span_texts(text, [span])[0]


def span_texts(text: str, spans: Iterable[Span]) -> list[str]:
    """`span_text` of each span (the text split into lines once)."""
    lines = [line[:-1] if line.endswith("\r") else line for line in text.split("\n")]
    return [_covered(lines, span) for span in spans]


def _covered(lines: list[str], span: Span) -> str:
    if not 1 <= span.line <= len(lines):
        return ""
    if (span.end_line, span.end_column) <= (span.line, span.column):
        return " ".join(lines[span.line - 1].split())
    if span.end_line == span.line:
        covered = [lines[span.line - 1][span.column - 1:span.end_column - 1]]
    else:
        covered = [lines[span.line - 1][span.column - 1:], *lines[span.line:span.end_line - 1]]
        if span.end_line <= len(lines):
            covered.append(lines[span.end_line - 1][:span.end_column - 1])
    return " ".join(" ".join(covered).split())


def fingerprint(code: str, path: str, text: str) -> str:
    return hashlib.blake2b(f"{code}\0{path}\0{text}".encode("utf-8"), digest_size=10).hexdigest()


def anchored(diagnostics: Findings | Iterable[Diagnostic]) -> Iterator[tuple[Diagnostic, str | None]]:
    """Each diagnostic with its anchor (None: to be read from its file)."""
    if isinstance(diagnostics, Findings):
        return diagnostics.anchored()
    return ((d, None) for d in diagnostics)


class Fingerprinter:
    """Keys of diagnostics, from their anchors or else reading each file they point at once."""

    def __init__(self, cwd: Path, folder: Path):
        self.cwd = cwd
        self.folder = folder
        self.texts: dict[str, str] = {}
        self.relatives: dict[str, str] = {}

    def relative(self, path: str) -> str:
        if path not in self.relatives:
            relative = os.path.relpath(os.path.join(self.cwd, path), self.folder)
            self.relatives[path] = relative.replace(os.sep, "/")
        return self.relatives[path]

    def text(self, path: str) -> str:
        from postlint.post import decode  # only findings without an anchor read their file

        if path not in self.texts:
            try:
                self.texts[path] = decode((self.cwd / path).read_bytes())[0]
            except OSError:
                self.texts[path] = ""
        return self.texts[path]

    def key(self, d: Diagnostic, anchor: str | None = None) -> Key:
        path = self.relative(d.path)
        if anchor is None:
            anchor = span_text(self.text(d.path), d.span)
        return Key(path, d.code, fingerprint(d.code, path, anchor))


@dataclass
class Outcome:
    new: list[Diagnostic]
    matched: int
    fixed: list[dict] = field(default_factory=list)  # entries no longer found


@dataclass
class Baseline:
    path: Path
    counts: Counter = field(default_factory=Counter)
    messages: dict[Key, str] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> "Baseline":
        from postlint.config import ConfigError  # loaded by a lint run; not by `--version`

        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("version") != FORMAT_VERSION:
                raise ValueError(f"unsupported version {data.get('version')!r}")
            baseline = cls(path)
            for entry in data["findings"]:
                key = Key._make((str(entry["path"]), str(entry["code"]), str(entry["fingerprint"])))
                baseline.counts[key] += int(entry.get("count", 1))
                baseline.messages.setdefault(key, str(entry.get("message", "")))
        except FileNotFoundError:
            raise ConfigError(f"baseline file {path} not found (write it with "
                              "`postlint baseline`)") from None
        except OSError as exc:
            raise ConfigError(f"cannot read baseline file {path}: {exc.strerror}") from None
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ConfigError(f"baseline file {path} is not a postlint baseline: {exc}") from None
        return baseline

    def fingerprinter(self, cwd: Path) -> Fingerprinter:
        return Fingerprinter(cwd, Path(os.path.abspath(self.path)).parent)

    def apply(self, diagnostics: Findings | Iterable[Diagnostic], cwd: Path, linted: list[str],
              codes: set[str]) -> Outcome:
        """Drop the findings the baseline holds. Entries of selected rules that matched
        nothing are fixed when their file was linted or no longer exists."""
        keys = self.fingerprinter(cwd)
        left = Counter(self.counts)
        outcome = Outcome([], 0)
        for d, anchor in anchored(diagnostics):
            key = keys.key(d, anchor)
            if left[key] > 0:
                left[key] -= 1
                outcome.matched += 1
            else:
                outcome.new.append(d)
        linted_here = {keys.relative(p) for p in linted}
        for key, count in sorted((key, count) for key, count in left.items() if count > 0):
            gone = key.path not in linted_here and not (keys.folder / key.path).exists()
            if key.code in codes and (key.path in linted_here or gone):
                outcome.fixed.append({"path": key.path, "code": key.code, "count": count,
                                      "message": self.messages.get(key, "")})
        return outcome

    def write(self, diagnostics: Findings | Iterable[Diagnostic], cwd: Path, linted: list[str]) -> int:
        """Replace the entries of the linted files by these findings (entries of files this
        run did not lint are kept). Returns the number of findings written."""
        keys = self.fingerprinter(cwd)
        linted_here = {keys.relative(p) for p in linted}
        counts = Counter({k: n for k, n in self.counts.items() if k.path not in linted_here})
        messages = {k: m for k, m in self.messages.items() if k in counts}
        for d, anchor in anchored(diagnostics):
            key = keys.key(d, anchor)
            counts[key] += 1
            messages.setdefault(key, d.message)
        findings = [{"path": k.path, "code": k.code, "fingerprint": k.fingerprint, "count": n,
                     "message": messages.get(k, "")} for k, n in sorted(counts.items())]
        document = {"version": FORMAT_VERSION, "tool": f"postlint {__version__}",
                    "findings": findings}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n",
                             encoding="utf-8")
        return sum(counts.values())
