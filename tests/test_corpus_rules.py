"""PL6 on the whole finews corpus, and how the engine treats corpus findings."""
from __future__ import annotations

import csv
from collections import defaultdict

import pytest

from conftest import CORPUS, run_postlint


def duplicate_pairs_in_defects() -> set[frozenset[str]]:
    groups = defaultdict(set)
    with open(CORPUS / "DEFECTS.tsv", encoding="utf-8") as stream:
        for row in csv.DictReader(stream, delimiter="\t"):
            if row["defect"].startswith("duplicate_article_"):
                groups[row["defect"]].add(row["file"])
    return {frozenset(files) for files in groups.values()}


@pytest.mark.parametrize("jobs", ["1", "4"])
def test_finews_duplicates_are_exactly_the_known_pairs(jobs):
    run = run_postlint(".", "--select", "PL6", "--format", "jsonl", "--jobs", jobs, "--no-cache",
                       cwd=CORPUS)
    assert run.code == 1, run.err
    found = defaultdict(set)
    for record in run.records:
        other = record["message"].split("`")[1]
        found[record["code"]].add(frozenset({record["path"], other}))
    # DEFECTS.tsv pairs posts by their eastmoney id; one flash item was also published twice
    # under two ids, 12 seconds apart, with one body (a sentence of 23 words, CJK characters
    # counted as words): PL603 finds it since it counts words, not characters
    same_flash = frozenset({"_posts/2021-12-08-202112082206748961.md",
                            "_posts/2021-12-08-202112082206749391.md"})
    assert set().union(*found.values()) == duplicate_pairs_in_defects() | {same_flash}
    assert len(found["PL601"]) == 5 and len(found["PL603"]) == 2 and same_flash in found["PL603"]


def test_only_given_files_are_reported_and_the_others_are_named():
    given = "_posts/2022-04-21-NW202204212352230938.md"
    run = run_postlint(given, "_posts/2021-12-01-init.md", "--select", "PL6", "--format", "jsonl",
                       "--no-cache", cwd=CORPUS)
    assert [(r["path"], r["code"], r["message"]) for r in run.records] == [
        (given, "PL601", "same title as `_posts/2022-04-21-202204212352230938.md`")]


def test_corpus_findings_honour_suppressions_and_per_file_ignores(site):
    body = ("The quarterly report shows revenue up by ten percent, and costs down by three, "
            "while the board expects the same next year.\n")
    root = site({
        "_posts/2021-01-01-a.md": f"---\ntitle: A\n---\n{body}",
        "_posts/2021-01-02-b.md": f"---\ntitle: A\n---\n<!-- postlint-disable PL603 -->\n{body}",
        "_posts/2021-01-03-c.md": "---\ntitle: C  # postlint: ignore[duplicate-title]\n---\nC\n",
        "_posts/2021-01-04-c.md": "---\ntitle: c\n---\nD\n",
        "postlint.toml": '[site]\nauthors = "script"\n\n'
                         '[lint]\nper-file-ignores = { "_posts/2021-01-04-*" = ["PL6"] }\n',
    })
    run = run_postlint("--select", "PL6", "--format", "jsonl", cwd=root)
    assert [(r["path"], r["code"]) for r in run.records] == [
        ("_posts/2021-01-01-a.md", "PL601"), ("_posts/2021-01-01-a.md", "PL603"),
        ("_posts/2021-01-02-b.md", "PL601")]
