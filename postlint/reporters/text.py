"""`path:line:col: CODE [severity] message`, one problem a line, then a summary."""
from __future__ import annotations

from typing import TextIO

from postlint.reporters import Report


def render(report: Report, out: TextIO) -> None:
    for d in report.diagnostics:
        out.write(f"{d.path}:{d.span.line}:{d.span.column}: {d.code} [{d.severity}] {d.message}\n")
