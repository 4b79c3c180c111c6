"""`postlint init`: a config, schema and vocabulary inferred from the posts, that lint them clean."""
from __future__ import annotations

import yaml

from conftest import run_postlint

POST = """---
layout: post
title: "{title}"
date: 2021-12-0{day} 10:00:00 +0800
categories: {category}
tags: [markets, {tag}]
source_url: https://example.com/{day}
---
Body
"""


def test_init_infers_a_schema_and_vocabulary_that_the_posts_pass(site):
    root = site({f"_posts/2021-12-0{d}-x.md": POST.format(title=f"t{d}", day=d, category=c, tag=t)
                 for d, c, t in ((1, "emnews", "bonds"), (2, "emnews", "stocks"),
                                 (3, "kejiribao", "bonds"))})
    run = run_postlint("init", cwd=root)
    assert run.code == 0, run.err
    assert "from 3 posts (jekyll site)" in run.out and "exclude: [postlint.toml" in run.out
    config = (root / "postlint.toml").read_text(encoding="utf-8")
    assert 'authors = "people"   # the most posts of one day: 1' in config
    schema = yaml.safe_load((root / "schemas/post.yaml").read_text(encoding="utf-8"))
    assert schema["extends"] == "jekyll-post"
    assert schema["fields"]["source_url"] == {"type": "string", "required": True}
    assert schema["fields"]["categories"] == {"required": True}
    categories = (root / "vocab/categories.txt").read_text(encoding="utf-8").splitlines()
    assert [c for c in categories if not c.startswith("#")] == ["emnews", "kejiribao"]
    tags = (root / "vocab/tags.txt").read_text(encoding="utf-8").splitlines()
    assert [t for t in tags if not t.startswith("#")] == ["markets", "bonds", "stocks"]
    assert run_postlint(".", "--select", "PL1,PL3", cwd=root).code == 0
    # a new post with a misspelt category and no source_url is caught by what init wrote
    (root / "_posts/2021-12-04-x.md").write_text(
        POST.format(title="t4", day=4, category="emnew", tag="bonds").replace(
            "source_url: https://example.com/4\n", ""), encoding="utf-8")
    codes = {r["code"] for r in run_postlint(".", "--select", "PL1,PL3", "--format", "jsonl",
                                             cwd=root).records}
    assert codes == {"PL101", "PL301"}


def test_init_infers_a_script_from_many_posts_a_day(site):
    root = site({f"_posts/2021-12-0{d % 2 + 1}-n{d}.md":
                 POST.format(title=f"t{d}", day=2, category="emnews", tag="bonds")
                 for d in range(10)})
    assert run_postlint("init", cwd=root).code == 0
    config = (root / "postlint.toml").read_text(encoding="utf-8")
    assert 'authors = "script"   # the most posts of one day: 10 (2021-12-02)' in config


def test_init_never_overwrites_without_force(site):
    root = site({"_posts/2021-12-01-x.md": POST.format(title="t", day=1, category="a", tag="b"),
                 "postlint.toml": "[lint]\n"})
    run = run_postlint("init", cwd=root)
    assert run.code == 2 and "postlint.toml already exists" in run.err
    assert (root / "postlint.toml").read_text(encoding="utf-8") == "[lint]\n"
    assert run_postlint("init", "--force", cwd=root).code == 0


def test_init_without_posts_is_an_error(site):
    run = run_postlint("init", cwd=site({}))
    assert run.code == 2 and "no posts" in run.err
