"""Baseline adoption on the finews corpus: freeze today's findings, fail only on new ones."""
from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest

from conftest import CORPUS, run_postlint
from postlint.baseline import span_text
from postlint.diagnostic import Span

BASELINE = ".postlint-baseline.json"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "finews"
    shutil.copytree(CORPUS, root)
    return root


def lint_json(root: Path, *args: str):
    run = run_postlint(".", "--baseline", BASELINE, "--format", "json", *args, cwd=root)
    assert run.code in (0, 1), run.err
    return run


def post_with_most_findings(root: Path) -> str:
    entries = json.loads((root / BASELINE).read_text(encoding="utf-8"))["findings"]
    counts = Counter()
    for entry in entries:
        if entry["path"].startswith("_posts/") and (root / entry["path"]).read_text("utf-8").startswith("---\n"):
            counts[entry["path"]] += entry["count"]
    return counts.most_common(1)[0][0]


def test_baseline_freezes_findings_and_fails_only_on_new_ones(corpus):
    before = run_postlint(".", "--format", "json", cwd=corpus).json["summary"]
    assert before["errors"] + before["warnings"] > 0

    written = run_postlint("baseline", ".", cwd=corpus)
    assert written.code == 0 and written.out.startswith("Wrote "), written.err
    clean = lint_json(corpus)
    assert clean.code == 0
    summary = clean.json["summary"]
    assert summary["errors"] == summary["warnings"] == summary["infos"] == 0
    assert summary["baseline"] == before["errors"] + before["warnings"] + before["infos"]
    assert summary["fixed"] == 0 and clean.json["fixed"] == []

    # one new defect: a duplicate key in an old post
    victim = corpus / "_posts" / "2021-12-08-202112082206672930.md"
    text = victim.read_text(encoding="utf-8")
    victim.write_text(text.replace("layout: post\n", "layout: post\nlayout: post\n", 1), encoding="utf-8")
    new = lint_json(corpus)
    assert new.code == 1
    assert [(d["path"], d["line"], d["code"]) for d in new.json["diagnostics"]] == [
        ("_posts/2021-12-08-202112082206672930.md", 3, "PL004")]
    victim.write_text(text, encoding="utf-8")

    # lines move in the post with the most known findings: still nothing new
    moved = corpus / post_with_most_findings(corpus)
    lines = moved.read_text(encoding="utf-8").split("\n")
    end = lines.index("---", 1)
    front = lines[1:end]
    moved.write_text("\n".join(["---", *front[::-1], "---", "", "", *lines[end + 1:]]),
                     encoding="utf-8")
    after = lint_json(corpus)
    assert after.code == 0, after.json["diagnostics"]
    assert after.json["summary"]["baseline"] == summary["baseline"]


def test_fixed_entries_are_reported_and_do_not_fail(corpus):
    assert run_postlint("baseline", cwd=corpus).code == 0
    (corpus / "_posts" / "2022-04-21-NW202204212352230938.md").unlink()
    run = lint_json(corpus)
    assert run.code == 0
    fixed = run.json["fixed"]
    assert {"path": "_posts/2022-04-21-202204212352230938.md", "code": "PL601", "count": 1,
            "message": "same title as `_posts/2022-04-21-NW202204212352230938.md`"} in fixed
    # the other post's PL601 entry, and every entry of the deleted post
    deleted = "_posts/2022-04-21-NW202204212352230938.md"
    assert run.json["summary"]["fixed"] == len(fixed)
    assert [e for e in fixed if e["path"] != deleted] == [
        {"path": "_posts/2022-04-21-202204212352230938.md", "code": "PL601", "count": 1,
         "message": "same title as `_posts/2022-04-21-NW202204212352230938.md`"}]
    assert any(e["path"] == deleted and e["code"] == "PL601" for e in fixed)
    text = run_postlint(".", "--baseline", BASELINE, cwd=corpus).out
    assert "_posts/2022-04-21-202204212352230938.md: PL601 fixed: same title as" in text
    assert f"; {len(fixed)} baseline entries fixed (`postlint baseline` updates the file)." in text


def test_partial_run_keeps_other_files_entries_and_reports_no_false_fixes(corpus):
    assert run_postlint("baseline", cwd=corpus).code == 0
    whole = json.loads((corpus / BASELINE).read_text(encoding="utf-8"))
    one = "_posts/2022-04-21-NW202204212352230938.md"
    run = run_postlint(one, "--baseline", BASELINE, "--format", "json", cwd=corpus)
    assert run.code == 0 and run.json["fixed"] == []
    assert run_postlint("baseline", one, cwd=corpus).code == 0
    assert json.loads((corpus / BASELINE).read_text(encoding="utf-8")) == whole


def test_configured_baseline_and_its_errors(site):
    root = site({"_posts/2021-12-08-x.md": "---\ntitle: a\ntitle: b\n---\n",
                 "postlint.toml": "[lint]\nbaseline = 'lint/baseline.json'\n"})
    missing = run_postlint(".", cwd=root)
    assert missing.code == 2 and "baseline file" in missing.err and "postlint baseline" in missing.err
    assert run_postlint("baseline", cwd=root).code == 0
    assert (root / "lint" / "baseline.json").is_file()
    assert run_postlint(".", cwd=root).code == 0
    (root / "lint" / "baseline.json").write_text("[1, 2]", encoding="utf-8")
    broken = run_postlint(".", cwd=root)
    assert broken.code == 2 and "is not a postlint baseline" in broken.err


def test_equal_findings_are_counted(site):
    root = site({"_posts/2021-12-08-x.md": "---\ntitle: x\ntitle: x\n---\n"})
    assert run_postlint("baseline", cwd=root).code == 0
    (root / "_posts/2021-12-08-x.md").write_text("---\ntitle: x\ntitle: x\ntitle: x\n---\n", encoding="utf-8")
    run = run_postlint(".", "--baseline", BASELINE, "--format", "json", cwd=root)
    assert run.code == 1 and run.json["summary"]["baseline"] == 1
    assert [d["line"] for d in run.json["diagnostics"]] == [4]


@pytest.mark.parametrize("span, text", [
    (Span(2, 3, 2, 6), "tle"),
    (Span(2, 1, 3, 5), "title: x date"),
    (Span.point(3), "date: 2021"),
    (Span.point(9), ""),
])
def test_span_text(span, text):
    assert span_text("---\r\ntitle: x\r\ndate:   2021\r\n", span) == text


def test_an_anchor_gives_the_key_reading_the_file_gives(tmp_path: Path):
    from postlint.baseline import Fingerprinter
    from postlint.diagnostic import Diagnostic, Severity

    post = tmp_path / "_posts" / "a.md"
    post.parent.mkdir()
    text = "---\r\ntitle:   Hello \r\n---\r\n<p>\r\n  one\r\n</p>\r\n"
    post.write_text(text, encoding="utf-8", newline="")
    spans = [Span(2, 1, 2, 16), Span(4, 1, 6, 5), Span.point(5)]
    found = [Diagnostic("_posts/a.md", span, "PL501", "n", Severity.ERROR, "m") for span in spans]
    read = [Fingerprinter(tmp_path, tmp_path).key(d) for d in found]
    post.unlink()  # a key from an anchor never reads the file
    anchored = Fingerprinter(tmp_path, tmp_path)
    assert [anchored.key(d, span_text(text, d.span)) for d in found] == read
    assert [span_text(text, s) for s in spans] == ["title: Hello", "<p> one </p>", "one"]
