"""A run's diagnostics, kept compactly: each file's as one compressed blob, decoded only while
the report is written, so that memory does not grow with the number of findings (a
100,000-post site can have millions).

Files are linted, cached and reported in path order; `Findings` yields every diagnostic in
report order (path, line, column, code, message) by decoding one file's blob at a time and
merging in the diagnostics the whole-site pass adds to it. Each packed diagnostic keeps its
anchor, the text it points at (see `postlint.baseline`), so that baselines need no file read.
"""
from __future__ import annotations

import json
import sys
import zlib
from dataclasses import dataclass
from typing import Iterable, Iterator

from postlint.diagnostic import Diagnostic, Edit, Fix, Severity, Span

_SEVERITIES = {int(s): s for s in Severity}


@dataclass(slots=True)
class Tally:
    """What the summary line and the exit status need, counted without decoding anything."""

    errors: int = 0
    warnings: int = 0
    infos: int = 0
    safe_fixes: int = 0
    unsafe_fixes: int = 0

    @classmethod
    def of(cls, diagnostics: Iterable[Diagnostic]) -> "Tally":
        tally = cls()
        for d in diagnostics:
            tally.add(d)
        return tally

    def add(self, d: Diagnostic) -> None:
        if d.severity == Severity.ERROR:
            self.errors += 1
        elif d.severity == Severity.WARNING:
            self.warnings += 1
        else:
            self.infos += 1
        if d.fix is not None:
            if d.fix.safe:
                self.safe_fixes += 1
            else:
                self.unsafe_fixes += 1

    def merge(self, other: "Tally") -> None:
        self.errors += other.errors
        self.warnings += other.warnings
        self.infos += other.infos
        self.safe_fixes += other.safe_fixes
        self.unsafe_fixes += other.unsafe_fixes

    def count(self, severity: Severity) -> int:
        return {Severity.ERROR: self.errors, Severity.WARNING: self.warnings,
                Severity.INFO: self.infos}[severity]

    def total(self) -> int:
        return self.errors + self.warnings + self.infos

    def to_json(self) -> list[int]:
        return [self.errors, self.warnings, self.infos, self.safe_fixes, self.unsafe_fixes]

    @classmethod
    def from_json(cls, data: list) -> "Tally":
        return cls(*(int(n) for n in data))


def pack(diagnostics: list[Diagnostic], anchors: list[str] | None = None) -> bytes:
    """One file's diagnostics as compressed JSON rows (without their path), each with its
    anchor (None when not given)."""
    anchors = anchors if anchors is not None else [None] * len(diagnostics)
    rows = [_row(d, anchor) for d, anchor in zip(diagnostics, anchors, strict=True)]
    return zlib.compress(json.dumps(rows, ensure_ascii=False).encode("utf-8"), 1)


def unpack(blob: bytes, path: str) -> list[Diagnostic]:
    """The diagnostics of `pack`, reported at `path` (the file may be reported under another
    relative path than when it was packed)."""
    return [d for d, _ in unpack_anchored(blob, path)]


def unpack_anchored(blob: bytes, path: str) -> list[tuple[Diagnostic, str | None]]:
    """`unpack`, each diagnostic with its anchor."""
    return [(_diagnostic(row, path), row[7]) for row in json.loads(zlib.decompress(blob))]


def _row(d: Diagnostic, anchor: str | None) -> list:
    fix = None
    if d.fix is not None:
        fix = [[[e.start, e.end, e.replacement] for e in d.fix.edits], d.fix.safe, d.fix.drop_bom]
    span = d.span
    return [[span.line, span.column, span.end_line, span.end_column], d.code, d.name,
            int(d.severity), d.message, d.fixable, fix, anchor]


def _diagnostic(row: list, path: str) -> Diagnostic:
    span, code, name, severity, message, fixable, fix, _anchor = row
    fix_obj = None
    if fix is not None:
        edits, safe, drop_bom = fix
        fix_obj = Fix(tuple(Edit(*e) for e in edits), safe, drop_bom)
    # many findings share a message: one string each (sys.intern's strings are freed when unused)
    return Diagnostic(path, Span(*span), sys.intern(code), sys.intern(name), _SEVERITIES[severity],
                      sys.intern(message), fixable, fix_obj)


class Findings:
    """Every diagnostic of a run, in report order: files' packed blobs, plus loose ones."""

    def __init__(self) -> None:
        self._packed: dict[str, list[bytes]] = {}
        self._loose: dict[str, list[Diagnostic]] = {}
        self.tally = Tally()

    def add_packed(self, path: str, blob: bytes | None, tally: Tally) -> None:
        if blob is not None and tally.total():
            self._packed.setdefault(path, []).append(blob)
            self.tally.merge(tally)

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        for d in diagnostics:
            self._loose.setdefault(d.path, []).append(d)
            self.tally.add(d)

    def __len__(self) -> int:
        return self.tally.total()

    def __iter__(self) -> Iterator[Diagnostic]:
        for d, _ in self.anchored():
            yield d

    def anchored(self) -> Iterator[tuple[Diagnostic, str | None]]:
        """Every diagnostic in report order, with its anchor (None for the loose ones)."""
        for path in sorted(self._packed.keys() | self._loose.keys()):
            group = [pair for blob in self._packed.get(path, ()) for pair in unpack_anchored(blob, path)]
            if path in self._loose or len(self._packed.get(path, ())) > 1:
                group.extend((d, None) for d in self._loose.get(path, ()))
                group.sort(key=lambda pair: pair[0].sort_key)
            yield from group
