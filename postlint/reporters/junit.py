"""JUnit XML: one test case per linted file, one `<failure>` per diagnostic in it."""
from __future__ import annotations

from typing import TextIO
from xml.etree import ElementTree as ET

from postlint.reporters import Report


def render(report: Report, out: TextIO) -> None:
    by_path: dict[str, list] = {path: [] for path in report.linted}
    for d in report.diagnostics:
        by_path.setdefault(d.path, []).append(d)
    failing = sum(1 for found in by_path.values() if found)
    counts = {"tests": str(len(by_path)), "failures": str(failing), "errors": "0", "skipped": "0"}
    suites = ET.Element("testsuites", name="postlint", **counts)
    suite = ET.SubElement(suites, "testsuite", name="postlint", **counts)
    for path in sorted(by_path):
        case = ET.SubElement(suite, "testcase", classname="postlint", name=path, file=path)
        for d in by_path[path]:
            where = f"{path}:{d.span.line}:{d.span.column}"
            failure = ET.SubElement(case, "failure", type=f"{d.code} {d.name}",
                                    message=f"{d.span.line}:{d.span.column} {d.code} {d.message}")
            failure.text = f"{where}: {d.code} [{d.severity}] {d.message}"
    ET.indent(suites)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(suites, encoding="unicode"))
    out.write("\n")
