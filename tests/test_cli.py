"""The command line: exit codes, formats, selection, configuration errors, fixes."""
from __future__ import annotations

import io
import json
import os
import shutil

import pytest

from conftest import REPO, run_postlint

EXAMPLE = REPO / "examples" / "jekyll-news"
GOOD = '---\nlayout: post\ntitle: "Fine"\ndate: 2021-12-08 10:00:00 +0800\n---\nBody.\n'
BAD = '---\ntitle: a\ntitle: b\n---\n'


def test_exit_0_when_clean(site):
    root = site({"_posts/2021-12-08-ok.md": GOOD})
    run = run_postlint(".", cwd=root)
    assert run.code == 0, run.out
    assert "All clear: 1 post in 1 file checked." in run.out


def test_exit_1_and_text_format(site):
    root = site({"_posts/2021-12-08-bad.md": BAD})
    run = run_postlint(".", cwd=root)
    assert run.code == 1
    assert run.out.splitlines()[0] == ("_posts/2021-12-08-bad.md:3:1: PL004 [error] duplicate key "
                                       "`title` (lines 2 and 3): only the value on line 3 is kept")


def test_exit_zero_flag(site):
    root = site({"_posts/2021-12-08-bad.md": BAD})
    assert run_postlint(".", "--exit-zero", cwd=root).code == 0


@pytest.mark.parametrize("args, message", [
    (["--format", "nope"], "invalid choice"),
    (["--select", "PL9"], "selects no rule"),
    (["--jobs", "0"], "--jobs must be at least 1"),
    (["--config", "missing.toml"], "not found"),
    (["rule", "PL999"], "no rule PL999"),
])
def test_exit_2_on_usage_errors(site, args, message):
    root = site({})
    run = run_postlint(*args, cwd=root)
    assert run.code == 2
    assert message in run.err and "Traceback" not in run.err


@pytest.mark.parametrize("toml, message", [
    ("[lint]\nselcet = ['PL']\n", "unknown key `selcet` in [lint] (did you mean `select`?)"),
    ("[lnit]\n", "unknown section [lnit] (did you mean `lint`?)"),
    ("[lint]\nfail-on = 'sometimes'\n", "fail-on must be error, warning or info"),
    ("[site]\nauthors = 'bots'\n", "authors must be auto, script or people"),
    ("[site]\nauthor = 'script'\n", "unknown key `author` in [site] (did you mean `authors`?)"),
    ("[rules.PL004]\nmax = 3\n", "[rules.PL004]: unknown option `max`"),
    ("[rules.PL999]\nseverity = 'info'\n", "[rules.PL999]: no such rule"),
    ("[site\n", "postlint.toml"),
])
def test_exit_2_on_config_errors(site, toml, message):
    root = site({"postlint.toml": toml, "_posts/2021-12-08-ok.md": GOOD})
    run = run_postlint(".", cwd=root)
    assert run.code == 2, run.out
    assert message in run.err


def test_pyproject_tool_table_is_read(site):
    root = site({"pyproject.toml": "[tool.postlint.lint]\nignore = ['PL004']\n",
                 "_posts/2021-12-08-bad.md": BAD})
    assert run_postlint(".", cwd=root).code == 0


def test_fail_on_and_severity_override(site):
    root = site({"postlint.toml": "[lint]\nfail-on = 'error'\n[rules.PL004]\nseverity = 'warning'\n",
                 "_posts/2021-12-08-bad.md": BAD})
    run = run_postlint(".", cwd=root)
    assert run.code == 0 and "PL004 [warning]" in run.out


def test_select_by_prefix_and_name(site):
    root = site({"_posts/2021-12-08-bad.md": BAD, "_posts/nodate.md": GOOD})
    codes = lambda *a: {r["code"] for r in run_postlint(".", "--format", "jsonl", *a, cwd=root).records}
    assert codes() == {"PL004", "PL007"}
    assert codes("--select", "duplicate-key") == {"PL004"}
    assert codes("--ignore", "PL00") == set()
    assert codes("--select", "PL0", "--ignore", "PL004") == {"PL007"}


