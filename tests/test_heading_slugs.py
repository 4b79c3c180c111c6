"""Heading ids of Docusaurus and Astro (github-slugger) and MkDocs (Python-Markdown's toc).

The github-slugger cases are taken from its own test suite (Flet/github-slugger,
`test/fixtures.json`: one Slugger fed the inputs in order); the toc cases from
Python-Markdown's `markdown.extensions.toc` (`slugify`, `unique`), and compared with the
installed package when there is one.
"""
from __future__ import annotations

import pytest

from conftest import write_tree
from postlint.generators.mkdocs import toc_slugify, toc_unique
from postlint.links.anchors import heading_ids
from postlint.links.github_slugger import Slugger, slug
from postlint.post import Post
from postlint.site import load_site

#: github-slugger's test/fixtures.json, in order, through one Slugger
GITHUB_SLUGGER_FIXTURES = [
    ("alpha", "alpha"),
    ("alpha", "alpha-1"),
    ("bravoCharlieDelta", "bravocharliedelta"),
    ("__proto__", "__proto__"),
    ("__proto__", "__proto__-1"),
    ("hasOwnProperty", "hasownproperty"),
    ("echo", "echo"),
    ("echo", "echo-1"),
    ("echo 1", "echo-1-1"),
    ("echo-1", "echo-1-2"),
    ("echo", "echo-2"),
    ("foxtrot-1", "foxtrot-1"),
    ("foxtrot", "foxtrot"),
    ("foxtrot", "foxtrot-2"),
    ("heading with a - dash", "heading-with-a---dash"),
    ("heading with an _ underscore", "heading-with-an-_-underscore"),
    ("heading with a period.txt", "heading-with-a-periodtxt"),
    ("exchange.bind_headers(exchange, routing [, bindCallback])",
     "exchangebind_headersexchange-routing--bindcallback"),
    (" ", "-"),
    (" a", "-a"),
    ("a ", "a-"),
    (" a ", "-a-"),
    ("-a-", "-a--1"),
    ("apostrophe\u2019s should be trimmed", "apostrophes-should-be-trimmed"),
    ("golf", "golf"),
    ("golf", "golf-1"),
    ("golf", "golf-2"),
    ("I \u2665 unicode", "i--unicode"),
    ("dash-dash", "dash-dash"),
    ("en\u2013dash", "endash"),
    ("em\u2013dash", "emdash"),
    ("\U0001F604 unicode emoji", "-unicode-emoji"),
    ("\U0001F604-\U0001F604 unicode emoji", "--unicode-emoji"),
    ("\U0001F604_\U0001F604 unicode emoji", "_-unicode-emoji"),
    ("\U0001F604 - an emoji", "---an-emoji"),
    (":smile: - a gemoji", "smile---a-gemoji"),
    ("\u041f\u0440\u0438\u0432\u0435\u0442", "\u043f\u0440\u0438\u0432\u0435\u0442"),
    ("\u041f\u0440\u0438\u0432\u0435\u0442 non-latin \u4f60\u597d",
     "\u043f\u0440\u0438\u0432\u0435\u0442-non-latin-\u4f60\u597d"),
    (":ok: No underscore", "ok-no-underscore"),
    (":ok_hand: Single", "ok_hand-single"),
    (":ok_hand::hatched_chick: Two in a row with no spaces",
     "ok_handhatched_chick-two-in-a-row-with-no-spaces"),
    (":ok_hand: :hatched_chick: Two in a row", "ok_hand-hatched_chick-two-in-a-row"),
]
#: fixtures.json's General_Category cases (abridged; the expected slugs as github-slugger 1.5
#: and 2.0 give them): removed categories become nothing
CATEGORY_FIXTURES = [
    ("a) ] } \u0f3b \u300d \uff09b", "a-----b"),  # Close_Punctuation
    ("a_ \u203f \u2040 \uff3fb", "a_-\u203f-\u2040-\uff3fb"),  # Connector_Punctuation, kept
    ("a$ \u00a2 \u20acb", "a--b"),  # Currency_Symbol
    ("a- \u058a \u2010 \u2014b", "a----b"),  # Dash_Punctuation: only `-` stays
    ("a0 1 \u0661 \uff10b", "a0-1-\u0661-\uff10b"),  # Decimal_Number, kept
    ("a\u2160 \u2161b", "a\u2170-\u2171b"),  # Letter_Number: kept, lower-cased
    ("a\u00b2 \u00bd \u2460b", "a--b"),  # Other_Number
    ("a\u2028b", "ab"),  # Line_Separator
    ("\u24b6 \U0001F130b", "\u24d0-\U0001F130b"),  # Other_Alphabetic symbols are kept
]


