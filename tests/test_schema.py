"""Schemas: presets shipped in the package, project files, JSON Schema in and out, pydantic models."""
from __future__ import annotations

import json
import subprocess
import sys
import zipfile

import jsonschema
import pytest
import yaml

from conftest import REPO, run_postlint
from postlint.dates import date_value_for_json
from postlint.schema import load_preset, preset_names

GOOD_POST = """---
layout: post
title: "离岸人民币兑美元升至2018年以来最高水平"
date: 2021-12-08 10:46:18 +0800
categories: emnews
tags: 东财滚动新闻
---
"""
BAD_POSTS = [
    "---\nlayout: post\ndate: 2021-12-08 10:46:18 +0800\ncategories: emnews\ntags: x\n---\n",  # no title
    GOOD_POST.replace("categories:", "catagories:"),  # unknown key
    GOOD_POST.replace('title: "离岸', 'title: ["离岸').replace('水平"', '水平"]'),  # title a list
    GOOD_POST.replace('title: "离岸人民币兑美元升至2018年以来最高水平"', 'title: ""'),  # empty
]


def front_matter(text: str) -> dict:
    """The front matter as an editor's YAML language server sees it (dates as strings)."""
    return date_value_for_json(yaml.safe_load(text.split("---\n")[1]))


def test_exported_json_schema_accepts_a_good_post_and_rejects_bad_ones(site):
    root = site({"postlint.toml": '[schema]\npreset = "news-post"\n'})
    run = run_postlint("schema", "--json-schema", cwd=root)
    assert run.code == 0, run.err
    schema = json.loads(run.out)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    assert list(validator.iter_errors(front_matter(GOOD_POST))) == []
    for bad in BAD_POSTS:
        assert list(validator.iter_errors(front_matter(bad))), bad
    # and postlint itself agrees on the good one
    root_post = root / "_posts/2021-12-08-202112082206672930.md"
    root_post.parent.mkdir(parents=True, exist_ok=True)
    root_post.write_text(GOOD_POST, encoding="utf-8")
    assert run_postlint(".", "--select", "PL1,PL2", cwd=root).code == 0


def test_schema_command_summarises_the_active_schema(site):
    run = run_postlint("schema", cwd=site({}))
    assert run.code == 0 and "schema jekyll-post" in run.out and "title" in run.out


def test_presets_load_and_follow_the_generator():
    assert {"jekyll-post", "news-post", "hugo-page"} <= set(preset_names())
    news = load_preset("news-post")
    assert {k for k, f in news.fields.items() if f.required} == {"layout", "title", "date",
                                                                 "categories", "tags"}
    assert news.fields["author"].type == "string" and not news.allow_unknown
    assert load_preset("hugo-page").fields["draft"].type == "bool"


def test_presets_are_in_the_wheel_and_found_without_the_source_tree(tmp_path):
    """`pip install .` (not editable) must ship schemas/*.yaml and find them."""
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(tmp_path / "dist"), str(REPO)], check=True,
                   capture_output=True)
    wheel = next((tmp_path / "dist").glob("postlint-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        assert {"postlint/schemas/jekyll-post.yaml", "postlint/schemas/news-post.yaml",
                "postlint/schemas/hugo-page.yaml"} <= set(names)
        archive.extractall(tmp_path / "installed")
    code = ("import postlint.schema as s, sys; assert 'installed' in s.__file__, s.__file__; "
            "print(sorted(s.load_preset('news-post').fields)[:3])")
    out = subprocess.run([sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, "
                          f"{str(tmp_path / 'installed')!r}); {code}"],
                         capture_output=True, text=True, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "author" in out.stdout


def test_a_json_schema_file_is_a_schema(site):
    root = site({
        "postlint.toml": '[schema]\nfile = "post.schema.json"\n',
        "post.schema.json": json.dumps({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object", "required": ["title"], "additionalProperties": False,
            "properties": {"title": {"type": "string", "maxLength": 5},
                           "date": {"type": "string", "format": "date-time"},
                           "tags": {"type": ["string", "array"]}}}),
        "_posts/2021-12-08-x.md": "---\ntitle: too long a title\ndate: 2021-12-08 10:00:00 +0800\n"
                                  "tags: a\nlayout: post\n---\n",
    })
    run = run_postlint(".", "--select", "PL1,PL2", "--format", "jsonl", cwd=root)
    assert [(r["code"], r["line"]) for r in run.records] == [("PL105", 2), ("PL104", 5)]


def test_a_pydantic_model_is_a_schema(site):
    root = site({
        "postlint.toml": '[schema]\nmodel = "mysite.schema:Post"\n',
        "mysite/__init__.py": "",
        "mysite/schema.py": (
            "import datetime\nfrom pydantic import BaseModel, ConfigDict, Field\n"
            "class Post(BaseModel):\n    model_config = ConfigDict(extra='forbid')\n"
            "    title: str = Field(min_length=1)\n    date: datetime.datetime | None = None\n"
            "    draft: bool = False\n"),
        "_posts/2021-12-08-x.md": "---\ntitle: 404\ndate: 2021-12-08 10:00:00 +0800\n"
                                  "draft: [1]\nextra: 1\n---\n",
    })
    run = run_postlint(".", "--select", "PL1,PL2", "--format", "jsonl", cwd=root)
    assert run.code == 1, run.err
    assert [(r["code"], r["line"]) for r in run.records] == [
        ("PL106", 2), ("PL103", 4), ("PL104", 5)]
    schema = json.loads(run_postlint("schema", "--json-schema", cwd=root).out)
    assert schema["additionalProperties"] is False and "title" in schema["required"]


@pytest.mark.parametrize("config, message", [
    ('[schema]\npreset = "news-pots"\n', "no preset `news-pots` (did you mean `news-post`?)"),
    ('[schema]\nfile = "missing.yaml"\n', "cannot read"),
    ('[schema]\nfile = "s.yaml"\n', "unknown type `strng` (did you mean `string`?)"),
    ('[schema]\nmodel = "nowhere:Post"\n', "[schema] model nowhere:Post"),
    ('[schema]\npreset = "jekyll-post"\nfile = "s.yaml"\n', "give one of preset, file or model"),
])
def test_schema_errors_are_configuration_errors(site, config, message):
    root = site({"postlint.toml": config, "s.yaml": "fields:\n  title: {type: strng}\n",
                 "_posts/2021-12-08-x.md": "---\ntitle: x\n---\n"})
    run = run_postlint(".", cwd=root)
    assert run.code == 2 and message in run.err, run.err


def test_runs_without_schema_rules_do_not_import_pydantic(site):
    root = site({"_posts/2021-12-08-x.md": "---\ntitle: x\ndate: 2021-12-08 10:00:00\n---\n"})
    code = ("import sys; from postlint.cli import main; "
            "main(['.', '--select', 'PL0,PL2', '--no-cache', '--jobs', '1', '-q']); "
            "assert 'pydantic' not in sys.modules, 'pydantic imported'")
    out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
