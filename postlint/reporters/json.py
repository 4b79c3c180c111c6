"""The stable JSON document: version, tool, summary and every diagnostic (SPEC contract)."""
from __future__ import annotations

import itertools
import json
from typing import TextIO

from postlint.reporters import Report

#: diagnostics encoded per `json.dumps` call: the document is written piece by piece, so a
#: report of a million findings never exists as one list of dicts and one string
CHUNK = 2000


def render(report: Report, out: TextIO) -> None:
    """Write the document compactly, exactly as `json.dumps` writes it whole (one line)."""
    head = {"version": 1, "tool": {"name": "postlint", "version": report.version},
            "summary": report.summary()}
    out.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "diagnostics": [')
    diagnostics = iter(report.diagnostics)
    separator = ""
    while chunk := [d.to_dict() for d in itertools.islice(diagnostics, CHUNK)]:
        out.write(separator + json.dumps(chunk, ensure_ascii=False)[1:-1])
        separator = ", "
    out.write("]")
    if "fixed_entries" in report.extra:  # with a baseline: its entries no longer found
        out.write(', "fixed": ' + json.dumps(report.extra["fixed_entries"], ensure_ascii=False))
    out.write("}\n")
