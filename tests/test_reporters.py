"""Output formats on one shared sample: SARIF against the official schema, JUnit through
xml.etree, GitHub workflow commands against their syntax, and --output-file."""
from __future__ import annotations

import io
import json
import re
from urllib.parse import unquote
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema
import pytest

from conftest import run_postlint

SARIF_SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"

SAMPLE = {
    # PL004 (a range), PL007 (a point), in a file whose name needs escaping and encoding
    "_posts/2021-12-08 a,b:c%.md": "---\ntitle: a\ntitle: b\n---\nBody.\n",
    # PL005 warning for a BOM, PL601 with the other post (of the same day) named
    "_posts/2021-12-09-x.md": "\ufeff---\ntitle: 标题\n---\nOne body.\n",
    "_posts/2021-12-09-y.md": "---\ntitle: 标题\n---\nAnother body.\n",
    "_posts/2021-12-11-clean.md": "---\ntitle: Clean\n---\nClean body.\n",
}


@pytest.fixture
def sample(site) -> Path:
    return site(SAMPLE)


def lint(root: Path, fmt: str, *extra: str):
    run = run_postlint(".", "--format", fmt, *extra, cwd=root)
    assert run.code == 1, run.err
    return run


def expected(root: Path) -> list[dict]:
    return lint(root, "jsonl").records


