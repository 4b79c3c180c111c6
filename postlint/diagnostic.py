"""The one type every rule produces and every reporter consumes."""
from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Severity(enum.IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, text: str) -> "Severity":
        return cls[text.strip().upper()]

    def __str__(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, slots=True)
class Span:
    """A region of the file: 1-based lines and columns (Unicode code points), end exclusive."""

    line: int
    column: int
    end_line: int
    end_column: int

    def __reduce__(self):  # plain tuples pickle several times faster than slots dataclasses
        return Span, (self.line, self.column, self.end_line, self.end_column)

    @classmethod
    def point(cls, line: int, column: int = 1) -> "Span":
        return cls(line, column, line, column)


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace text[start:end] (offsets into the decoded file text) by `replacement`."""

    start: int
    end: int
    replacement: str

    def __reduce__(self):
        return Edit, (self.start, self.end, self.replacement)


@dataclass(frozen=True, slots=True)
class Fix:
    """Text edits, plus whether to drop the byte-order mark (which is not part of the text)."""

    edits: tuple[Edit, ...]
    safe: bool = True
    drop_bom: bool = False

    def __reduce__(self):
        return Fix, (self.edits, self.safe, self.drop_bom)


@dataclass(frozen=True, slots=True)
class Finding:
    """What a rule yields: where, what, and optionally how to fix it.

    The engine turns it into a `Diagnostic` by stamping the rule's code, name and severity.
    `severity` overrides the rule's default for this one finding (a rule with two levels).
    """

    span: Span
    message: str
    fix: Fix | None = None
    severity: Severity | None = None


@dataclass(frozen=True, slots=True)
class Diagnostic:
    path: str
    span: Span
    code: str
    name: str
    severity: Severity
    message: str
    fixable: bool = False
    fix: Fix | None = field(default=None, compare=False)

    def __reduce__(self):  # results travel back from worker processes by pickle
        return Diagnostic, (self.path, self.span, self.code, self.name, self.severity,
                            self.message, self.fixable, self.fix)

    @property
    def sort_key(self) -> tuple:
        return (self.path, self.span.line, self.span.column, self.code, self.message)

    def to_dict(self) -> dict:
        return {
            "path": self.path,
            "line": self.span.line,
            "column": self.span.column,
            "end_line": self.span.end_line,
            "end_column": self.span.end_column,
            "code": self.code,
            "name": self.name,
            "severity": str(self.severity),
            "message": self.message,
            "fixable": self.fixable,
        }