def test_github_slugger_fixtures_in_order():
    slugger = Slugger()
    assert [slugger.slug(text) for text, _ in GITHUB_SLUGGER_FIXTURES] == \
        [expected for _, expected in GITHUB_SLUGGER_FIXTURES]


@pytest.mark.parametrize("text, expected", CATEGORY_FIXTURES)
def test_github_slugger_general_categories(text: str, expected: str):
    assert slug(text) == expected


#: (text, toc's slug): Python-Markdown's slugify (NFKD, ASCII only, `\w`, `-`, spaces)
TOC_CASES = [
    ("Some Header", "some-header"),
    ("Header with  multiple   spaces", "header-with-multiple-spaces"),
    ("Ünïcode & `code`", "unicode-code"),
    ("response_model_exclude_unset", "response_model_exclude_unset"),
    ("a -- b", "a-b"),
    ("\u4f60\u597d", ""),
    (" trailing ", "trailing"),
]


@pytest.mark.parametrize("text, expected", TOC_CASES)
def test_toc_slugify(text: str, expected: str):
    assert toc_slugify(text) == expected


def test_toc_slugify_agrees_with_python_markdown():
    toc = pytest.importorskip("markdown.extensions.toc", reason="Markdown is not installed")
    for text, _ in TOC_CASES + GITHUB_SLUGGER_FIXTURES:
        assert toc_slugify(text) == toc.slugify(text, "-"), text


def test_toc_unique_counts_with_underscores():
    used: set[str] = set()
    assert [toc_unique(s, used) for s in ("usage", "usage", "usage", "", "usage_1")] == \
        ["usage", "usage_1", "usage_2", "_1", "usage_3"]


MKDOCS_PAGE = """\
# Welcome

## Install { #install }

## Usage

## Usage

## Glued{#not-an-attr-list}
"""


def test_mkdocs_heading_ids_read_attr_list(tmp_path):
    write_tree(tmp_path, {"mkdocs.yml": "site_name: x\nmarkdown_extensions: [attr_list]\n",
                          "docs/index.md": MKDOCS_PAGE})
    site = load_site(tmp_path)
    path = tmp_path / "docs/index.md"
    post = Post.from_bytes(path, "docs/index.md", path.read_bytes(), site, False)
    # attr_list needs a space before `{`: the last heading's braces are text
    assert heading_ids(post) == ["welcome", "install", "usage", "usage_1", "gluednot-an-attr-list"]


def test_mkdocs_heading_ids_agree_with_python_markdown(tmp_path):
    markdown = pytest.importorskip("markdown", reason="Markdown is not installed")
    write_tree(tmp_path, {"mkdocs.yml": "site_name: x\nmarkdown_extensions: [attr_list]\n",
                          "docs/index.md": MKDOCS_PAGE})
    site = load_site(tmp_path)
    path = tmp_path / "docs/index.md"
    post = Post.from_bytes(path, "docs/index.md", path.read_bytes(), site, False)
    rendered = markdown.Markdown(extensions=["toc", "attr_list"]).convert(MKDOCS_PAGE)
    import re

    assert heading_ids(post) == re.findall(r'<h[1-6] id="([^"]+)"', rendered)
