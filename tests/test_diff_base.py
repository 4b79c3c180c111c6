"""`--diff-base REF`: only the posts changed since REF are linted; corpus rules still see all."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import DEFAULT_JEKYLL_CONFIG, git, run_postlint, write_tree

BAD = "---\nlayout: post\nlayout: post\ntitle: {title}\n---\nBody of {title}.\n"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    write_tree(tmp_path, {
        "_config.yml": DEFAULT_JEKYLL_CONFIG,
        "postlint.toml": '[site]\nauthors = "script"   # titles compared across days\n',
        "_posts/2021-01-01-old.md": BAD.format(title="Old"),
        "_posts/2021-01-02-kept.md": BAD.format(title="Kept"),
        "_posts/2021-01-03-gone.md": BAD.format(title="Gone"),
    })
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "base")
    git(tmp_path, "checkout", "-q", "-b", "topic")
    write_tree(tmp_path, {"_posts/2021-01-01-old.md": BAD.format(title="Old, edited")})
    git(tmp_path, "rm", "-q", "_posts/2021-01-03-gone.md")
    write_tree(tmp_path, {"_posts/2021-02-01-new.md": BAD.format(title="Kept")})
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "topic")
    write_tree(tmp_path, {"_posts/2021-02-02-untracked.md": BAD.format(title="Untracked")})
    return tmp_path


def test_only_changed_posts_are_linted(repo):
    run = run_postlint("--diff-base", "main", "--format", "jsonl", cwd=repo)
    assert run.code == 1, run.err
    assert sorted({(r["path"], r["code"]) for r in run.records}) == [
        ("_posts/2021-01-01-old.md", "PL004"),
        ("_posts/2021-02-01-new.md", "PL004"),
        ("_posts/2021-02-01-new.md", "PL601"),  # same title as an unchanged post
        ("_posts/2021-02-02-untracked.md", "PL004"),
    ]
    assert [r["message"] for r in run.records if r["code"] == "PL601"] == [
        "same title as `_posts/2021-01-02-kept.md`"]


def test_diff_base_within_a_folder_and_when_nothing_changed(repo):
    run = run_postlint("_posts/2021-01-01-old.md", "--diff-base", "main", "--format", "jsonl", cwd=repo)
    assert {r["path"] for r in run.records} == {"_posts/2021-01-01-old.md"}
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "all")
    clean = run_postlint("--diff-base", "HEAD", cwd=repo)
    assert clean.code == 0 and "All clear: 0 posts" in clean.out


def test_diff_base_errors_are_one_line(repo, tmp_path_factory):
    bad_ref = run_postlint("--diff-base", "no-such-ref", cwd=repo)
    assert bad_ref.code == 2 and bad_ref.err.count("\n") == 1 and "no-such-ref" in bad_ref.err
    outside = tmp_path_factory.mktemp("not-a-repo")
    not_repo = run_postlint("--diff-base", "main", cwd=outside)
    assert not_repo.code == 2 and not_repo.err.startswith("postlint: error: --diff-base")