def test_per_file_ignores(site):
    root = site({"postlint.toml": "[lint.per-file-ignores]\n'_posts/2021-*' = ['PL004']\n",
                 "_posts/2021-12-08-bad.md": BAD, "_posts/2022-12-08-bad.md": BAD})
    paths = {r["path"] for r in run_postlint(".", "--format", "jsonl", "--ignore", "PL6",
                                             cwd=root).records}
    assert paths == {"_posts/2022-12-08-bad.md"}


def test_inline_suppressions(site):
    post = ("---\ntitle: a\ntitle: b  # postlint: ignore[PL004]\nx: 1\nx: 2\n---\n"
            "<!-- postlint-disable PL008 -->\n<<<<<<< a\n=======\n>>>>>>> b\n<!-- postlint-enable -->\n"
            "<!-- postlint-disable-next-line conflict-marker -->\n<<<<<<< c\n>>>>>>> d\n")
    root = site({"_posts/2021-12-08-s.md": post})
    lines = [(r["code"], r["line"]) for r in run_postlint(".", "--format", "jsonl", "--select", "PL0",
                                                          cwd=root).records]
    assert lines == [("PL004", 5), ("PL008", 14)]


def test_json_format_contract():
    run = run_postlint(str(EXAMPLE), "--format", "json")
    document = json.loads(run.out)
    assert document["version"] == 1 and document["tool"]["name"] == "postlint"
    assert set(document["summary"]) >= {"files", "posts", "errors", "warnings", "infos"}
    first = document["diagnostics"][0]
    assert list(first) == ["path", "line", "column", "end_line", "end_column", "code", "name",
                           "severity", "message", "fixable"]
    assert document["summary"]["errors"] == sum(d["severity"] == "error"
                                                for d in document["diagnostics"])


def test_github_format_is_default_under_actions(site, monkeypatch):
    root = site({"_posts/2021-12-08-bad.md": BAD})
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    run = run_postlint(".", cwd=root)
    assert run.out.startswith("::error file=_posts/2021-12-08-bad.md,line=3,col=1,")
    assert "title=PL004 duplicate-key::duplicate key" in run.out


def test_rules_and_rule_commands():
    listing = run_postlint("rules").out
    assert listing.splitlines()[0].split() == ["code", "name", "severity", "fix", "default", "origin"]
    assert any(l.startswith("PL004") and l.rstrip().endswith("builtin") for l in listing.splitlines())
    doc = run_postlint("rule", "duplicate-key").out
    assert doc.startswith("PL004 duplicate-key [error]") and "## Why is this bad" in doc


def test_statistics(site):
    root = site({"_posts/2021-12-08-bad.md": BAD})
    assert "     1  PL004  duplicate-key" in run_postlint(".", "--statistics", cwd=root).out


def test_output_file(site):
    root = site({"_posts/2021-12-08-bad.md": BAD})
    run = run_postlint(".", "--format", "json", "--output-file", "out/report.json", cwd=root)
    assert run.out == "" and json.loads((root / "out/report.json").read_text())["summary"]["errors"] == 1


