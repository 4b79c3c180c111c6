"""`postlint site`: the site model as postlint sees it, and `summary.site` in the JSON report."""
from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import run_postlint, write_tree

JEKYLL = {
    "_config.yml": "url: https://news.example.com\ntimezone: Asia/Shanghai\n",
    "_posts/2021-12-08-a.md": "---\ntitle: a\ndate: 2021-12-08 10:00:00 +0800\n---\nbody\n",
    "about.md": "---\ntitle: About\n---\n",
    "_includes/nav.html": "<nav></nav>\n",
    "style.css": "p {}\n",
}


def test_site_json_names_generator_evidence_and_counts(tmp_path: Path):
    write_tree(tmp_path, JEKYLL)
    model = json.loads(run_postlint("site", "--format", "json", cwd=tmp_path).out)
    assert model["generator"] == "jekyll"
    assert model["evidence"] == ["_config.yml"] and model["config_files"] == ["_config.yml"]
    assert model["url"] == "https://news.example.com" and model["timezone"] == "Asia/Shanghai"
    assert model["renderer"] == "kramdown"
    assert model["files"] == {"posts": 1, "pages": 1, "not content": 0, "published": 3}


def test_site_text_lists_each_fact_on_a_line(tmp_path: Path):
    write_tree(tmp_path, JEKYLL)
    out = run_postlint("site", cwd=tmp_path).out
    assert re.search(r"^generator +jekyll$", out, re.M)
    assert re.search(r"^files +posts 1, pages 1, not content 0, published 3$", out, re.M)


def test_a_folder_without_generator_is_plain(tmp_path: Path):
    write_tree(tmp_path, {"notes/a.md": "---\ntitle: a\n---\n"})
    model = json.loads(run_postlint("site", "--format", "json", cwd=tmp_path).out)
    assert model["generator"] == "plain" and model["evidence"] == []
    assert "urls" not in model  # no URL model: links are not resolved


def test_json_report_carries_the_site(tmp_path: Path):
    write_tree(tmp_path, JEKYLL)
    summary = run_postlint("--format", "json", "--no-cache", cwd=tmp_path).json["summary"]
    assert summary["site"] == {"generator": "jekyll", "root": ".", "url": "https://news.example.com"}


def test_no_module_outside_the_adapters_branches_on_a_generator_name():
    package = Path(__file__).resolve().parents[1] / "postlint"
    branch = re.compile(r"generator(\.name)? *(==|!=|in|not in) *[(\"'\[]|"
                        r"\.get\((ctx\.)?(post\.)?site\.generator(\.name)?[,)]")
    offenders = [f"{path.relative_to(package)}:{number}"
                 for path in package.rglob("*.py") if "generators" not in path.parts
                 for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if branch.search(line)]
    assert offenders == []
