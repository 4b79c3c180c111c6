"""One JSON object a line, one line per diagnostic (the JSON format's diagnostic objects)."""
from __future__ import annotations

import json
from typing import TextIO

from postlint.reporters import Report


def render(report: Report, out: TextIO) -> None:
    for d in report.diagnostics:
        out.write(json.dumps(d.to_dict(), ensure_ascii=False) + "\n")
