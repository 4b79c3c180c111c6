"""Heading ids as kramdown (Jekyll) and goldmark (Hugo) make them.

The expectations were observed with Debian's ruby-kramdown 2.4 (+ kramdown-parser-gfm 1.1,
`input: GFM` as Jekyll uses it) and hugo 0.111; when those are installed the tests also
render the headings and compare.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import write_tree
from postlint.links.anchors import heading_ids, html_ids
from postlint.post import Post
from postlint.site import Site

BODY = """# Hello World!

## 东财 滚动新闻 2021

## Hello World!

## 123 Start

## A *b* `c` [d](x)

## Custom {#my-id}

### Ünïcode & ümlaut

## -- dash --

## a_b.c: d

Setext
---

## See [the docs](https://x.org/a) now

## An ![alt](i.png) image

## Q&amp;A <span>x</span>

## It's "quoted"...
"""
KRAMDOWN = ["hello-world", "东财-滚动新闻-2021", "hello-world-1", "123-start", "a-b-c-d", "my-id",
            "ünïcode--ümlaut", "-dash-", "a_bc-d", "setext", "see-the-docs-now", "an--image",
            "qa-x", "its-quoted"]
GOLDMARK = ["hello-world", "东财-滚动新闻-2021", "hello-world-1", "123-start", "a-b-c-d", "my-id",
            "ünïcode--ümlaut", "-dash-", "a_bc-d", "setext", "see-the-docs-now",
            "an-alt-image", "qa-x", "its-quoted"]


def _post(text: str, generator: str = "plain", name: str = "a.md") -> Post:
    site = Site(Path("/site"), generator=generator)
    return Post.from_bytes(Path("/site") / name, name, text.encode(), site, True)


def test_kramdown_ids():
    assert heading_ids(_post("---\n---\n" + BODY, "jekyll")) == KRAMDOWN


def test_goldmark_ids():
    assert heading_ids(_post("---\n---\n" + BODY, "hugo")) == GOLDMARK


def test_html_ids_and_names():
    post = _post("---\n---\n<div id=\"a\"><a name='b'></a></div>\n\ntext <span id=c>x</span>\n")
    assert html_ids(post) == {"a", "b", "c"}


def _ids_in(html: str) -> list[str]:
    return re.findall(r'<h\d id="([^"]*)"', html)


@pytest.mark.skipif(shutil.which("ruby") is None, reason="ruby is not installed")
def test_kramdown_expectations_still_match_kramdown():
    script = ('require "kramdown"; require "kramdown-parser-gfm"; '
              'print Kramdown::Document.new(STDIN.read, input: "GFM").to_html')
    run = subprocess.run(["ruby", "-e", script], input=BODY, capture_output=True, text=True,
                         timeout=60)
    if run.returncode != 0:
        pytest.skip("ruby-kramdown is not installed")
    assert _ids_in(run.stdout) == KRAMDOWN


@pytest.mark.skipif(shutil.which("hugo") is None, reason="hugo is not installed")
def test_goldmark_expectations_still_match_hugo(tmp_path: Path):
    write_tree(tmp_path, {"hugo.toml": "baseURL = 'https://example.org/'\n",
                          "layouts/_default/single.html": "{{ .Content }}",
                          "content/a.md": "---\ntitle: a\n---\n" + BODY})
    subprocess.run(["hugo", "--quiet", "-s", str(tmp_path)], check=True, capture_output=True,
                   timeout=60)
    assert _ids_in((tmp_path / "public" / "a" / "index.html").read_text()) == GOLDMARK
