"""`PostFacts`: what a report says about a post besides its findings, collected once per file.

Reports group findings by the post's day, its categories and tags, and where it comes from;
the engine takes these facts from the parsed post (nothing is read twice), keeps them in the
result cache with the file's findings, and hands them to the reporters, which know nothing
about front matter or generators.
"""
from __future__ import annotations

import os
import posixpath
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from postlint.post import Post


@dataclass(frozen=True, slots=True)
class PostFacts:
    #: the calendar day the generator publishes the post on (`YYYY-MM-DD`, in the site
    #: timezone), or None when the post has no readable date
    day: str | None
    categories: tuple[str, ...]
    tags: tuple[str, ...]
    #: the folder the post lives in, relative to the site root (`_posts`, `content/news`)
    source: str

    def to_json(self) -> list:
        return [self.day, list(self.categories), list(self.tags), self.source]

    @classmethod
    def from_json(cls, data: Any) -> "PostFacts":
        """The inverse of `to_json`; raises ValueError or TypeError for anything else."""
        day, categories, tags, source = data
        if not (day is None or isinstance(day, str)) or not isinstance(source, str):
            raise ValueError("malformed post facts")
        return cls(day, _terms(categories), _terms(tags), sys.intern(source))


def _terms(values: Any) -> tuple[str, ...]:
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ValueError("malformed post facts")
    return tuple(sys.intern(v) for v in values)


def post_facts(post: "Post") -> PostFacts:
    """The facts of a parsed post, read as its generator reads them (see `dates`, `vocabulary`)."""
    from postlint.dates import post_datetime
    from postlint.vocabulary import post_terms

    site = post.site
    try:
        when = post_datetime(post, site)
    except (ValueError, OverflowError):
        when = None
    categories: list[str] = []
    tags: list[str] = []
    for term in post_terms(post, site):
        found = categories if term.kind == "categories" else tags
        if term.text not in found:
            found.append(term.text)
    return PostFacts(when.date().isoformat() if when is not None else None,
                     tuple(sys.intern(c) for c in categories), tuple(sys.intern(t) for t in tags),
                     sys.intern(_folder(post)))


def _folder(post: "Post") -> str:
    """The post's folder relative to the site root, with `/` (strings: pathlib is slower)."""
    parent = os.path.dirname(str(post.path)) + os.sep
    root = str(post.site.root).rstrip(os.sep) + os.sep
    if parent.startswith(root):
        return parent[len(root):-1].replace(os.sep, "/") or "."
    return posixpath.dirname(post.relpath) or "."  # a file given from outside the site
