"""SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

One run; `tool.driver.rules` describes every registered rule from its metadata (summary,
documentation, help URI, default level); each result points at its rule by id and index and
at a region with lines and columns (Unicode code points, as postlint counts them).
"""
from __future__ import annotations

import json
from pathlib import PurePosixPath
from typing import Any, TextIO
from urllib.parse import quote

from postlint.diagnostic import Diagnostic, Severity
from postlint.reporters import Report

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
#: relative paths are relative to the folder postlint ran in (the repository root in CI)
SOURCE_ROOT = "%SRCROOT%"


def rule_descriptor(rule: Any) -> dict:
    documentation = rule.documentation()
    descriptor = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary()},
        "fullDescription": {"text": documentation},
        "help": {"text": documentation, "markdown": documentation},
        "defaultConfiguration": {"level": LEVELS[rule.severity],
                                 "enabled": bool(rule.enabled_by_default)},
        "properties": {"fixable": bool(rule.fixable), "origin": rule.origin},
    }
    help_uri = rule.help_uri()
    if help_uri:
        descriptor["helpUri"] = help_uri
    return descriptor


def artifact_location(path: str) -> dict:
    posix = PurePosixPath(path)
    if posix.is_absolute():
        return {"uri": "file://" + quote(path)}
    return {"uri": quote(path), "uriBaseId": SOURCE_ROOT}


def region(d: Diagnostic) -> dict:
    span = d.span
    found = {"startLine": span.line, "startColumn": span.column}
    if (span.end_line, span.end_column) > (span.line, span.column):
        found.update(endLine=span.end_line, endColumn=span.end_column)
    return found


def result(d: Diagnostic, index: dict[str, int]) -> dict:
    found = {
        "ruleId": d.code,
        "level": LEVELS[d.severity],
        "message": {"text": d.message},
        "locations": [{"physicalLocation": {"artifactLocation": artifact_location(d.path),
                                            "region": region(d)}}],
    }
    if d.code in index:
        found["ruleIndex"] = index[d.code]
    if d.fixable:
        found["properties"] = {"fixable": True}
    return found


def document(report: Report) -> dict:
    rules = list(report.rules.values())
    index = {rule.code: i for i, rule in enumerate(rules)}
    driver = {"name": "postlint", "version": report.version, "semanticVersion": report.version,
              "rules": [rule_descriptor(rule) for rule in rules]}
    docs = rules[0].help_uri() if rules else None
    if docs:
        driver["informationUri"] = docs.split("#")[0]
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": driver},
            "columnKind": "unicodeCodePoints",
            "results": [result(d, index) for d in report.diagnostics],
        }],
    }


def render(report: Report, out: TextIO) -> None:
    json.dump(document(report), out, ensure_ascii=False, indent=1)
    out.write("\n")
