"""The real `pre-commit try-repo` against this repository's hooks, on a temporary site.

try-repo installs the hook from a git repository at a commit. So that the test checks the
working tree as it is (uncommitted and untracked files included), it snapshots the files git
would track (`git ls-files --cached --others --exclude-standard`) into a temporary repository
with one commit. pre-commit installs postlint from it into a new environment on each call
(try-repo uses a temporary store); PyPI (or the configured index) must be reachable for
postlint's dependencies.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DEFAULT_JEKYLL_CONFIG, GIT_ENV, REPO, git, write_tree

pytest.importorskip("pre_commit")
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

GOOD = "---\nlayout: post\ntitle: Good\ndate: 2021-01-01 10:00:00 +0800\n---\nA fine post.\n"
BAD = "---\nlayout: post\nlayout: post\ntitle: Bad\ndate: 2021-01-02 10:00:00 +0800\n---\nOops.\n"


def project_files() -> list[str]:
    if (REPO / ".git").exists():
        listed = git(REPO, "ls-files", "--cached", "--others", "--exclude-standard", "-z")
        return [name for name in listed.split("\0") if name and os.path.lexists(REPO / name)]
    skipped = {".git", ".venv", "build", "dist", "__pycache__", ".pytest_cache", ".postlint_cache"}
    return [p.relative_to(REPO).as_posix() for p in REPO.rglob("*")
            if (p.is_file() or p.is_symlink()) and not skipped & set(p.relative_to(REPO).parts)]


@pytest.fixture(scope="session")
def hook_repo(tmp_path_factory) -> Path:
    """A one-commit copy of this repository's working tree."""
    snapshot = tmp_path_factory.mktemp("postlint-repo")
    for name in project_files():
        target = snapshot / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, target, follow_symlinks=False)  # symlinks stay symlinks
    git(snapshot, "init", "-q")
    git(snapshot, "add", "-A")
    git(snapshot, "commit", "-q", "-m", "snapshot")
    return snapshot


@pytest.fixture
def content_repo(tmp_path: Path) -> Path:
    write_tree(tmp_path, {"_config.yml": DEFAULT_JEKYLL_CONFIG, "README.md": "# notes, no front matter\n",
                          "_posts/2021-01-01-good.md": GOOD, "_posts/2021-01-02-bad.md": BAD})
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    return tmp_path


def try_repo(hook_repo: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_COLOR": "never"}
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), *args],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def test_hook_passes_on_a_good_post_and_fails_on_a_bad_one(hook_repo, content_repo):
    good = try_repo(hook_repo, content_repo, "postlint",
                    "--files", "_posts/2021-01-01-good.md", "README.md")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout

    bad = try_repo(hook_repo, content_repo, "postlint", "--all-files")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "Failed" in bad.stdout
    assert ("_posts/2021-01-02-bad.md:3:1: PL004 [error] duplicate key `layout` (lines 2 and 3): "
            "only the value on line 3 is kept") in bad.stdout
    assert "2021-01-01-good.md:" not in bad.stdout


def test_external_hook_runs_only_in_the_manual_stage(hook_repo, content_repo):
    default = try_repo(hook_repo, content_repo, "postlint-external", "--all-files")
    assert "No hook with id `postlint-external` in stage" in default.stdout + default.stderr
    manual = try_repo(hook_repo, content_repo, "postlint-external",
                      "--hook-stage", "manual", "--files", "_posts/2021-01-01-good.md")
    assert manual.returncode == 0, manual.stdout + manual.stderr
