"""Fixture Jekyll sites written the way real ones are (tests/sites/jekyll-*): postlint reports
exactly their real defects, and, where Debian's `jekyll` is installed, the URL index and the
heading ids agree with what `jekyll build` writes."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import copy_site, run_postlint
from postlint.links.anchors import heading_ids
from postlint.post import Post
from postlint.site import load_site
from postlint.urls import UrlIndex

SITES = Path(__file__).parent / "sites"
#: each fixture site's real defects: what the built site gets wrong, and nothing else
DEFECTS = {
    "jekyll-as-used": [
        "_guides/advanced/tuning.md:8:1 PL008",  # a merge conflict left in a collection page
        "_guides/advanced/tuning.md:10:1 PL008",
        "_guides/advanced/tuning.md:12:1 PL008",
        "_guides/setup.md:8:55 PL403",  # /about/ has no #nope
        "index.md:9:25 PL402",  # no /guides/missing/
        "index.md:9:58 PL402",  # _recipes has no output: /recipes/soup/ is never written
    ],
    "jekyll-pages-plugins": [
        "docs/guide/intro.md:5:57 PL403",  # the docs index has no #nope
        "index.md:7:18 PL402",  # no docs/guide/missing.md to link to
    ],
}
#: the plugins each fixture needs to build (Debian packages them as ruby-jekyll-*)
PLUGINS = {"jekyll-as-used": ["jekyll-redirect-from"],
           "jekyll-pages-plugins": ["jekyll-optional-front-matter", "jekyll-readme-index",
                                    "jekyll-relative-links"]}


def _has_plugins(name: str) -> bool:
    """Can Ruby load the fixture's plugins (and is jekyll there at all)?"""
    if shutil.which("jekyll") is None or shutil.which("ruby") is None:
        return False
    requires = "; ".join(f"require {plugin!r}" for plugin in ["jekyll", *PLUGINS[name]])
    return subprocess.run(["ruby", "-e", requires], capture_output=True).returncode == 0


def _skip_without_jekyll(name: str) -> None:
    if not _has_plugins(name):
        pytest.skip(f"jekyll with {', '.join(PLUGINS[name])} is not installed")


@pytest.mark.parametrize("name", sorted(DEFECTS))
def test_only_the_real_defects_are_reported(name: str, tmp_path: Path):
    root = copy_site(SITES / name, tmp_path)
    found = run_postlint("--format", "json", "--no-cache", cwd=root).json["diagnostics"]
    assert [f"{d['path']}:{d['line']}:{d['column']} {d['code']}" for d in found] == DEFECTS[name]


def _build(root: Path) -> Path:
    subprocess.run(["jekyll", "build", "--quiet", "-s", str(root), "-d", str(root / "_site")],
                   check=True, capture_output=True, timeout=120)
    return root / "_site"


def _written(url: str) -> str:
    return url + "index.html" if url.endswith("/") else url


@pytest.mark.parametrize("name", sorted(DEFECTS))
def test_url_index_is_what_jekyll_writes(name: str, tmp_path: Path):
    _skip_without_jekyll(name)
    root = copy_site(SITES / name, tmp_path)
    index = UrlIndex.build(load_site(root))
    built = _build(root)
    written = {"/" + os.path.relpath(os.path.join(folder, file), built)
               for folder, _dirs, files in os.walk(built) for file in files}
    assert {_written(url) for url in index.by_source.values()} <= written
    assert {path for path in written if not index.serves(path)} == set()


@pytest.mark.parametrize("name", sorted(DEFECTS))
def test_heading_ids_are_what_kramdown_writes(name: str, tmp_path: Path):
    _skip_without_jekyll(name)
    root = copy_site(SITES / name, tmp_path)
    site = load_site(root)
    index = UrlIndex.build(site)
    built = _build(root)
    compared = 0
    for source, url in index.by_source.items():
        if not source.endswith(".md"):
            continue
        html = (built / _written(url).lstrip("/")).read_text(encoding="utf-8")
        ids = re.findall(r"<h[1-6][^>]*\bid=\"([^\"]*)\"", html)
        path = root / source
        post = Post.from_bytes(path, source, path.read_bytes(), site, "_posts" in source)
        assert heading_ids(post) == ids, source
        compared += len(ids)
    assert compared > 0
