"""GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=…::message`."""
from __future__ import annotations

from typing import TextIO

from postlint.diagnostic import Severity
from postlint.reporters import Report

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report, out: TextIO) -> None:
    for d in report.diagnostics:
        props = [f"file={escape_property(d.path)}", f"line={d.span.line}", f"col={d.span.column}"]
        if d.span.end_line >= d.span.line:
            props += [f"endLine={d.span.end_line}", f"endColumn={d.span.end_column}"]
        props.append(f"title={escape_property(f'{d.code} {d.name}')}")
        out.write(f"::{LEVELS[d.severity]} {','.join(props)}::{escape_data(d.message)}\n")
