"""Shared test helpers: a temporary site on disk and an in-process `postlint` run."""
from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from postlint.cli import main

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus" / "finews"

#: where the generators from npm are installed (`.ci/run` sets it; their tests skip without them)
NPM_CACHE = Path(os.environ.get("POSTLINT_NPM_CACHE", "/work/npm-cache"))
DEFAULT_JEKYLL_CONFIG = "url: https://example.com\ntimezone: Asia/Shanghai\n"
#: git with a fixed identity and no user or system configuration
GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.com", "GIT_CONFIG_GLOBAL": os.devnull,
           "GIT_CONFIG_NOSYSTEM": "1"}


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True,
                          env={**os.environ, **GIT_ENV}).stdout


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def json(self) -> dict:
        return json.loads(self.out)

    @property
    def records(self) -> list[dict]:
        return [json.loads(line) for line in self.out.splitlines() if line.strip()]


def run_postlint(*args: str, cwd: Path | None = None) -> Run:
    out, err = io.StringIO(), io.StringIO()
    old = Path.cwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        code = main(list(args), stdout=out, stderr=err)
    finally:
        os.chdir(old)
    return Run(code, out.getvalue(), err.getvalue())


def copy_site(source: Path, tmp_path: Path) -> Path:
    """A copy of a fixture site under `tmp_path` (its name kept), for runs that write a cache
    or a build."""
    root = tmp_path / source.name
    shutil.copytree(source, root)
    return root


def write_tree(root: Path, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.encode("utf-8"))


@pytest.fixture
def site(tmp_path: Path):
    """A Jekyll site in a temporary folder; call it with {relpath: content} to add files."""
    write_tree(tmp_path, {"_config.yml": DEFAULT_JEKYLL_CONFIG})

    def add(files: dict[str, str | bytes]) -> Path:
        write_tree(tmp_path, files)
        return tmp_path

    add.root = tmp_path
    return add


@pytest.fixture(autouse=True, scope="session")
def corpus_stays_untouched():
    """Tests read the shared corpus in place: none may leave a cache (or anything) in it."""
    yield
    assert not (CORPUS / ".postlint_cache").exists(), "a test linted the corpus without --no-cache"


def pytest_collection_modifyitems(config, items):
    """Skip, rather than fail, the tests that read the sample corpus when it is not beside the
    repository (a fresh clone of postlint alone); CI has it."""
    if CORPUS.is_dir():
        return
    skip = pytest.mark.skip(reason=f"the sample corpus is not at {CORPUS}")
    for item in items:
        functions = [getattr(item, "function", None)]
        functions += [d.func for defs in item._fixtureinfo.name2fixturedefs.values() for d in defs
                      if d.func.__module__ != __name__]  # this file's fixtures never need it
        if any("CORPUS" in f.__code__.co_names for f in functions if hasattr(f, "__code__")):
            item.add_marker(skip)