def test_fix_diff_writes_nothing_and_fix_is_idempotent(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(EXAMPLE, site)
    bom_post = site / "_posts/2022-01-20-202201202250000000.md"
    before = bom_post.read_bytes()
    run = run_postlint(".", "--diff", cwd=site)
    assert "+++ b/_posts/2021-12-08-202112082206703990.md" in run.out
    assert bom_post.read_bytes() == before
    first = run_postlint(".", "--fix", "--unsafe-fixes", "--format", "jsonl", cwd=site)
    assert not bom_post.read_bytes().startswith(b"\xef\xbb\xbf")
    assert not any(r["fixable"] for r in first.records)
    snapshot = {p: p.read_bytes() for p in site.rglob("*.md")}
    run_postlint(".", "--fix", "--unsafe-fixes", cwd=site)
    assert snapshot == {p: p.read_bytes() for p in site.rglob("*.md")}


def test_no_file_written_without_fix(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(EXAMPLE, site)
    snapshot = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in site.rglob("*") if p.is_file()}
    run_postlint(".", "--format", "json", "--no-cache", cwd=site)
    assert snapshot == {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in site.rglob("*") if p.is_file()}


def test_jobs_give_identical_output(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(EXAMPLE, site)
    posts = site / "_posts"
    for i in range(80):  # enough files to go parallel
        shutil.copy(posts / "2022-01-10-202201102241111111.md", posts / f"2022-02-{i % 28 + 1:02d}-copy{i}.md")
    one = run_postlint(".", "--format", "json", "--jobs", "1", cwd=site).out
    two = run_postlint(".", "--format", "json", "--jobs", "2", cwd=site).out
    assert one == two and json.loads(one)["summary"]["posts"] > 80


def test_internal_error_one_line_and_debug_traceback(site, monkeypatch):
    root = site({"_posts/2021-12-08-ok.md": GOOD})
    monkeypatch.setattr("postlint.engine.Linter.run", lambda *a, **k: 1 / 0)
    run = run_postlint(".", cwd=root)
    assert run.code == 2 and "Traceback" not in run.err
    assert run.err.startswith("postlint: internal error: ZeroDivisionError")
    assert "Traceback" in run_postlint(".", "--debug", cwd=root).err


def test_crashing_rule_becomes_pl000_and_others_still_run(site, monkeypatch):
    root = site({"_posts/2021-12-08-bad.md": BAD})
    monkeypatch.setattr("postlint.rules.frontmatter.ConflictMarker.check",
                        lambda self, post, ctx: iter([1 / 0]))
    records = run_postlint(".", "--format", "jsonl", "--jobs", "1", cwd=root).records
    assert {r["code"] for r in records} == {"PL000", "PL004"}
    crash = next(r for r in records if r["code"] == "PL000")
    assert "rule PL008 (conflict-marker) crashed on this file: ZeroDivisionError" in crash["message"]


def test_closed_pipe_is_not_an_internal_error(tmp_path):
    import subprocess
    import sys
    site = tmp_path / "site"
    shutil.copytree(EXAMPLE, site)
    noisy = (site / "_posts/2021-12-08-202112082206675512.md").read_text(encoding="utf-8")
    for i in range(600):  # far more output than a pipe buffer holds
        (site / f"_posts/2021-11-{i % 28 + 1:02d}-copy{i}.md").write_text(noisy, encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "postlint", ".", "--no-cache", "-j1"], cwd=site,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.readline()
    process.stdout.close()  # as `| head -1` does
    process.wait(timeout=60)
    assert b"internal error" not in process.stderr.read()


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("cache", [True, False])
def test_progress_of_files_linted_only_on_a_terminal_and_not_with_quiet(site, cache):
    from postlint.cli import main

    root = site({f"_posts/2021-01-{i:02}-p.md": f"---\ntitle: p{i}\n---\nBody {i}.\n"
                 for i in range(1, 13)})
    old = os.getcwd()
    os.chdir(root)
    try:
        runs = {}
        for name, stderr, extra in (("tty", _Terminal(), []), ("pipe", io.StringIO(), []),
                                    ("quiet", _Terminal(), ["--quiet"])):
            out = io.StringIO()
            args = [*extra, "--jobs", "1"] + ([] if cache else ["--no-cache"])
            assert main(args, stdout=out, stderr=stderr) == 0
            runs[name] = stderr.getvalue()
    finally:
        os.chdir(old)
    assert "files linted:" in runs["tty"] and "/12 [" in runs["tty"]
    assert runs["tty"].endswith("\r")  # cleared when done: the report follows on a clean line
    assert runs["pipe"] == "" and runs["quiet"] == ""
