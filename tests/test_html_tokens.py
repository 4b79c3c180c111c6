"""The HTML tokenizer reads plain tags in one match (`_PLAIN_TAG`) and every other tag step by
step (`_tag`): both must give the same tokens, whatever the tag."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from postlint.html import tokens

ROOT = Path(__file__).resolve().parent.parent
TAGS = [
    '<p>', '</p>', '<br/>', '<br />', '<img src="a.png" alt="x">', "<a href='x' title=y>",
    '<a href=/x/>', '<a href = "x" >', '<input disabled>', '<a  b  c=d  e="f"  >',
    '<a href="x"class="y">', '<a href="{{ site.url }}/x">', '<a {% if x %}class="y"{% endif %}>',
    '<a href={{ x }}>', '<a b=c{d}>', '<a "x">', '<a =x>', "<a b='>'>", '<a b="\n">',
    '<span href="x" / >', '<a b=c/d>', '<x:y z="1">', '<a b=">', '<a\nhref="x"\n>',
    '<a b="c" / d>', '<a b= >', '<a b=c', '<a data-x="1" data-y>', '<A HREF="X">',
]


def _both(source: str) -> tuple[list, list]:
    fast = tokens.tokenize(source, lambda i: i)
    plain = tokens._PLAIN_TAG
    try:
        tokens._PLAIN_TAG = re.compile(r"(?!)")  # every tag through `_tag`
        slow = tokens.tokenize(source, lambda i: i)
    finally:
        tokens._PLAIN_TAG = plain
    return fast, slow


@pytest.mark.parametrize("tag", TAGS)
def test_plain_and_stepwise_reading_agree(tag):
    fast, slow = _both(f"text {tag} more text")
    assert fast == slow


def test_they_agree_on_the_bundled_examples():
    sources = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").rglob("*"))
               if p.suffix in (".md", ".html")]
    assert len(sources) > 20
    for source in sources:
        fast, slow = _both(source)
        assert fast == slow