def test_sarif_validates_against_the_schema_and_carries_every_diagnostic(sample):
    document = json.loads(lint(sample, "sarif").out)
    jsonschema.validate(document, json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")))
    run = document["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    by_id = {rule["id"]: rule for rule in rules}
    assert by_id["PL601"]["name"] == "duplicate-title"
    assert by_id["PL601"]["defaultConfiguration"]["level"] == "warning"
    assert by_id["PL601"]["shortDescription"]["text"].startswith("Two posts with the same title")
    assert "## Why is this bad" in by_id["PL601"]["fullDescription"]["text"]
    assert by_id["PL601"]["helpUri"].startswith("https://")
    records = expected(sample)
    assert len(run["results"]) == len(records) >= 4
    for found, record in zip(run["results"], records):
        assert rules[found["ruleIndex"]]["id"] == found["ruleId"] == record["code"]
        assert found["message"]["text"] == record["message"]
        assert found["level"] == {"error": "error", "warning": "warning", "info": "note"}[record["severity"]]
        location = found["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        uri = location["artifactLocation"]["uri"]
        assert unquote(uri) == record["path"] and " " not in uri and ":" not in uri
        region = location["region"]
        assert (region["startLine"], region["startColumn"]) == (record["line"], record["column"])
        if (record["end_line"], record["end_column"]) != (record["line"], record["column"]):
            assert (region["endLine"], region["endColumn"]) == (record["end_line"], record["end_column"])


def test_junit_has_one_test_case_per_file_and_a_failure_per_diagnostic(sample):
    root = ET.fromstring(lint(sample, "junit").out)
    suite = root.find("testsuite")
    cases = {case.get("name"): case for case in suite.findall("testcase")}
    assert sorted(cases) == sorted(SAMPLE)
    records = expected(sample)
    for path, case in cases.items():
        mine = [r for r in records if r["path"] == path]
        failures = case.findall("failure")
        assert [f.get("type").split()[0] for f in failures] == [r["code"] for r in mine]
        assert [f.text for f in failures] == [
            f"{path}:{r['line']}:{r['column']}: {r['code']} [{r['severity']}] {r['message']}" for r in mine]
    assert cases["_posts/2021-12-11-clean.md"].findall("failure") == []
    assert suite.get("tests") == "4" and suite.get("failures") == "3"


WORKFLOW_COMMAND = re.compile(
    r"::(?P<level>error|warning|notice) "
    r"file=(?P<file>[^,:]+),line=(?P<line>\d+),col=(?P<col>\d+)"
    r"(?:,endLine=(?P<end_line>\d+),endColumn=(?P<end_col>\d+))?"
    r",title=(?P<title>[^,:]+)::(?P<message>[^\r\n]*)")


def unescape(text: str) -> str:
    for escaped, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(escaped, char)
    return text


def test_github_annotations_follow_the_workflow_command_syntax(sample):
    lines = lint(sample, "github").out.splitlines()
    records = expected(sample)
    assert len(lines) == len(records)
    for line, record in zip(lines, records):
        match = WORKFLOW_COMMAND.fullmatch(line)
        assert match, line
        assert unescape(match["file"]) == record["path"]
        assert (int(match["line"]), int(match["col"])) == (record["line"], record["column"])
        assert unescape(match["title"]) == f"{record['code']} {record['name']}"
        assert unescape(match["message"]) == record["message"]
        assert match["level"] == {"error": "error", "warning": "warning", "info": "notice"}[record["severity"]]


def test_github_is_the_default_under_github_actions(sample, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert run_postlint(".", cwd=sample).out == lint(sample, "github").out


@pytest.mark.parametrize("fmt", ["text", "json", "jsonl", "sarif", "junit", "github", "markdown"])
def test_output_file_holds_exactly_what_stdout_would(sample, fmt):
    printed = lint(sample, fmt).out
    run = lint(sample, fmt, "--output-file", "reports/out.txt")
    written = (sample / "reports" / "out.txt").read_text(encoding="utf-8")
    if fmt == "text":  # the summary line goes to the terminal only
        assert printed.startswith(written) and written
    else:
        assert written == printed and run.out == ""


@pytest.mark.parametrize("count", [0, 1, 4001])
def test_json_is_written_in_pieces_exactly_as_one_dumps_would(count):
    from postlint.diagnostic import Diagnostic, Severity, Span
    from postlint.reporters import Report
    from postlint.reporters import json as json_reporter

    diagnostics = [Diagnostic(f"_posts/{i:05}.md", Span(i + 1, 2, i + 1, 9), "PL405", "n",
                              Severity.WARNING, f"消息 {i} \"quoted\"") for i in range(count)]
    fixed = [{"path": "_posts/x.md", "code": "PL101"}]
    report = Report(diagnostics, count, count, {}, {"fixed_entries": fixed})
    out = io.StringIO()
    json_reporter.render(report, out)
    whole = {"version": 1, "tool": {"name": "postlint", "version": report.version},
             "summary": report.summary(), "diagnostics": [d.to_dict() for d in diagnostics],
             "fixed": fixed}
    assert out.getvalue() == json.dumps(whole, ensure_ascii=False) + "\n"


def test_markdown_summary_counts_every_rule_and_lists_the_findings_as_the_json_does(sample):
    text = lint(sample, "markdown").out
    records = expected(sample)
    assert text.startswith(f"### postlint: {len(records)} problems in 4 posts\n")
    rows = re.findall(r"^\| \[(PL\d+)\]\((https://[^)]+)\) \| ([a-z-]+) \| (\w+) \| (\d+) \|$", text, re.M)
    counts = {}
    for r in records:
        counts[r["code"], r["name"], r["severity"]] = counts.get((r["code"], r["name"], r["severity"]), 0) + 1
    assert {(code, name, severity): int(n) for code, _, name, severity, n in rows} == counts
    assert all(uri.endswith("#" + code.lower()) for code, uri, *_ in rows)
    items = re.findall(r"^- `(.+):(\d+):(\d+)` \*\*(PL\d+)\*\* (\w+): (.*)$", text, re.M)
    assert [(p, int(l), int(c), code, sev) for p, l, c, code, sev, _ in items] == [
        (r["path"], r["line"], r["column"], r["code"], r["severity"]) for r in records]


def test_markdown_keeps_code_spans_and_escapes_the_rest():
    from postlint.reporters.markdown import inline

    assert inline("`<p>` is | *open*\nhere") == "`<p>` is \\| \\*open\\* here"
    assert inline("a <script> tag, [x](y) and `a | b`") == (
        "a &lt;script&gt; tag, \\[x\\](y) and `a | b`")
    assert inline("one ` backtick") == "one \\` backtick"


def test_markdown_lists_the_first_findings_and_what_the_baseline_hid(site):
    from postlint.diagnostic import Diagnostic, Severity, Span
    from postlint.reporters import Report
    from postlint.reporters import markdown

    diagnostics = [Diagnostic(f"_posts/{i:03}.md", Span(2, 1, 2, 5), "PL102", "empty-field",
                              Severity.ERROR, "`title` is empty") for i in range(60)]
    report = Report(diagnostics, 70, 70, {}, {"baseline": 7, "fixed": 2, "fixed_entries": []})
    out = io.StringIO()
    markdown.render(report, out)
    text = out.getvalue()
    assert "<summary>First 50 of 60 findings</summary>" in text
    assert text.count("\n- `_posts/") == 50 and "… and 10 more" in text
    assert "| PL102 | empty-field | error | 60 |" in text  # no documentation link without the rule
    assert text.rstrip().endswith("The baseline hid 7 known problems; 2 baseline entries no longer "
                                  "found (`postlint baseline` updates the file).")


def test_markdown_of_a_clean_run_is_one_line():
    from postlint.reporters import Report
    from postlint.reporters import markdown

    out = io.StringIO()
    markdown.render(Report([], 3, 1, {}, {}), out)
    assert out.getvalue() == "### postlint: no problems in 1 post ✅\n\n"
