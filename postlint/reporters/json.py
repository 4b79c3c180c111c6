"""The stable JSON document: version, tool, summary and every diagnostic (SPEC contract)."""
from __future__ import annotations

import json
from typing import TextIO

from postlint.reporters import Report


def document(report: Report) -> dict:
    return {
        "version": 1,
        "tool": {"name": "postlint", "version": report.version},
        "summary": report.summary(),
        "diagnostics": [d.to_dict() for d in report.diagnostics],
    }


def render(report: Report, out: TextIO) -> None:
    json.dump(document(report), out, ensure_ascii=False, indent=1)
    out.write("\n")
