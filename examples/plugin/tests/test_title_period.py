"""The plugin's own tests: its rule on a post, with no registry involved."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the plugin, uninstalled

from postlint.config import Config
from postlint.context import Context
from postlint.post import Post
from postlint.site import Site
from postlint_example_plugin import TitleEndsWithPeriod


def findings(text: str):
    site = Site(root=Path("."), generator="jekyll")
    post = Post.from_bytes(Path("_posts/2021-01-01-x.md"), "x.md", text.encode(), site, True)
    return list(TitleEndsWithPeriod().check(post, Context(Config(), site)))


def test_reports_the_stop_inside_the_quotes():
    [finding] = findings('---\ntitle: "Rates stay on hold."\n---\n')
    assert (finding.span.line, finding.span.column) == (2, 27)
    assert finding.fix.edits[0].start == 4 + len('title: "Rates stay on hold')


def test_chinese_full_stop_plain_scalar():
    [finding] = findings("---\ntitle: 利率保持不变。\n---\n")
    assert (finding.span.line, finding.span.column) == (2, 14)


def test_ellipsis_and_no_stop_are_fine():
    assert findings('---\ntitle: "Wait..."\n---\n') == []
    assert findings("---\ntitle: Rates stay on hold\n---\n") == []
