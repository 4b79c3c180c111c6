"""`--diff-base REF`: the files changed since a git ref, for pull-request checks.

Changed means: differs between the merge base of REF and HEAD and the working tree (added,
copied, modified, renamed or retyped: deleted files are gone), or is untracked and not
ignored. Paths come back absolute and resolved.
"""
from __future__ import annotations

import subprocess
from pathlib import Path

from postlint.config import ConfigError


class GitError(ConfigError):
    """git is missing, the folder is not in a repository, or the ref is unknown (exit 2)."""


def _git(cwd: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                              encoding="utf-8", errors="surrogateescape", check=False)
    except OSError as exc:
        raise GitError(f"--diff-base needs git: {exc.strerror or exc}") from None
    if done.returncode != 0:
        detail = (done.stderr.strip().splitlines() or ["failed"])[-1]
        raise GitError(f"--diff-base: git {args[0]}: {detail}")
    return done.stdout


def changed_files(ref: str, cwd: Path) -> set[Path]:
    if ref.startswith("-"):
        raise GitError(f"--diff-base: {ref!r} is not a git ref")
    top = Path(_git(cwd, "rev-parse", "--show-toplevel").strip())
    try:
        base = _git(cwd, "merge-base", ref, "HEAD").strip()
    except GitError as exc:
        raise GitError(f"{exc} (is {ref} fetched? a shallow clone needs `fetch-depth: 0`)") from None
    names = _git(cwd, "diff", "--name-only", "-z", "--no-ext-diff", "--diff-filter=ACMRT",
                 base, "--").split("\0")
    names += _git(top, "ls-files", "--others", "--exclude-standard", "-z").split("\0")
    return {(top / name).resolve() for name in names if name}
